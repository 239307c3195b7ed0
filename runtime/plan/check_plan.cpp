#include "runtime/plan/check_plan.h"

#include <map>
#include <set>

#include "runtime/plan/json_reader.h"

namespace havpnc::plan::detail {

namespace {

std::string at(const std::string& section, std::size_t i) { return index_path("$." + section, i); }
std::string quoted(const std::string& s) { return "\"" + s + "\""; }

void need_interface(const Plan& plan, const std::string& name, const std::string& path) {
  if (plan.find_interface(name) == nullptr) fail(path, "interface " + quoted(name) + " is not defined in $.interfaces");
}

void check_interfaces(const Plan& plan) {
  std::set<std::string> names;
  for (std::size_t i = 0; i < plan.interfaces.size(); ++i) {
    if (!names.insert(plan.interfaces[i].name).second) {
      fail(at("interfaces", i) + ".name", "interface " + quoted(plan.interfaces[i].name) + " is defined twice");
    }
  }
}

void check_ike(const Plan& plan) {
  for (std::size_t i = 1; i < plan.isakmp_policies.size(); ++i) {
    if (plan.isakmp_policies[i].priority <= plan.isakmp_policies[i - 1].priority) {
      fail(at("isakmp_policies", i) + ".priority",
           "priorities must be unique and ascending (IOS offers and matches policies in that order)");
    }
  }
}

void check_crypto(const Plan& plan) {
  std::set<std::string> sets;
  for (std::size_t i = 0; i < plan.transform_sets.size(); ++i) {
    if (!sets.insert(plan.transform_sets[i].name).second) {
      fail(at("transform_sets", i) + ".name", "transform set " + quoted(plan.transform_sets[i].name) + " is defined twice");
    }
  }
  std::set<std::string> maps;
  for (std::size_t m = 0; m < plan.crypto_maps.size(); ++m) {
    const auto& map = plan.crypto_maps[m];
    const std::string path = at("crypto_maps", m);
    if (!maps.insert(map.name).second) fail(path + ".name", "crypto map " + quoted(map.name) + " is defined twice");
    if (map.local_address) need_interface(plan, *map.local_address, path + ".local_address");
    for (std::size_t e = 0; e < map.entries.size(); ++e) {
      const auto& entry = map.entries[e];
      for (std::size_t t = 0; t < entry.transform_sets.size(); ++t) {
        if (plan.find_transform_set(entry.transform_sets[t]) == nullptr) {
          fail(index_path(index_path(path + ".entries", e) + ".transform_sets", t),
               "transform set " + quoted(entry.transform_sets[t]) + " is not defined in $.transform_sets");
        }
      }
    }
  }
  std::set<std::string> bound;
  for (std::size_t b = 0; b < plan.crypto_map_bindings.size(); ++b) {
    const auto& binding = plan.crypto_map_bindings[b];
    const std::string path = at("crypto_map_bindings", b);
    need_interface(plan, binding.interface, path + ".interface");
    if (!bound.insert(binding.interface).second) {
      fail(path + ".interface", "interface " + quoted(binding.interface) + " has two crypto maps (IOS allows one)");
    }
    if (plan.find_crypto_map(binding.map) == nullptr) {
      fail(path + ".map", "crypto map " + quoted(binding.map) + " is not defined in $.crypto_maps");
    }
    if (binding.redundancy_group && plan.find_hsrp_group_named(*binding.redundancy_group) == nullptr) {
      fail(path + ".redundancy_group",
           "HSRP group name " + quoted(*binding.redundancy_group) + " is not the name of any group in $.hsrp_groups");
    }
  }
}

void check_hsrp(const Plan& plan) {
  std::set<std::pair<std::string, std::uint32_t>> groups;
  std::map<std::string, std::uint32_t> version_of;
  std::set<std::string> names;
  for (std::size_t i = 0; i < plan.hsrp_groups.size(); ++i) {
    const auto& g = plan.hsrp_groups[i];
    const std::string path = at("hsrp_groups", i);
    need_interface(plan, g.interface, path + ".interface");
    if (!plan.find_interface(g.interface)->address) {
      fail(path + ".interface", "interface " + quoted(g.interface) + " has no address: HSRP needs one to send Hellos from");
    }
    if (!groups.insert({g.interface, g.group}).second) {
      fail(path + ".group", "group " + std::to_string(g.group) + " is defined twice on " + g.interface);
    }
    // `standby version` is an interface setting: every group on the interface shares it.
    auto [it, fresh] = version_of.emplace(g.interface, g.version);
    if (!fresh && it->second != g.version) {
      fail(path + ".version", "groups on " + g.interface + " use HSRP versions " + std::to_string(it->second) +
                                  " and " + std::to_string(g.version) + " (the version is per interface)");
    }
    if (g.name && !names.insert(*g.name).second) {
      fail(path + ".name", "HSRP group name " + quoted(*g.name) + " is used twice (redundancy references would be ambiguous)");
    }
    for (std::size_t t = 0; t < g.tracks.size(); ++t) {
      if (plan.find_track(g.tracks[t].object) == nullptr) {
        fail(index_path(path + ".tracks", t) + ".object",
             "track object " + std::to_string(g.tracks[t].object) + " is not defined in $.track_objects");
      }
    }
  }
}

// A list that (indirectly) contains itself would never settle: IOS refuses it when typed.
void check_track_cycles(const Plan& plan) {
  enum class Mark { None, Visiting, Done };
  std::map<std::uint32_t, Mark> mark;
  std::map<std::uint32_t, std::size_t> index;
  for (std::size_t i = 0; i < plan.track_objects.size(); ++i) index[plan.track_objects[i].id] = i;
  // Iterative DFS: a hostile plan could chain 1000 lists.
  for (const auto& root : plan.track_objects) {
    if (mark[root.id] != Mark::None) continue;
    std::vector<std::pair<std::uint32_t, std::size_t>> stack{{root.id, 0}};
    mark[root.id] = Mark::Visiting;
    while (!stack.empty()) {
      auto& [id, next] = stack.back();
      const auto& object = plan.track_objects[index[id]];
      if (next == object.members.size()) {
        mark[id] = Mark::Done;
        stack.pop_back();
        continue;
      }
      const std::uint32_t member = object.members[next++].object;
      if (mark[member] == Mark::Visiting) {
        fail(index_path(at("track_objects", index[id]) + ".members", next - 1) + ".object",
             "track object " + std::to_string(member) + " contains itself through its list members");
      }
      if (mark[member] == Mark::None) {
        mark[member] = Mark::Visiting;
        stack.push_back({member, 0});
      }
    }
  }
}

void check_tracks(const Plan& plan) {
  for (std::size_t i = 0; i < plan.track_objects.size(); ++i) {
    const auto& t = plan.track_objects[i];
    const std::string path = at("track_objects", i);
    if (i > 0 && t.id <= plan.track_objects[i - 1].id) fail(path + ".id", "track ids must be unique and ascending");
    if (t.interface) need_interface(plan, *t.interface, path + ".interface");
    for (std::size_t m = 0; m < t.members.size(); ++m) {
      if (plan.find_track(t.members[m].object) == nullptr) {
        fail(index_path(path + ".members", m) + ".object",
             "track object " + std::to_string(t.members[m].object) + " is not defined in $.track_objects");
      }
    }
  }
  check_track_cycles(plan);
}

void check_redundancy(const Plan& plan) {
  for (std::size_t i = 1; i < plan.ipc_associations.size(); ++i) {
    if (plan.ipc_associations[i].id <= plan.ipc_associations[i - 1].id) {
      fail(at("ipc_associations", i) + ".id", "association ids must be unique and ascending");
    }
  }
  if (plan.inter_device && plan.inter_device->scheme_standby &&
      plan.find_hsrp_group_named(*plan.inter_device->scheme_standby) == nullptr) {
    fail("$.inter_device.scheme_standby", "HSRP group name " + quoted(*plan.inter_device->scheme_standby) +
                                              " is not the name of any group in $.hsrp_groups");
  }
  for (std::size_t i = 0; i < plan.static_routes.size(); ++i) {
    if (plan.static_routes[i].interface) {
      need_interface(plan, *plan.static_routes[i].interface, at("static_routes", i) + ".interface");
    }
  }
}

}  // namespace

void check_plan(const Plan& plan) {
  check_interfaces(plan);
  check_ike(plan);
  check_tracks(plan);
  check_hsrp(plan);
  check_crypto(plan);
  check_redundancy(plan);
}

}  // namespace havpnc::plan::detail
