#pragma once
// Generated IOS configs for the lint benchmark: networks of three routers (an HA pair
// sharing an HSRP virtual IP with mirrored ipc zone associations, and a remote peer whose
// crypto map points at the VIP), padded to a target size with what real edge routers carry:
// many VLAN subinterfaces with their own addresses, and long extended ACLs with varied hosts,
// networks and ports. Addresses differ per network, so the address index sees real spread.
#include <cstddef>
#include <string>

namespace havpnc::bench {

// Device `index` (0-based): index % 3 == 0 and 1 are the HA pair of network index / 3, 2 its peer.
std::string generate_device(std::size_t index, std::size_t target_bytes);

}  // namespace havpnc::bench
