#include "lint/rules/ha_common.h"

#include <algorithm>

namespace havpnc::lint::rules {

std::vector<StatefulMap> stateful_maps(const model::Device& device) {
  std::vector<StatefulMap> out;
  for (const auto& [name, itf] : device.interfaces) {
    if (!itf.crypto_map || !itf.crypto_map->stateful || !itf.crypto_map->redundancy_group) continue;
    auto map = device.crypto_maps.find(itf.crypto_map->map.value);
    out.push_back({&itf, &*itf.crypto_map, map == device.crypto_maps.end() ? nullptr : &map->second});
  }
  return out;
}

bool is_stateful_ha(const model::Device& device) {
  return device.inter_device.has_value() || !stateful_maps(device).empty();
}

GroupOn group_named(const model::Interface& interface, std::string_view name) {
  for (const auto& g : interface.hsrp_groups) {
    if (g.name && g.name->value == name) return {&interface, &g};
  }
  return {};
}

GroupOn group_named(const model::Device& device, std::string_view name) {
  for (const auto& [itf_name, itf] : device.interfaces) {
    if (auto found = group_named(itf, name)) return found;
  }
  return {};
}

GroupOn redundancy_group(const StatefulMap& stateful) {
  return group_named(*stateful.interface, stateful.group_name());
}

namespace {
// Track lists can nest; IOS refuses cycles, but a hostile config may still describe one, so
// the walk stops at a fixed depth instead of recursing forever.
constexpr int kMaxTrackDepth = 16;

std::set<std::string> tracked(const model::Device& device, std::uint32_t object, int depth) {
  auto it = device.tracks.find(object);
  if (it == device.tracks.end() || depth > kMaxTrackDepth) return {};
  const model::TrackObject& t = it->second;
  using Kind = model::TrackObject::Kind;
  if (t.kind == Kind::InterfaceLineProtocol || t.kind == Kind::InterfaceIpRouting) {
    if (!t.interface) return {};
    return {t.interface->value};
  }
  std::set<std::string> out;
  bool first = true;
  for (const auto& member : t.members) {
    // A negated member goes *down* when its interface comes up; it never signals a failure.
    std::set<std::string> sub = member.negated ? std::set<std::string>{} : tracked(device, member.object.value, depth + 1);
    if (t.kind == Kind::ListBooleanAnd) {
      out.insert(sub.begin(), sub.end());
    } else if (first) {
      out = std::move(sub);
    } else {
      std::set<std::string> both;
      std::set_intersection(out.begin(), out.end(), sub.begin(), sub.end(), std::inserter(both, both.end()));
      out = std::move(both);
    }
    first = false;
  }
  return out;
}
}  // namespace

std::set<std::string> interfaces_tracked(const model::Device& device, std::uint32_t object) {
  return tracked(device, object, 0);
}

std::vector<model::Ipv4> crypto_source_addresses(const model::Device& device, const model::Interface& interface) {
  std::vector<model::Ipv4> out;
  if (interface.crypto_map && interface.crypto_map->redundancy_group) {
    if (auto g = group_named(interface, interface.crypto_map->redundancy_group->value); g && g.group->virtual_ip) {
      out.push_back(g.group->virtual_ip->value);
    }
  }
  if (interface.crypto_map) {
    auto map = device.crypto_maps.find(interface.crypto_map->map.value);
    if (map != device.crypto_maps.end() && map->second.local_address) {
      auto local = device.interfaces.find(map->second.local_address->value);
      if (local != device.interfaces.end() && local->second.address) out.push_back(local->second.address->value.address);
    }
  }
  if (interface.address) out.push_back(interface.address->value.address);
  return out;
}

std::vector<model::Ipv4> ike_addresses(const model::Device& device) {
  std::vector<model::Ipv4> out;
  for (const auto& [name, itf] : device.interfaces) {
    if (!itf.crypto_map) continue;
    auto here = crypto_source_addresses(device, itf);
    out.insert(out.end(), here.begin(), here.end());
  }
  return out;
}

const model::IsakmpKey* key_for(const model::Device& device, model::Ipv4 peer) {
  const model::IsakmpKey* best = nullptr;
  for (const auto& k : device.isakmp_keys) {
    if (!k.matches(peer)) continue;
    if (best == nullptr || k.mask.value.bits > best->mask.value.bits) best = &k;
  }
  return best;
}

std::string group_label(const model::Interface& interface, const model::HsrpGroup& group) {
  return "standby " + std::to_string(group.number.value) + " on " + interface.name.value;
}

Finding make_finding(const Rule& rule, std::string message, model::SourceRange at,
                     std::vector<std::string> devices) {
  Finding f;
  f.rule = std::string(rule.id());
  f.severity = rule.default_severity();
  f.message = std::move(message);
  f.location = at;
  f.devices = std::move(devices);
  return f;
}

void add_related(Finding& finding, model::SourceRange at, std::string message) {
  finding.related.push_back({at, std::move(message)});
}

const network::HaMember& other_member(const network::HaPair& pair, const model::Device& device) {
  return pair.first.device == &device ? pair.second : pair.first;
}

}  // namespace havpnc::lint::rules
