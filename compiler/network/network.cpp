#include "compiler/network/network.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "compiler/network/evidence.h"

namespace havpnc::network {

namespace {

// Display names can repeat (two files without `hostname`, or a copy-paste); the path breaks
// the tie so every ordering below is total and the output deterministic.
bool device_less(const model::Device* a, const model::Device* b) {
  if (a == b) return false;
  auto an = a->display_name();
  auto bn = b->display_name();
  if (an != bn) return an < bn;
  if (a->path != b->path) return a->path < b->path;
  return a->file < b->file;
}

std::uint32_t group_number(const AddressOwner& o) { return o.group != nullptr ? o.group->number.value + 1 : 0; }

bool owner_less(const AddressOwner& a, const AddressOwner& b) {
  if (a.device != b.device) return device_less(a.device, b.device);
  const std::string& ai = a.interface->name.value;
  const std::string& bi = b.interface->name.value;
  if (ai != bi) return ai < bi;
  return std::tuple(group_number(a), a.range.line, a.range.col) < std::tuple(group_number(b), b.range.line, b.range.col);
}

std::set<model::Ipv4> ip_set(const std::vector<model::Located<model::Ipv4>>& ips) {
  std::set<model::Ipv4> out;
  for (const auto& ip : ips) out.insert(ip.value);
  return out;
}

bool same_port(const std::optional<model::Located<std::uint32_t>>& a,
               const std::optional<model::Located<std::uint32_t>>& b) {
  return a && b && a->value == b->value;
}

// The ipc zone association of two routers mirror each other when what one calls local the
// other calls remote: IOS opens the SCTP association from local-ip:local-port to
// remote-ip:remote-port, so anything else never comes up (sh redundancy inter-device shows
// the peer as down).
bool mirrored(const model::SctpAssociation& a, const model::SctpAssociation& b) {
  if (a.local_ips.empty() || b.local_ips.empty()) return false;
  return same_port(a.local_port, b.remote_port) && same_port(a.remote_port, b.local_port) &&
         ip_set(a.local_ips) == ip_set(b.remote_ips) && ip_set(a.remote_ips) == ip_set(b.local_ips);
}

const std::vector<model::SctpAssociation>* associations(const model::Device& d) {
  return d.ipc_zone ? &d.ipc_zone->associations : nullptr;
}

}  // namespace

Network::Network(std::vector<model::Device> devices, model::SourceFiles files)
    : devices_(std::move(devices)), files_(std::move(files)) {
  index_addresses();
  discover_ha_pairs();
  discover_tunnel_peers();
  index_relations();
}

void Network::index_relations() {
  for (std::size_t i = 0; i < ha_pairs_.size(); ++i) {
    pairs_by_device_[ha_pairs_[i].first.device].push_back(i);
    pairs_by_device_[ha_pairs_[i].second.device].push_back(i);
  }
  for (std::size_t i = 0; i < tunnel_peers_.size(); ++i) {
    tunnels_by_local_[tunnel_peers_[i].local].push_back(i);
    tunnels_by_remote_[tunnel_peers_[i].remote.device].push_back(i);
  }
}

void Network::index_addresses() {
  for (const auto& device : devices_) {
    for (const auto& [name, itf] : device.interfaces) {
      if (itf.address) address_index_.push_back({itf.address->value.address, {&device, &itf, nullptr, itf.address->range}});
      for (const auto& secondary : itf.secondary_addresses) {
        address_index_.push_back({secondary.value.address, {&device, &itf, nullptr, secondary.range}});
      }
      for (const auto& group : itf.hsrp_groups) {
        if (group.virtual_ip) address_index_.push_back({group.virtual_ip->value, {&device, &itf, &group, group.virtual_ip->range}});
        for (const auto& secondary : group.secondary_ips) {
          address_index_.push_back({secondary.value, {&device, &itf, &group, secondary.range}});
        }
      }
    }
  }
  std::sort(address_index_.begin(), address_index_.end(), [](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first < b.first;
    return owner_less(a.second, b.second);
  });
}

std::vector<AddressOwner> Network::owners_of(model::Ipv4 address) const {
  auto lo = std::lower_bound(address_index_.begin(), address_index_.end(), address,
                             [](const auto& entry, model::Ipv4 a) { return entry.first < a; });
  std::vector<AddressOwner> out;
  for (auto it = lo; it != address_index_.end() && it->first == address; ++it) out.push_back(it->second);
  return out;
}

void Network::discover_ha_pairs() {
  // One pass over the sorted index: the owners of one address sit side by side, so only the
  // few devices claiming the same virtual IP are ever compared.
  std::set<std::tuple<const model::Device*, const model::Device*, const model::HsrpGroup*, const model::HsrpGroup*>> seen;
  for (std::size_t begin = 0; begin < address_index_.size();) {
    std::size_t end = begin;
    while (end < address_index_.size() && address_index_[end].first == address_index_[begin].first) ++end;
    std::vector<const AddressOwner*> vips;
    for (std::size_t i = begin; i < end; ++i) {
      if (address_index_[i].second.group != nullptr) vips.push_back(&address_index_[i].second);
    }
    const model::Ipv4 vip = address_index_[begin].first;
    for (std::size_t i = 0; i < vips.size(); ++i) {
      for (std::size_t j = i + 1; j < vips.size(); ++j) {
        const AddressOwner& a = *vips[i];
        const AddressOwner& b = *vips[j];
        if (a.device == b.device) continue;
        if (!seen.insert({a.device, b.device, a.group, b.group}).second) continue;
        HaPair pair;
        pair.first = {a.device, a.interface, a.group, nullptr};
        pair.second = {b.device, b.interface, b.group, nullptr};
        pair.virtual_ip = vip;
        const std::string an = a.device->display_name();
        const std::string bn = b.device->display_name();
        if (a.group->number.value == b.group->number.value) {
          pair.evidence.push_back("both run standby " + std::to_string(a.group->number.value) + " ip " +
                                  vip.to_string() + " (" + an + " on " + a.interface->name.value + " at " +
                                  place(files_, a.range) + ", " + bn + " on " + b.interface->name.value + " at " +
                                  place(files_, b.range) + ")");
        } else {
          pair.evidence.push_back("both claim virtual IP " + vip.to_string() + " but in different groups: " + an +
                                  " standby " + std::to_string(a.group->number.value) + " at " +
                                  place(files_, a.range) + ", " + bn + " standby " +
                                  std::to_string(b.group->number.value) + " at " + place(files_, b.range));
        }
        if (vips.size() > 2) {
          pair.evidence.push_back(std::to_string(vips.size()) + " HSRP groups claim " + vip.to_string() +
                                  "; each two devices among them are listed as a pair");
        }
        const auto* as = associations(*a.device);
        const auto* bs = associations(*b.device);
        if (as != nullptr && bs != nullptr) {
          for (const auto& x : *as) {
            for (const auto& y : *bs) {
              if (pair.first.association == nullptr && mirrored(x, y)) {
                pair.first.association = &x;
                pair.second.association = &y;
                pair.ipc_mirrored = true;
              }
            }
          }
          if (!pair.ipc_mirrored && !as->empty() && !bs->empty()) {
            pair.first.association = &as->front();
            pair.second.association = &bs->front();
          }
        }
        if (pair.ipc_mirrored) {
          pair.evidence.push_back("ipc zone associations mirror each other: " + an + " association " +
                                  std::to_string(pair.first.association->id.value) + " " +
                                  describe(*pair.first.association) + " (" +
                                  place(files_, pair.first.association->range) + "), " + bn + " association " +
                                  std::to_string(pair.second.association->id.value) + " " +
                                  describe(*pair.second.association) + " (" +
                                  place(files_, pair.second.association->range) + ")");
        } else if (pair.first.association != nullptr) {
          pair.evidence.push_back("ipc zone associations are not mirror images: " + an + " " +
                                  describe(*pair.first.association) + ", " + bn + " " +
                                  describe(*pair.second.association));
        } else {
          std::string missing = as == nullptr || as->empty() ? an : bn;
          if ((as == nullptr || as->empty()) && (bs == nullptr || bs->empty())) missing = an + " and " + bn;
          pair.evidence.push_back("no ipc zone association on " + missing + ", so SSO cannot confirm the pair");
        }
        ha_pairs_.push_back(std::move(pair));
      }
    }
    begin = end;
  }
  std::sort(ha_pairs_.begin(), ha_pairs_.end(), [](const HaPair& x, const HaPair& y) {
    if (x.first.device != y.first.device) return device_less(x.first.device, y.first.device);
    if (x.second.device != y.second.device) return device_less(x.second.device, y.second.device);
    return x.virtual_ip < y.virtual_ip;
  });
}

void Network::discover_tunnel_peers() {
  for (const auto& device : devices_) {
    for (const auto& [map_name, map] : device.crypto_maps) {
      for (const auto& entry : map.entries) {
        for (const auto& peer : entry.peers) {
          const auto owners = owners_of(peer.value);
          // An HA pair's shared VIP yields one TunnelPeer per member; an address with an
          // interface owner and a VIP owner on the same device is one tunnel, reported once.
          std::set<const model::Device*> done;
          for (const auto& owner : owners) {
            if (owner.device == &device) continue;
            if (!done.insert(owner.device).second) continue;
            TunnelPeer t;
            t.local = &device;
            t.map = &map;
            t.entry = &entry;
            t.peer = peer;
            t.remote = owner;
            t.evidence.push_back(device.display_name() + " crypto map " + map.name.value + " " +
                                 std::to_string(entry.sequence.value) + " `set peer " + peer.value.to_string() +
                                 "` (" + place(files_, peer.range) + ") is " + describe(owner) + " (" +
                                 place(files_, owner.range) + ")");
            for (const auto& [local_address_itf, local_prefix] : device.interface_addresses()) {
              if (local_address_itf->crypto_map == std::nullopt ||
                  local_address_itf->crypto_map->map.value != map.name.value) {
                continue;
              }
              for (const auto& key : owner.device->isakmp_keys) {
                if (key.matches(local_prefix.address)) {
                  t.evidence.push_back(owner.device->display_name() + " has a `crypto isakmp key` for " +
                                       local_prefix.address.to_string() + " (" + place(files_, key.range) + ")");
                  break;
                }
              }
            }
            tunnel_peers_.push_back(std::move(t));
          }
        }
      }
    }
  }
  std::sort(tunnel_peers_.begin(), tunnel_peers_.end(), [](const TunnelPeer& x, const TunnelPeer& y) {
    if (x.local != y.local) return device_less(x.local, y.local);
    auto kx = std::tie(x.map->name.value, x.entry->sequence.value, x.peer.value);
    auto ky = std::tie(y.map->name.value, y.entry->sequence.value, y.peer.value);
    if (kx != ky) return kx < ky;
    return device_less(x.remote.device, y.remote.device);
  });
}

namespace {

template <typename T>
std::vector<const T*> pick(const std::unordered_map<const model::Device*, std::vector<std::size_t>>& index,
                           const model::Device& device, const std::vector<T>& all) {
  std::vector<const T*> out;
  auto it = index.find(&device);
  if (it == index.end()) return out;
  for (std::size_t i : it->second) out.push_back(&all[i]);
  return out;
}

}  // namespace

std::vector<const HaPair*> Network::pairs_of(const model::Device& device) const {
  return pick(pairs_by_device_, device, ha_pairs_);
}

std::vector<const TunnelPeer*> Network::tunnels_from(const model::Device& device) const {
  return pick(tunnels_by_local_, device, tunnel_peers_);
}

std::vector<const TunnelPeer*> Network::tunnels_to(const model::Device& device) const {
  return pick(tunnels_by_remote_, device, tunnel_peers_);
}

}  // namespace havpnc::network
