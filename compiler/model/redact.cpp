#include "compiler/model/redact.h"

#include <array>
#include <cctype>
#include <vector>

namespace havpnc::model {

namespace {

// Keywords whose next word (after an optional one-digit encryption type) is a secret.
constexpr std::array<std::string_view, 14> kSecretKeywords = {
    "password", "secret", "key", "key-string", "community", "pre-shared-key", "authentication",
    "ascii", "hex", "md5", "psk", "wpa-psk", "passphrase", "cookie",
};

bool is_secret_keyword(std::string_view word) {
  std::string lower(word);
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (auto k : kSecretKeywords) {
    if (lower == k) return true;
  }
  return false;
}

// Words that follow a secret keyword without being the secret.
bool is_qualifier(std::string_view word) {
  return word == "0" || word == "5" || word == "6" || word == "7" || word == "8" || word == "9" ||
         word == "md5" || word == "text" || word == "key-string" || word == "key-chain" ||
         word == "encryption" || word == "ascii" || word == "hex";
}

}  // namespace

std::string redact_secrets(std::string_view line) {
  struct Word {
    std::size_t begin, end;
  };
  std::vector<Word> words;
  for (std::size_t i = 0; i < line.size();) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    std::size_t b = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    if (i > b) words.push_back({b, i});
  }
  std::vector<bool> secret(words.size(), false);
  for (std::size_t w = 0; w < words.size(); ++w) {
    if (!is_secret_keyword(line.substr(words[w].begin, words[w].end - words[w].begin))) continue;
    std::size_t next = w + 1;
    while (next < words.size() &&
           is_qualifier(line.substr(words[next].begin, words[next].end - words[next].begin))) {
      ++next;
    }
    if (next < words.size()) secret[next] = true;
  }
  std::string out;
  std::size_t copied = 0;
  for (std::size_t w = 0; w < words.size(); ++w) {
    if (!secret[w]) continue;
    out.append(line.substr(copied, words[w].begin - copied));
    out.append("<redacted>");
    copied = words[w].end;
  }
  out.append(line.substr(copied));
  return out;
}

}  // namespace havpnc::model
