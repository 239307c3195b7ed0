#include "lint/rules/tunnel_common.h"

#include <algorithm>
#include <set>
#include <tuple>
#include <utility>

namespace havpnc::lint::rules {

std::vector<TunnelLink> tunnel_links(const network::Network& net) {
  std::vector<TunnelLink> out;
  std::set<std::tuple<const model::Device*, const model::CryptoMapEntry*, const model::Device*>> seen;
  for (const auto& t : net.tunnel_peers()) {
    for (const auto& owner : net.owners_of(t.peer.value)) {
      if (owner.device == nullptr || owner.device == t.local) continue;
      if (!seen.insert({t.local, t.entry, owner.device}).second) continue;
      out.push_back({t.local, t.map, t.entry, t.peer, owner.device});
    }
  }
  return out;
}

std::vector<TunnelEnds> tunnel_ends(const network::Network& net) {
  auto links = tunnel_links(net);
  // The end on the device given first leads, so findings land on the same router every run.
  auto index = [&](const model::Device* d) { return d - net.devices().data(); };
  std::stable_sort(links.begin(), links.end(), [&](const TunnelLink& x, const TunnelLink& y) {
    return std::pair(index(x.local), index(x.remote)) < std::pair(index(y.local), index(y.remote));
  });
  std::vector<TunnelEnds> out;
  std::set<std::pair<const model::Device*, const model::Device*>> done;
  for (const auto& link : links) {
    auto key = std::minmax(link.local, link.remote);
    if (!done.insert(key).second) continue;
    TunnelEnds ends{link, std::nullopt};
    auto back = std::find_if(links.begin(), links.end(), [&](const TunnelLink& l) {
      return l.local == link.remote && l.remote == link.local;
    });
    if (back != links.end()) ends.back = *back;
    out.push_back(std::move(ends));
  }
  return out;
}

const model::Interface* interface_of(const model::Device& device, const model::CryptoMap& map) {
  for (const auto& [name, itf] : device.interfaces) {
    if (itf.crypto_map && itf.crypto_map->map.value == map.name.value) return &itf;
  }
  return nullptr;
}

}  // namespace havpnc::lint::rules
