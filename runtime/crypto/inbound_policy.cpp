#include "runtime/crypto/inbound_policy.h"

namespace havpnc::crypto {

namespace {

bool in_subnet(const ike::Ipv4Subnet& subnet, std::uint32_t address) {
  const std::uint32_t mask = host_order(subnet.mask);
  return (address & mask) == (host_order(subnet.address) & mask);
}

bool port_ok(std::uint16_t wanted, const std::optional<std::uint16_t>& port) {
  return wanted == 0 || (port && *port == wanted);
}

}  // namespace

std::uint32_t host_order(const ike::Ipv4& a) {
  return (std::uint32_t{a[0]} << 24) | (std::uint32_t{a[1]} << 16) | (std::uint32_t{a[2]} << 8) |
         std::uint32_t{a[3]};
}

bool inbound_allowed(const ike::TrafficSelector& s, const Flow& f) {
  if (s.protocol != 0 && s.protocol != f.protocol) return false;
  if (!in_subnet(s.remote, f.source) || !in_subnet(s.local, f.destination)) return false;
  return port_ok(s.remote_port, f.source_port) && port_ok(s.local_port, f.destination_port);
}

}  // namespace havpnc::crypto
