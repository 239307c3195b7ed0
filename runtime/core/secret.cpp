#include "runtime/core/secret.h"

#include <openssl/crypto.h>

namespace havpnc {

Secret::Secret(std::span<const std::uint8_t> bytes) : bytes_(bytes.begin(), bytes.end()) {}

Secret::Secret(std::string_view text) : bytes_(text.begin(), text.end()) {}

Secret::Secret(const Secret& other) : bytes_(other.bytes_) {}

Secret& Secret::operator=(const Secret& other) {
  if (this != &other) {
    wipe();
    bytes_ = other.bytes_;
  }
  return *this;
}

Secret::Secret(Secret&& other) noexcept : bytes_(std::move(other.bytes_)) { other.bytes_.clear(); }

Secret& Secret::operator=(Secret&& other) noexcept {
  if (this != &other) {
    wipe();
    bytes_ = std::move(other.bytes_);
    other.bytes_.clear();
  }
  return *this;
}

Secret::~Secret() { wipe(); }

void Secret::wipe() {
  if (!bytes_.empty()) OPENSSL_cleanse(bytes_.data(), bytes_.size());
  bytes_.clear();
}

bool operator==(const Secret& a, const Secret& b) {
  if (a.bytes_.size() != b.bytes_.size()) return false;
  return CRYPTO_memcmp(a.bytes_.data(), b.bytes_.data(), a.bytes_.size()) == 0;
}

}  // namespace havpnc
