#pragma once
// Diffie-Hellman for IKEv1 groups through OpenSSL 3 EVP: MODP groups 1, 2 (RFC 2409 §6.1,
// 6.2), 5, 14 (RFC 3526) and ECP groups 19, 20 (RFC 5903). Public values and shared secrets
// always have the group's fixed length, left-padded with zeros: KE payload data and g^xy
// enter hashes byte-exact, so a stripped leading zero breaks authentication roughly once
// in 256 exchanges — the classic IKE interop bug.
#include <cstdint>
#include <memory>
#include <string>

#include "runtime/core/secret.h"
#include "runtime/ike/bytes.h"
#include "runtime/ike/result.h"

struct evp_pkey_st;

namespace havpnc::ike::crypto {

// Values are the Group Description attribute numbers (RFC 2409 App. A, IANA).
enum class DhGroup : std::uint16_t {
  Modp768 = 1,
  Modp1024 = 2,
  Modp1536 = 5,
  Modp2048 = 14,
  Ecp256 = 19,
  Ecp384 = 20,
};

bool is_supported(DhGroup g);
std::string to_string(DhGroup g);  // "group 2", "group 19" — as IOS prints them
// KE payload data length: the prime length for MODP, x|y for ECP (RFC 5903 §7).
std::size_t public_value_size(DhGroup g);
// g^xy length: the prime length for MODP, x only for ECP (RFC 5903 §7).
std::size_t shared_secret_size(DhGroup g);
// The MODP prime, big-endian at full length (empty for ECP groups): lets tests check the
// constants against the RFCs' defining formula.
Bytes modp_prime_bytes(DhGroup g);

class DiffieHellman {
 public:
  // Generates a fresh private key; nullopt only for an unsupported group.
  static std::unique_ptr<DiffieHellman> create(DhGroup group);
  ~DiffieHellman();
  DiffieHellman(const DiffieHellman&) = delete;
  DiffieHellman& operator=(const DiffieHellman&) = delete;

  DhGroup group() const { return group_; }
  const Bytes& public_value() const { return public_value_; }

  // Rejects a peer value of the wrong length, outside 1 < y < p-1, or off the curve
  // (RFC 5903 §7 / small-subgroup protection) with a reason for the log.
  Expected<Secret, std::string> compute_shared_secret(ByteView peer_public) const;

 private:
  DiffieHellman(DhGroup group, evp_pkey_st* key, Bytes public_value);
  DhGroup group_;
  evp_pkey_st* key_;
  Bytes public_value_;
};

}  // namespace havpnc::ike::crypto
