#include "runtime/log/secret_filter.h"

#include <algorithm>
#include <cctype>

namespace havpnc::log {

namespace {

bool word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

bool occurs(std::string_view text, std::string_view needle, bool whole_word) {
  for (std::size_t pos = text.find(needle); pos != std::string_view::npos;
       pos = text.find(needle, pos + 1)) {
    if (!whole_word) return true;
    const bool left_ok = pos == 0 || !word_char(text[pos - 1]);
    const std::size_t end = pos + needle.size();
    const bool right_ok = end == text.size() || !word_char(text[end]);
    if (left_ok && right_ok) return true;
  }
  return false;
}

}  // namespace

void SecretFilter::add(const Secret& secret) {
  if (secret.empty()) return;
  if (std::find(secrets_.begin(), secrets_.end(), secret) != secrets_.end()) return;
  secrets_.push_back(secret);
}

bool SecretFilter::contains_secret(std::string_view text) const {
  for (const Secret& secret : secrets_) {
    const auto bytes = secret.bytes();
    const std::string_view needle(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    if (occurs(text, needle, needle.size() < kMinSubstringLength)) return true;
  }
  return false;
}

}  // namespace havpnc::log
