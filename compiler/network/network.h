#pragma once
// The devices given together, and what they are to each other: HA pairs (two routers sharing
// an HSRP virtual IP, confirmed by mirrored ipc zone associations) and tunnel peers (a crypto
// map `set peer X` where X is another device's interface address or HSRP virtual IP).
// Relations are discovered from an address index, never guessed, and carry their evidence
// so a finding can say why two devices were related.
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "compiler/model/device.h"

namespace havpnc::network {

// Who answers for an address: an interface address or an HSRP virtual IP of one device.
struct AddressOwner {
  const model::Device* device = nullptr;
  const model::Interface* interface = nullptr;
  const model::HsrpGroup* group = nullptr;  // set when the address is the group's virtual IP
  model::SourceRange range;                 // the `ip address` or `standby N ip` line
};

// One side of an HA pair.
struct HaMember {
  const model::Device* device = nullptr;
  const model::Interface* interface = nullptr;
  const model::HsrpGroup* group = nullptr;
  const model::SctpAssociation* association = nullptr;  // its ipc zone association, if any
};

struct HaPair {
  HaMember first;   // ordered by display name, so output is deterministic
  HaMember second;
  model::Ipv4 virtual_ip;
  bool ipc_mirrored = false;           // each side's local-ip/port is the other's remote-ip/port
  std::vector<std::string> evidence;   // "both run standby 2 ip 6.6.156.100 on GigabitEthernet0/1"
};

struct TunnelPeer {
  const model::Device* local = nullptr;
  const model::CryptoMap* map = nullptr;
  const model::CryptoMapEntry* entry = nullptr;
  model::Located<model::Ipv4> peer;    // the `set peer` value
  AddressOwner remote;                 // who owns that address
  std::vector<std::string> evidence;
};

class Network {
 public:
  Network(std::vector<model::Device> devices, model::SourceFiles files);
  Network(const Network&) = delete;
  Network& operator=(const Network&) = delete;

  const std::vector<model::Device>& devices() const { return devices_; }
  const model::SourceFiles& files() const { return files_; }
  const std::vector<HaPair>& ha_pairs() const { return ha_pairs_; }
  const std::vector<TunnelPeer>& tunnel_peers() const { return tunnel_peers_; }

  // Every owner of an address (more than one means a conflict, or an HA pair's shared VIP).
  std::vector<AddressOwner> owners_of(model::Ipv4 address) const;
  // The pairs a device belongs to, and the tunnels that start at or end on it.
  std::vector<const HaPair*> pairs_of(const model::Device& device) const;
  std::vector<const TunnelPeer*> tunnels_from(const model::Device& device) const;
  std::vector<const TunnelPeer*> tunnels_to(const model::Device& device) const;

 private:
  void index_addresses();
  void discover_ha_pairs();
  void discover_tunnel_peers();
  void index_relations();

  std::vector<model::Device> devices_;
  model::SourceFiles files_;
  std::vector<std::pair<model::Ipv4, AddressOwner>> address_index_;  // sorted by address
  std::vector<HaPair> ha_pairs_;
  std::vector<TunnelPeer> tunnel_peers_;
  // Per-device positions in ha_pairs_ / tunnel_peers_, so the per-device queries rules make
  // for every device stay linear in the network size overall.
  std::unordered_map<const model::Device*, std::vector<std::size_t>> pairs_by_device_;
  std::unordered_map<const model::Device*, std::vector<std::size_t>> tunnels_by_local_;
  std::unordered_map<const model::Device*, std::vector<std::size_t>> tunnels_by_remote_;
};

}  // namespace havpnc::network
