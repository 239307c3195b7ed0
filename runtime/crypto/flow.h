#pragma once
// The fields of an inner IPv4 packet that a crypto ACL line looks at (RFC 4301 §4.4.1.1
// selectors: addresses, next protocol, ports). Read from bytes that came from the TUN or out
// of a decrypted ESP packet, so every length is checked before it is used.
#include <cstdint>
#include <optional>
#include <span>

namespace havpnc::crypto {

inline constexpr std::uint8_t kProtocolTcp = 6;
inline constexpr std::uint8_t kProtocolUdp = 17;

struct Flow {
  std::uint32_t source = 0;       // host byte order
  std::uint32_t destination = 0;
  std::uint8_t protocol = 0;
  // Present only for TCP/UDP first fragments long enough to carry them: RFC 4301 §4.4.1.3
  // says non-initial fragments have no ports, and a port-specific selector cannot match them.
  std::optional<std::uint16_t> source_port;
  std::optional<std::uint16_t> destination_port;
  friend bool operator==(const Flow&, const Flow&) = default;
};

enum class FlowError : std::uint8_t {
  Truncated,        // < 20 bytes, or < IHL * 4
  NotIpv4,
  BadHeaderLength,  // IHL < 5
  BadTotalLength,   // Total Length below the header or beyond the bytes given
};

struct FlowResult {
  std::optional<Flow> flow;
  FlowError error = FlowError::Truncated;  // meaningful when !flow
};

FlowResult parse_flow(std::span<const std::uint8_t> packet);

}  // namespace havpnc::crypto
