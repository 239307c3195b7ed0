// The SHA_CTX / SHA256_CTX interface is deprecated in OpenSSL 3.0 but still shipped and
// supported; it is the only way in 3.0 to copy a keyed hash state without an allocation.
// Kept to this one file; the KATs in tests/esp compare its output with `openssl dgst -mac HMAC`.
#define OPENSSL_SUPPRESS_DEPRECATED
#include "runtime/esp/hmac_precomputed.h"

#include <openssl/crypto.h>

#include <algorithm>
#include <array>

namespace havpnc::esp {

namespace {
constexpr std::size_t kBlock = 64;  // SHA-1 and SHA-256 block size (RFC 2104 "B")
}  // namespace

HmacPrecomputed::HmacPrecomputed(Hash h, std::span<const std::uint8_t> key) : hash_(h) {
  std::array<std::uint8_t, kBlock> k{};
  // RFC 2104 §2: keys longer than B are hashed first (ESP keys never are, but be correct).
  if (key.size() > kBlock) {
    if (h == Hash::Sha1) SHA1(key.data(), key.size(), k.data());
    else SHA256(key.data(), key.size(), k.data());
  } else {
    std::copy(key.begin(), key.end(), k.begin());
  }
  std::array<std::uint8_t, kBlock> ipad{};
  std::array<std::uint8_t, kBlock> opad{};
  for (std::size_t i = 0; i < kBlock; ++i) {
    ipad[i] = static_cast<std::uint8_t>(k[i] ^ 0x36);
    opad[i] = static_cast<std::uint8_t>(k[i] ^ 0x5c);
  }
  if (h == Hash::Sha1) {
    SHA1_Init(&sha1_inner_);
    SHA1_Update(&sha1_inner_, ipad.data(), kBlock);
    SHA1_Init(&sha1_outer_);
    SHA1_Update(&sha1_outer_, opad.data(), kBlock);
  } else {
    SHA256_Init(&sha256_inner_);
    SHA256_Update(&sha256_inner_, ipad.data(), kBlock);
    SHA256_Init(&sha256_outer_);
    SHA256_Update(&sha256_outer_, opad.data(), kBlock);
  }
  OPENSSL_cleanse(k.data(), k.size());
  OPENSSL_cleanse(ipad.data(), ipad.size());
  OPENSSL_cleanse(opad.data(), opad.size());
}

HmacPrecomputed::~HmacPrecomputed() {
  // The pad states are as good as the key: wipe them.
  OPENSSL_cleanse(&sha1_inner_, sizeof sha1_inner_);
  OPENSSL_cleanse(&sha1_outer_, sizeof sha1_outer_);
  OPENSSL_cleanse(&sha256_inner_, sizeof sha256_inner_);
  OPENSSL_cleanse(&sha256_outer_, sizeof sha256_outer_);
}

std::size_t HmacPrecomputed::compute(std::span<const std::uint8_t> data, std::uint8_t* out) const {
  if (hash_ == Hash::Sha1) {
    SHA_CTX c = sha1_inner_;
    std::uint8_t inner[SHA_DIGEST_LENGTH];
    SHA1_Update(&c, data.data(), data.size());
    SHA1_Final(inner, &c);
    c = sha1_outer_;
    SHA1_Update(&c, inner, sizeof inner);
    SHA1_Final(out, &c);
    OPENSSL_cleanse(&c, sizeof c);
    return SHA_DIGEST_LENGTH;
  }
  SHA256_CTX c = sha256_inner_;
  std::uint8_t inner[SHA256_DIGEST_LENGTH];
  SHA256_Update(&c, data.data(), data.size());
  SHA256_Final(inner, &c);
  c = sha256_outer_;
  SHA256_Update(&c, inner, sizeof inner);
  SHA256_Final(out, &c);
  OPENSSL_cleanse(&c, sizeof c);
  return SHA256_DIGEST_LENGTH;
}

}  // namespace havpnc::esp
