#include "runtime/lab/topology.h"

#include <algorithm>
#include <map>
#include <set>

#include "runtime/track/interface_name.h"

namespace havpnc::lab {

namespace {

using plan::Ipv4;
using plan::Ipv4Prefix;

// Linux IFNAMSIZ is 16 including the terminating NUL.
constexpr std::size_t kMaxIfName = 15;

Ipv4Prefix network_of(const Ipv4Prefix& p) { return Ipv4Prefix{p.network(), p.length}; }

bool safe_node_name(const std::string& name) {
  if (name.empty() || name.size() > 40) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
  });
}

struct Member {
  std::size_t node;  // index into the node list under construction
  std::string interface;
};

struct SegmentBuild {
  std::vector<Member> members;
  std::vector<Ipv4> virtual_ips;
  std::vector<Ipv4> transit_addresses;
  bool lan = false;
};

bool segment_overlaps(const Ipv4Prefix& segment, const Ipv4Prefix& selector) {
  // The LAN is the segment inside the selector, or the selector inside the segment.
  if (selector.length <= segment.length) return selector.contains(segment.address);
  return segment.contains(selector.address);
}

}  // namespace

const char* role_name(Role role) {
  switch (role) {
    case Role::Router: return "router";
    case Role::Transit: return "transit";
    case Role::Host: return "host";
    case Role::Switch: return "switch";
  }
  return "?";
}

const NodeInterface* Node::find_interface(const std::string& linux_name) const {
  for (const auto& i : interfaces)
    if (i.linux_name == linux_name) return &i;
  return nullptr;
}

const Node* Topology::find_node(const std::string& name) const {
  for (const auto& n : nodes)
    if (n.name == name) return &n;
  return nullptr;
}

std::string linux_interface_name(const std::string& ios_name) {
  std::string s = track::short_interface_name(ios_name);
  std::replace(s.begin(), s.end(), '/', '-');
  std::replace(s.begin(), s.end(), ':', '-');
  return s;
}

