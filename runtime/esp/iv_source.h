#pragma once
// Where CBC IVs come from. RFC 3602 §3: the IV must be unpredictable to an attacker, so the
// production source is OpenSSL's DRBG; tests inject a fixed source to get byte-exact packets.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace havpnc::esp {

class IvSource {
 public:
  virtual ~IvSource() = default;
  // Fills `iv` completely; false when no randomness is available (the packet is not sent).
  virtual bool fill(std::span<std::uint8_t> iv) = 0;
};

// RAND_bytes, drawn 4 KiB at a time: one DRBG call per ~256 packets instead of one per packet
// keeps the generator's locking and reseed checks off the per-packet cost.
class OpenSslIvSource final : public IvSource {
 public:
  OpenSslIvSource() = default;
  OpenSslIvSource(const OpenSslIvSource&) = delete;
  OpenSslIvSource& operator=(const OpenSslIvSource&) = delete;
  ~OpenSslIvSource() override;

  bool fill(std::span<std::uint8_t> iv) override;

 private:
  std::array<std::uint8_t, 4096> pool_{};
  std::size_t used_ = 4096;  // empty until the first fill
};

}  // namespace havpnc::esp
