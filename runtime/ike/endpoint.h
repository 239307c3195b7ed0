#pragma once
// An IPv4 UDP endpoint as IKE sees it: NAT-D hashes cover address and port (RFC 3947 §3.2).
#include <cstdint>
#include <string>

#include "runtime/ike/payloads.h"

namespace havpnc::ike {

inline constexpr std::uint16_t kIkePort = 500;
inline constexpr std::uint16_t kNatTraversalPort = 4500;

struct Endpoint {
  Ipv4 address{};
  std::uint16_t port = kIkePort;
  friend bool operator==(const Endpoint&, const Endpoint&) = default;
};

// "6.6.156.100" (no port: IOS prints peers by address).
std::string to_string(const Ipv4& a);

}  // namespace havpnc::ike
