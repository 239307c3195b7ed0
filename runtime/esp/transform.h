#pragma once
// The ESP transforms havpnc speaks, named like IOS transform sets. One value fixes every size
// the packet codec needs, so the hot path never branches on strings.
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace havpnc::esp {

enum class Transform : std::uint8_t {
  AesCbc128HmacSha1,    // esp-aes 128 esp-sha-hmac      (RFC 3602 + RFC 2404)
  AesCbc192HmacSha1,    // esp-aes 192 esp-sha-hmac
  AesCbc256HmacSha1,    // esp-aes 256 esp-sha-hmac
  AesCbc128HmacSha256,  // esp-aes 128 esp-sha256-hmac   (RFC 3602 + RFC 4868)
  AesCbc192HmacSha256,  // esp-aes 192 esp-sha256-hmac
  AesCbc256HmacSha256,  // esp-aes 256 esp-sha256-hmac
  AesGcm128,            // esp-gcm 128 (RFC 4106, 16-byte ICV)
  AesGcm256,            // esp-gcm 256
};

enum class Integrity : std::uint8_t { HmacSha1_96, HmacSha256_128, Gcm16 };

struct TransformInfo {
  std::string_view ios_name;
  std::size_t cipher_key_len;   // AES key bytes
  std::size_t salt_len;         // RFC 4106 §8.1: 4 salt bytes follow the GCM key in KEYMAT
  std::size_t integrity_key_len;
  std::size_t iv_len;           // explicit IV carried in every packet
  std::size_t block_len;        // padding granularity of the cipher (GCM is a stream: 1)
  std::size_t icv_len;
  Integrity integrity;
  bool aead;
};

// False for a value outside the enum (e.g. a corrupt plan cast to Transform).
bool is_known(Transform t);
// For an unknown value returns the first entry rather than reading out of bounds; SaParams
// validation rejects unknown transforms before info() matters.
const TransformInfo& info(Transform t);

// Every transform, for tests and benches that want to walk them all.
inline constexpr Transform kAllTransforms[] = {
    Transform::AesCbc128HmacSha1,   Transform::AesCbc192HmacSha1,
    Transform::AesCbc256HmacSha1,   Transform::AesCbc128HmacSha256,
    Transform::AesCbc192HmacSha256, Transform::AesCbc256HmacSha256,
    Transform::AesGcm128,           Transform::AesGcm256,
};

}  // namespace havpnc::esp
