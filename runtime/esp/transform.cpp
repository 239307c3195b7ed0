#include "runtime/esp/transform.h"

#include <iterator>

namespace havpnc::esp {

namespace {

// RFC 3602 §2.4/§3: 16-byte AES block and a 16-byte explicit IV. RFC 2404 §2: HMAC-SHA1 key is
// 20 bytes, ICV the first 96 bits. RFC 4868 §2.1.1/§2.3: HMAC-SHA-256-128 key 32 bytes, ICV
// 128 bits. RFC 4106 §3.1/§6: 8-byte explicit IV, 16-byte ICV ("-16"), 4-byte salt.
constexpr TransformInfo kInfo[] = {
    {"esp-aes esp-sha-hmac", 16, 0, 20, 16, 16, 12, Integrity::HmacSha1_96, false},
    {"esp-aes 192 esp-sha-hmac", 24, 0, 20, 16, 16, 12, Integrity::HmacSha1_96, false},
    {"esp-aes 256 esp-sha-hmac", 32, 0, 20, 16, 16, 12, Integrity::HmacSha1_96, false},
    {"esp-aes esp-sha256-hmac", 16, 0, 32, 16, 16, 16, Integrity::HmacSha256_128, false},
    {"esp-aes 192 esp-sha256-hmac", 24, 0, 32, 16, 16, 16, Integrity::HmacSha256_128, false},
    {"esp-aes 256 esp-sha256-hmac", 32, 0, 32, 16, 16, 16, Integrity::HmacSha256_128, false},
    {"esp-gcm", 16, 4, 0, 8, 1, 16, Integrity::Gcm16, true},
    {"esp-gcm 256", 32, 4, 0, 8, 1, 16, Integrity::Gcm16, true},
};

}  // namespace

bool is_known(Transform t) { return static_cast<std::size_t>(t) < std::size(kInfo); }

const TransformInfo& info(Transform t) { return kInfo[is_known(t) ? static_cast<std::size_t>(t) : 0]; }

}  // namespace havpnc::esp
