#pragma once
// Tunnels seen from both ends. The network records each `set peer` that lands on another
// device; a tunnel rule wants the two ends together (this side's crypto map entry and the
// entry on the other router that points back), once per pair of routers.
#include <optional>
#include <vector>

#include "compiler/model/device.h"
#include "compiler/network/network.h"

namespace havpnc::lint::rules {

struct TunnelLink {
  const model::Device* local = nullptr;
  const model::CryptoMap* map = nullptr;
  const model::CryptoMapEntry* entry = nullptr;
  model::Located<model::Ipv4> peer;   // the `set peer` line
  const model::Device* remote = nullptr;
};

struct TunnelEnds {
  TunnelLink there;                // first in the network's order
  std::optional<TunnelLink> back;  // the remote's entry pointing at `there.local`, if any
};

// Every directed link: a `set peer` address owned (as interface address or VIP) by another
// device. An address shared by an HA pair yields one link to each member.
std::vector<TunnelLink> tunnel_links(const network::Network& net);

// One TunnelEnds per unordered pair of devices joined by a link.
std::vector<TunnelEnds> tunnel_ends(const network::Network& net);

// The interface a crypto map is applied to on its device, or nullptr.
const model::Interface* interface_of(const model::Device& device, const model::CryptoMap& map);

}  // namespace havpnc::lint::rules