DeriveResult derive_topology(const std::vector<plan::Plan>& routers) {
  DeriveResult result;
  Topology t;
  std::map<Ipv4Prefix, SegmentBuild> segments;
  std::set<Ipv4> taken;
  std::map<Ipv4, std::string> owner;  // address -> "R10 GigabitEthernet0/0", for the error

  if (routers.empty()) {
    result.error = "no router configs";
    return result;
  }
  // Routers and their wired interfaces.
  for (const plan::Plan& p : routers) {
    if (!safe_node_name(p.hostname)) {
      result.error = "hostname '" + p.hostname + "' cannot name a namespace (letters, digits, - and _, at most 40)";
      return result;
    }
    if (p.hostname == "transit" || p.hostname == "switch" || p.hostname.rfind("host-", 0) == 0) {
      result.error = "hostname '" + p.hostname + "' is a name the lab gives its own nodes";
      return result;
    }
    if (t.find_node(p.hostname)) {
      result.error = "two configs have hostname " + p.hostname;
      return result;
    }
    Node n{p.hostname, Role::Router, {}, {}, true, {}};
    for (const plan::Interface& i : p.interfaces) {
      if (!i.address) {
        t.notes.push_back(p.hostname + " " + i.name + " has no address: not wired");
        continue;
      }
      std::string linux_name = linux_interface_name(i.name);
      if (linux_name.size() > kMaxIfName || n.find_interface(linux_name))
        linux_name = "if" + std::to_string(n.interfaces.size());
      NodeInterface ni{linux_name, i.name, {*i.address}, {}};
      for (const auto& s : i.secondary_addresses) ni.addresses.push_back(s);
      for (const auto& a : ni.addresses) {
        const auto [it, fresh] = owner.emplace(a.address, p.hostname + " " + i.name);
        if (!fresh) {
          result.error = "address " + a.address.to_string() + " is on both " + it->second + " and " +
                         p.hostname + " " + i.name;
          return result;
        }
        taken.insert(a.address);
      }
      segments[network_of(*i.address)].members.push_back({t.nodes.size(), linux_name});
      n.interfaces.push_back(std::move(ni));
    }
    t.nodes.push_back(std::move(n));
  }

  // The segment a router reaches `a` on, if any.
  auto connected_segment = [&](std::size_t router, Ipv4 a) -> const Ipv4Prefix* {
    for (const auto& [subnet, seg] : segments) {
      if (!subnet.contains(a)) continue;
      for (const Member& m : seg.members)
        if (m.node == router) return &subnet;
    }
    return nullptr;
  };
  auto linux_of = [&](std::size_t router, const std::string& ios) -> std::string {
    for (const auto& i : t.nodes[router].interfaces)
      if (i.ios_name == ios) return i.linux_name;
    return {};
  };

  // HSRP virtual IPs: the routers claim them; the lab only keeps them free.
  for (std::size_t r = 0; r < routers.size(); ++r) {
    for (const plan::HsrpGroup& g : routers[r].hsrp_groups) {
      std::vector<Ipv4> vips = g.secondary_virtual_ips;
      if (g.virtual_ip) vips.insert(vips.begin(), *g.virtual_ip);
      for (const Ipv4 vip : vips) {
        const Ipv4Prefix* subnet = connected_segment(r, vip);
        if (!subnet) continue;
        auto& v = segments[*subnet].virtual_ips;
        if (std::find(v.begin(), v.end(), vip) == v.end()) v.push_back(vip);
        taken.insert(vip);
      }
    }
  }

  // Static routes: a next hop nobody holds belongs to the transit router.
  for (std::size_t r = 0; r < routers.size(); ++r) {
    Node& n = t.nodes[r];
    for (const plan::StaticRoute& sr : routers[r].static_routes) {
      const Ipv4Prefix dest = network_of(sr.prefix);
      Route route{dest, sr.next_hop, {}};
      if (sr.interface) {
        route.dev = linux_of(r, *sr.interface);
        if (route.dev.empty()) {
          t.notes.push_back(n.name + " route " + dest.to_string() + " via " + *sr.interface +
                            ": interface not wired, route left out");
          continue;
        }
      }
      if (sr.next_hop) {
        const Ipv4Prefix* subnet = connected_segment(r, *sr.next_hop);
        if (!subnet) {
          t.notes.push_back(n.name + " route " + dest.to_string() + " via " + sr.next_hop->to_string() +
                            ": next hop on no connected segment, route left out");
          continue;
        }
        if (!taken.count(*sr.next_hop)) {
          auto& ta = segments[*subnet].transit_addresses;
          if (std::find(ta.begin(), ta.end(), *sr.next_hop) == ta.end()) {
            ta.push_back(*sr.next_hop);
            t.notes.push_back("transit holds " + sr.next_hop->to_string() + " (" + n.name +
                              "'s next hop for " + dest.to_string() + ")");
          }
        }
      }
      n.routes.push_back(std::move(route));
    }
  }
  for (const auto& [subnet, seg] : segments)
    for (const Ipv4 a : seg.transit_addresses) taken.insert(a);

  // Protected LANs: the local side of a permit line of a crypto ACL.
  for (std::size_t r = 0; r < routers.size(); ++r) {
    for (const plan::CryptoMap& map : routers[r].crypto_maps)
      for (const plan::CryptoMapEntry& e : map.entries)
        for (const plan::TrafficSelector& s : e.selectors) {
          if (s.action != plan::SelectorAction::Permit) continue;
          for (auto& [subnet, seg] : segments) {
            if (!segment_overlaps(subnet, s.local)) continue;
            for (const Member& m : seg.members)
              if (m.node == r) seg.lan = true;
          }
        }
  }

  // The transit router: one interface per segment it has an address on.
  bool any_transit = false;
  for (const auto& [subnet, seg] : segments) any_transit = any_transit || !seg.transit_addresses.empty();
  if (any_transit) {
    Node transit{"transit", Role::Transit, {}, {}, true, {}};
    const std::size_t index = t.nodes.size();
    for (auto& [subnet, seg] : segments) {
      if (seg.transit_addresses.empty()) continue;
      NodeInterface ni{"eth" + std::to_string(transit.interfaces.size()), {}, {}, {}};
      for (const Ipv4 a : seg.transit_addresses) ni.addresses.push_back(Ipv4Prefix{a, subnet.length});
      seg.members.push_back({index, ni.linux_name});
      transit.interfaces.push_back(std::move(ni));
    }
    t.nodes.push_back(std::move(transit));
  }

  // One host per LAN.
  for (auto& [subnet, seg] : segments) {
    if (!seg.lan) continue;
    const std::uint64_t size = std::uint64_t{1} << (32 - subnet.length);
    std::optional<Ipv4> address;
    for (std::uint64_t h = 4; h + 1 < size; ++h) {
      const Ipv4 candidate{subnet.address.bits + static_cast<std::uint32_t>(h)};
      if (!taken.count(candidate)) {
        address = candidate;
        break;
      }
    }
    if (!address) {
      t.notes.push_back("LAN " + subnet.to_string() + " has no free address for a host: none added");
      continue;
    }
    taken.insert(*address);
    std::string name = "host";
    for (const Member& m : seg.members) name += "-" + t.nodes[m.node].name;
    if (name.size() > 60) name = "host-" + std::to_string(t.nodes.size());
    Node host{name, Role::Host, {{"eth0", {}, {Ipv4Prefix{*address, subnet.length}}, {}}}, {}, false, {}};
    // The gateway the seed's inside hosts use: the HSRP VIP, so failover moves it.
    Ipv4 gateway = seg.virtual_ips.empty() ? Ipv4{} : seg.virtual_ips.front();
    if (seg.virtual_ips.empty()) {
      const Node& router = t.nodes[seg.members.front().node];
      gateway = router.find_interface(seg.members.front().interface)->addresses.front().address;
    }
    host.routes.push_back({Ipv4Prefix{Ipv4{0}, 0}, gateway, {}});
    seg.members.push_back({t.nodes.size(), "eth0"});
    t.nodes.push_back(std::move(host));
  }

  // Cables: a pair is one veth; anything else hangs off a bridge in the switch namespace.
  Node sw{"switch", Role::Switch, {}, {}, false, {}};
  for (auto& [subnet, seg] : segments) {
    Segment out{subnet, {}, {}, seg.virtual_ips, seg.lan};
    for (const Member& m : seg.members) out.members.push_back({t.nodes[m.node].name, m.interface});
    if (seg.members.size() == 2) {
      t.veths.push_back({out.members[0], out.members[1]});
    } else {
      out.bridge = "br" + std::to_string(sw.bridges.size());
      sw.bridges.push_back(out.bridge);
      for (std::size_t k = 0; k < out.members.size(); ++k) {
        std::string port = out.members[k].node + "-" + out.members[k].interface;
        if (port.size() > kMaxIfName || sw.find_interface(port))
          port = "p" + std::to_string(sw.bridges.size() - 1) + "-" + std::to_string(k);
        sw.interfaces.push_back({port, {}, {}, out.bridge});
        t.veths.push_back({out.members[k], {sw.name, port}});
      }
    }
    t.segments.push_back(std::move(out));
  }
  if (!sw.bridges.empty()) t.nodes.push_back(std::move(sw));
  result.topology = std::move(t);
  return result;
}

}  // namespace havpnc::lab
