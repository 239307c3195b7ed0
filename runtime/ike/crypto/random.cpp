#include "runtime/ike/crypto/random.h"

#include <openssl/rand.h>

#include <stdexcept>

namespace havpnc::ike::crypto {

void SystemRandom::fill(std::span<std::uint8_t> out) {
  if (out.empty()) return;
  // A CSPRNG that cannot produce bytes must not silently yield predictable cookies/nonces.
  if (RAND_bytes(out.data(), static_cast<int>(out.size())) != 1)
    throw std::runtime_error("RAND_bytes failed");
}

}  // namespace havpnc::ike::crypto
