#pragma once
// Where cookies, nonces, SPIs and DPD sequence numbers come from. Tasks take a reference so
// tests can make an exchange reproducible (seed files, golden bytes); the engine passes
// SystemRandom. Diffie-Hellman private keys always come from OpenSSL's own DRBG.
#include <cstdint>
#include <span>

#include "runtime/ike/bytes.h"

namespace havpnc::ike::crypto {

class RandomSource {
 public:
  virtual ~RandomSource() = default;
  virtual void fill(std::span<std::uint8_t> out) = 0;
  Bytes bytes(std::size_t n) {
    Bytes b(n);
    fill(b);
    return b;
  }
};

// OpenSSL RAND_bytes (the CSPRNG).
class SystemRandom final : public RandomSource {
 public:
  void fill(std::span<std::uint8_t> out) override;
};

}  // namespace havpnc::ike::crypto
