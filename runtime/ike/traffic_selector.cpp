#include "runtime/ike/traffic_selector.h"

#include "runtime/ike/endpoint.h"

namespace havpnc::ike {

namespace {

std::uint32_t u32(const Ipv4& a) {
  return (std::uint32_t{a[0]} << 24) | (std::uint32_t{a[1]} << 16) | (std::uint32_t{a[2]} << 8) |
         a[3];
}

bool contiguous(std::uint32_t mask) {
  std::uint32_t inverted = ~mask;
  return (inverted & (inverted + 1)) == 0;  // 0...01...1
}

}  // namespace

IdPayload to_id(const Ipv4Subnet& subnet, std::uint8_t protocol, std::uint16_t port) {
  if (u32(subnet.mask) == 0xffffffffu) return IdPayload::ipv4(subnet.address, protocol, port);
  return IdPayload::ipv4_subnet(subnet.address, subnet.mask, protocol, port);
}

std::optional<ProxyIdentity> from_id(const IdPayload& id) {
  ProxyIdentity p;
  p.protocol = id.protocol;
  p.port = id.port;
  if (id.id_type == static_cast<std::uint8_t>(IdType::Ipv4Addr) && id.data.size() == 4) {
    std::copy(id.data.begin(), id.data.end(), p.subnet.address.begin());
    return p;
  }
  if (id.id_type == static_cast<std::uint8_t>(IdType::Ipv4AddrSubnet) && id.data.size() == 8) {
    std::copy(id.data.begin(), id.data.begin() + 4, p.subnet.address.begin());
    std::copy(id.data.begin() + 4, id.data.end(), p.subnet.mask.begin());
    std::uint32_t mask = u32(p.subnet.mask);
    if (!contiguous(mask) || (u32(p.subnet.address) & ~mask) != 0) return std::nullopt;
    return p;
  }
  return std::nullopt;
}

bool contains(const ProxyIdentity& outer, const ProxyIdentity& inner) {
  std::uint32_t om = u32(outer.subnet.mask), im = u32(inner.subnet.mask);
  // inner's mask must be at least as long, and inner's network must fall in outer's.
  if ((om & im) != om) return false;
  if ((u32(inner.subnet.address) & om) != (u32(outer.subnet.address) & om)) return false;
  if (outer.protocol != 0 && outer.protocol != inner.protocol) return false;
  if (outer.port != 0 && outer.port != inner.port) return false;
  return true;
}

std::string to_string(const ProxyIdentity& p) {
  return to_string(p.subnet.address) + "/" + to_string(p.subnet.mask) + "/" +
         std::to_string(p.protocol) + "/" + std::to_string(p.port);
}

std::string to_string(const TrafficSelector& s) {
  return to_string(ProxyIdentity{s.local, s.protocol, s.local_port}) + " <-> " +
         to_string(ProxyIdentity{s.remote, s.protocol, s.remote_port});
}

}  // namespace havpnc::ike
