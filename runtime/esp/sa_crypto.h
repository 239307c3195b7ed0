#pragma once
// The OpenSSL half of one SA: the cipher context and the HMAC pad states are keyed once at
// install and reused for every packet (no key schedule, pad hashing or allocation per packet).
// Packet layout it works on (RFC 4303 §2):  SPI(4) | Seq(4) | IV | ciphertext | ICV
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include "runtime/esp/hmac_precomputed.h"
#include "runtime/esp/transform.h"

typedef struct evp_cipher_ctx_st EVP_CIPHER_CTX;

namespace havpnc::esp {

inline constexpr std::size_t kEspHeaderLen = 8;  // SPI + 32-bit sequence number

enum class OpenStatus : std::uint8_t { Ok, IcvMismatch, CryptoFailure };

class SaCrypto {
 public:
  // cipher_key: AES key, followed by the 4-byte salt for GCM (RFC 4106 §8.1 KEYMAT order).
  // Returns nullptr when lengths do not fit the transform or OpenSSL refuses the keys.
  static std::unique_ptr<SaCrypto> create(Transform t, std::span<const std::uint8_t> cipher_key,
                                          std::span<const std::uint8_t> integrity_key, bool encrypt);
  SaCrypto(const SaCrypto&) = delete;
  SaCrypto& operator=(const SaCrypto&) = delete;
  ~SaCrypto();

  // `packet` is the whole ESP packet buffer: header and IV already written, room for
  // inner.size() + trailer.size() ciphertext bytes and the ICV. Encrypts inner|trailer in
  // one pass (no copy of the inner packet) and appends the ICV.
  bool seal(std::span<std::uint8_t> packet, std::span<const std::uint8_t> inner,
            std::span<const std::uint8_t> trailer);

  // Verifies and decrypts `packet` into `plain` (size >= ciphertext length). For CBC the ICV
  // is checked first in constant time (RFC 4303 §3.4.4, encrypt-then-MAC) and nothing is
  // decrypted on mismatch; for GCM the tag check is part of the decryption and `plain` is
  // wiped on mismatch, so unauthenticated plaintext never leaves this function.
  OpenStatus open(std::span<const std::uint8_t> packet, std::span<std::uint8_t> plain);

  const TransformInfo& transform() const { return *info_; }

 private:
  SaCrypto() = default;
  bool mac(std::span<const std::uint8_t> data, std::uint8_t* full_out);
  bool gcm_nonce(std::span<const std::uint8_t> packet, std::uint8_t* nonce) const;

  const TransformInfo* info_ = nullptr;
  EVP_CIPHER_CTX* cipher_ = nullptr;
  std::unique_ptr<HmacPrecomputed> mac_;  // CBC transforms only
  std::uint8_t salt_[4] = {};
  bool encrypt_ = false;
};

}  // namespace havpnc::esp
