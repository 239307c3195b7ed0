#pragma once
// Where decrypted inner packets go. The component stays sans-IO: `havpnc run` writes them to
// the TUN device (tun_edge), tests collect them.
#include <cstdint>
#include <span>

namespace havpnc::crypto {

class PacketSink {
 public:
  virtual ~PacketSink() = default;
  // The packet passed every check (SPI, anti-replay, ICV, inner policy). The sink must not
  // keep the span beyond the call.
  virtual void write(std::span<const std::uint8_t> packet) = 0;
};

}  // namespace havpnc::crypto
