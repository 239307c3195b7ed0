#pragma once
// Quick mode proxy identities (RFC 2409 §5.5, RFC 2407 §4.6.2): one crypto ACL line
// (`permit ip 6.6.2.0 0.0.0.255 6.6.146.0 0.0.0.255`) seen from this router, turned into the
// IDci/IDcr pair and back. IOS sends ID_IPV4_ADDR_SUBNET for a network and ID_IPV4_ADDR for a
// host; strongSwan does the same. Other ID types are refused with INVALID-ID-INFORMATION.
#include <cstdint>
#include <optional>
#include <string>

#include "runtime/ike/payloads.h"

namespace havpnc::ike {

struct Ipv4Subnet {
  Ipv4 address{};
  Ipv4 mask{255, 255, 255, 255};
  friend bool operator==(const Ipv4Subnet&, const Ipv4Subnet&) = default;
};

// One ACL entry: `local` is the source of outbound traffic, `remote` its destination.
struct TrafficSelector {
  Ipv4Subnet local;
  Ipv4Subnet remote;
  std::uint8_t protocol = 0;  // 0 = any IP protocol (`permit ip`)
  std::uint16_t local_port = 0;   // 0 = any
  std::uint16_t remote_port = 0;
  friend bool operator==(const TrafficSelector&, const TrafficSelector&) = default;

  // The selector the peer's ACL must hold: sides swapped (IOS "mirrored ACL").
  TrafficSelector mirrored() const { return {remote, local, protocol, remote_port, local_port}; }
};

// A /32 becomes ID_IPV4_ADDR, anything else ID_IPV4_ADDR_SUBNET (as IOS sends them).
IdPayload to_id(const Ipv4Subnet& subnet, std::uint8_t protocol, std::uint16_t port);

struct ProxyIdentity {
  Ipv4Subnet subnet;
  std::uint8_t protocol = 0;
  std::uint16_t port = 0;
};
// nullopt for types other than IPV4_ADDR / IPV4_ADDR_SUBNET, a non-contiguous mask, or an
// address with host bits set outside the mask (RFC 2407 §4.6.2.5 asks for a network).
std::optional<ProxyIdentity> from_id(const IdPayload& id);

// True when `inner` lies inside `outer` (address range, protocol, port; 0 in outer = any).
bool contains(const ProxyIdentity& outer, const ProxyIdentity& inner);

// "6.6.2.0/255.255.255.0/0/0" — the form IOS prints proxies in (`src_proxy=`).
std::string to_string(const ProxyIdentity& p);
std::string to_string(const TrafficSelector& s);

}  // namespace havpnc::ike
