#pragma once
// HMAC-SHA1 / HMAC-SHA-256 (RFC 2104) with the keyed inner and outer hash states computed
// once per SA. Per packet it copies two plain structs and hashes: no heap allocation.
// Why not EVP_MAC: in OpenSSL 3.0, re-initialising an HMAC context copies digest contexts
// through the provider (dupctx), two mallocs per packet — measured by bench_esp.
#include <cstddef>
#include <cstdint>
#include <span>

#include <openssl/sha.h>

namespace havpnc::esp {

class HmacPrecomputed {
 public:
  enum class Hash : std::uint8_t { Sha1, Sha256 };
  static constexpr std::size_t kMaxDigestLen = 32;

  HmacPrecomputed(Hash h, std::span<const std::uint8_t> key);
  HmacPrecomputed(const HmacPrecomputed&) = delete;
  HmacPrecomputed& operator=(const HmacPrecomputed&) = delete;
  ~HmacPrecomputed();

  // Full-length MAC of `data` into out (20 or 32 bytes); returns its length.
  std::size_t compute(std::span<const std::uint8_t> data, std::uint8_t* out) const;

 private:
  Hash hash_;
  // Hash states after absorbing (key ^ ipad) and (key ^ opad): RFC 2104 §4's precomputation.
  SHA_CTX sha1_inner_{}, sha1_outer_{};
  SHA256_CTX sha256_inner_{}, sha256_outer_{};
};

}  // namespace havpnc::esp
