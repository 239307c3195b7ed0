#pragma once
// What several rules need to know about a device's stateful-failover setup, in one place so
// every rule answers "is this router stateful HA?" and "which HSRP group protects this crypto
// map?" the same way.
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/model/device.h"
#include "compiler/network/network.h"
#include "lint/finding.h"
#include "lint/rule.h"

namespace havpnc::lint::rules {

// A crypto map applied with `crypto map NAME redundancy GROUP stateful`: IOS replicates the
// SAs of this map over SSO to the standby router.
struct StatefulMap {
  const model::Interface* interface = nullptr;
  const model::InterfaceCryptoMap* applied = nullptr;
  const model::CryptoMap* map = nullptr;  // nullptr when the map is not defined (ref-undefined)

  const std::string& group_name() const { return applied->redundancy_group->value; }
};

std::vector<StatefulMap> stateful_maps(const model::Device& device);

// A router that takes part in stateful IPsec failover: a stateful crypto map or
// `redundancy inter-device`.
bool is_stateful_ha(const model::Device& device);

// An HSRP group found by its `standby N name NAME`.
struct GroupOn {
  const model::Interface* interface = nullptr;
  const model::HsrpGroup* group = nullptr;
  explicit operator bool() const { return group != nullptr; }
};
GroupOn group_named(const model::Interface& interface, std::string_view name);
GroupOn group_named(const model::Device& device, std::string_view name);

// The HSRP group that owns a stateful map's virtual IP, when it is where IOS expects it.
GroupOn redundancy_group(const StatefulMap& stateful);

// Interfaces whose line protocol going down brings the track object down. An AND list goes
// down when any member does (union); an OR list only when every member does (intersection).
std::set<std::string> interfaces_tracked(const model::Device& device, std::uint32_t object);

// The address a device's IKE traffic comes from for a crypto map on `interface`: the HSRP
// virtual IP for a map with `redundancy`, else the interface's primary address.
std::vector<model::Ipv4> crypto_source_addresses(const model::Device& device, const model::Interface& interface);

// Every address a remote device could use to reach `device` with IKE: its crypto-map
// interfaces' addresses and virtual IPs.
std::vector<model::Ipv4> ike_addresses(const model::Device& device);

// The best `crypto isakmp key` for a peer address: the longest matching mask.
const model::IsakmpKey* key_for(const model::Device& device, model::Ipv4 peer);

// "standby 2 on GigabitEthernet0/1"
std::string group_label(const model::Interface& interface, const model::HsrpGroup& group);

Finding make_finding(const Rule& rule, std::string message, model::SourceRange at,
                     std::vector<std::string> devices);
void add_related(Finding& finding, model::SourceRange at, std::string message);

// The other member of an HA pair.
const network::HaMember& other_member(const network::HaPair& pair, const model::Device& device);

}  // namespace havpnc::lint::rules
