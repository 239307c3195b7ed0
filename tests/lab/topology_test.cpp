// The lab's table derived from plans: the seed gives ARCHITECTURE.md's "Seed topology" (transit
// 6.6.25.1/6.6.156.1, host 6.6.146.4 behind the inside VIP, R10/R11 sharing two bridges), and
// other configs are wired from their addresses alone, with refusals for what cannot be wired.
#include <gtest/gtest.h>

#include <algorithm>

#include "runtime/lab/topology.h"
#include "seed_plans.h"

namespace havpnc::lab {
namespace {

using plan::Ipv4;
using plan::Ipv4Prefix;

Ipv4Prefix P(const char* text) { return *Ipv4Prefix::parse(text); }
Ipv4 A(const char* text) { return *Ipv4::parse(text); }

std::vector<std::string> addresses_of(const Node& n) {
  std::vector<std::string> out;
  for (const auto& i : n.interfaces)
    for (const auto& a : i.addresses) out.push_back(i.linux_name + " " + a.to_string());
  return out;
}

const Segment* segment(const Topology& t, const char* subnet) {
  for (const auto& s : t.segments)
    if (s.subnet == P(subnet)) return &s;
  return nullptr;
}

std::vector<std::string> members(const Segment& s) {
  std::vector<std::string> out;
  for (const auto& e : s.members) out.push_back(e.node + "/" + e.interface);
  return out;
}

TEST(LabTopology, LinuxNamesFromIosNames) {
  EXPECT_EQ(linux_interface_name("GigabitEthernet0/1"), "Gi0-1");
  EXPECT_EQ(linux_interface_name("TenGigabitEthernet1/0/12"), "Te1-0-12");
  EXPECT_EQ(linux_interface_name("Vlan146"), "Vl146");
}

TEST(LabTopology, SeedIsTheArchitectureTable) {
  const DeriveResult d = derive_topology(testing::seed_plans());
  ASSERT_TRUE(d.topology) << d.error;
  const Topology& t = *d.topology;
  std::vector<std::string> names;
  for (const auto& n : t.nodes) names.push_back(n.name + ":" + role_name(n.role));
  EXPECT_EQ(names, (std::vector<std::string>{"R10:router", "R11:router", "R2:router", "transit:transit",
                                              "host-R2:host", "host-R10-R11:host", "switch:switch"}));

  EXPECT_EQ(addresses_of(*t.find_node("R10")), (std::vector<std::string>{"Gi0-0 6.6.146.10/24", "Gi0-1 6.6.156.10/24"}));
  EXPECT_EQ(addresses_of(*t.find_node("R2")), (std::vector<std::string>{"Gi0-0 6.6.25.2/24", "Gi0-1 6.6.2.2/24"}));
  EXPECT_EQ(t.find_node("R2")->interfaces[0].ios_name, "GigabitEthernet0/0");
  // The transit owns exactly the next hops of the routers' default routes.
  EXPECT_EQ(addresses_of(*t.find_node("transit")), (std::vector<std::string>{"eth0 6.6.25.1/24", "eth1 6.6.156.1/24"}));
  EXPECT_TRUE(t.find_node("transit")->forwarding);
  EXPECT_TRUE(t.find_node("transit")->routes.empty()) << "LAN to LAN must only cross through the tunnel";

  // Hosts: 6.6.146.4 behind the inside HSRP VIP, 6.6.2.4 behind R2 (no VIP there).
  const Node& inside = *t.find_node("host-R10-R11");
  EXPECT_EQ(addresses_of(inside), (std::vector<std::string>{"eth0 6.6.146.4/24"}));
  ASSERT_EQ(inside.routes.size(), 1u);
  EXPECT_EQ(inside.routes[0].destination, P("0.0.0.0/0"));
  EXPECT_EQ(inside.routes[0].via, A("6.6.146.1"));
  const Node& behind_r2 = *t.find_node("host-R2");
  EXPECT_EQ(addresses_of(behind_r2), (std::vector<std::string>{"eth0 6.6.2.4/24"}));
  EXPECT_EQ(behind_r2.routes.at(0).via, A("6.6.2.2"));

  // Routers route by their own static routes.
  ASSERT_EQ(t.find_node("R2")->routes.size(), 1u);
  EXPECT_EQ(t.find_node("R2")->routes[0].via, A("6.6.25.1"));
  EXPECT_EQ(t.find_node("R11")->routes.at(0).via, A("6.6.156.1"));

  // Shared segments are bridges, pairs are veths.
  const Segment* outside = segment(t, "6.6.156.0/24");
  ASSERT_TRUE(outside);
  EXPECT_FALSE(outside->bridge.empty());
  EXPECT_FALSE(outside->lan);
  EXPECT_EQ(members(*outside), (std::vector<std::string>{"R10/Gi0-1", "R11/Gi0-1", "transit/eth1"}));
  EXPECT_EQ(outside->virtual_ips, std::vector<Ipv4>{A("6.6.156.100")});
  const Segment* inside_lan = segment(t, "6.6.146.0/24");
  ASSERT_TRUE(inside_lan);
  EXPECT_TRUE(inside_lan->lan);
  EXPECT_FALSE(inside_lan->bridge.empty());
  EXPECT_EQ(members(*inside_lan), (std::vector<std::string>{"R10/Gi0-0", "R11/Gi0-0", "host-R10-R11/eth0"}));
  const Segment* r2_outside = segment(t, "6.6.25.0/24");
  ASSERT_TRUE(r2_outside);
  EXPECT_TRUE(r2_outside->bridge.empty());
  EXPECT_EQ(members(*r2_outside), (std::vector<std::string>{"R2/Gi0-0", "transit/eth0"}));

  // The VIPs belong to HSRP: no node carries them.
  for (const auto& n : t.nodes)
    for (const auto& a : addresses_of(n)) {
      EXPECT_EQ(a.find("6.6.156.100/"), std::string::npos) << n.name;
      EXPECT_EQ(a.find("6.6.146.1/"), std::string::npos) << n.name;
    }
  EXPECT_EQ(t.veths.size(), 2u + 3u + 3u);
}

plan::Plan router(const std::string& name, std::vector<std::pair<const char*, const char*>> interfaces) {
  plan::Plan p;
  p.hostname = name;
  for (const auto& [ios, address] : interfaces)
    p.interfaces.push_back({ios, address ? std::optional(P(address)) : std::nullopt, {}, false});
  return p;
}

TEST(LabTopology, WiresOtherConfigsFromTheirAddresses) {
  plan::Plan a = router("A", {{"GigabitEthernet0/0", "10.0.0.1/30"}, {"GigabitEthernet0/1", "10.9.9.1/24"},
                              {"GigabitEthernet0/2", nullptr}});
  plan::Plan b = router("B", {{"FastEthernet0/0", "10.0.0.2/30"}});
  plan::StaticRoute unreachable{P("0.0.0.0/0"), A("192.0.2.1"), std::nullopt, 1};
  plan::StaticRoute to_b{P("10.1.0.0/16"), A("10.0.0.2"), std::nullopt, 1};
  a.static_routes = {unreachable, to_b};
  const DeriveResult d = derive_topology({a, b});
  ASSERT_TRUE(d.topology) << d.error;
  const Topology& t = *d.topology;
  // A-B is one cable; A's lonely 10.9.9.0/24 hangs on a bridge so it still has a carrier.
  EXPECT_EQ(members(*segment(t, "10.0.0.0/30")), (std::vector<std::string>{"A/Gi0-0", "B/Fa0-0"}));
  EXPECT_TRUE(segment(t, "10.0.0.0/30")->bridge.empty());
  EXPECT_FALSE(segment(t, "10.9.9.0/24")->bridge.empty());
  EXPECT_FALSE(t.find_node("transit")) << "a next hop that B holds needs no transit";
  EXPECT_FALSE(t.find_node("host-A")) << "no crypto ACL, no protected LAN";
  ASSERT_EQ(t.find_node("A")->routes.size(), 1u);
  EXPECT_EQ(t.find_node("A")->routes[0].destination, P("10.1.0.0/16"));
  const auto& notes = t.notes;
  EXPECT_NE(std::find(notes.begin(), notes.end(), "A GigabitEthernet0/2 has no address: not wired"), notes.end());
  EXPECT_NE(std::find(notes.begin(), notes.end(),
                      "A route 0.0.0.0/0 via 192.0.2.1: next hop on no connected segment, route left out"),
            notes.end());
}

TEST(LabTopology, HostTakesTheNextFreeAddress) {
  plan::Plan a = router("A", {{"GigabitEthernet0/1", "10.9.9.4/24"}});
  plan::CryptoMapEntry e;
  e.selectors.push_back({plan::SelectorAction::Permit, 0, P("10.9.9.0/24"), {}, P("10.8.0.0/16"), {}});
  a.crypto_maps.push_back({"M", {e}, std::nullopt, std::nullopt, std::nullopt});
  plan::HsrpGroup g;
  g.interface = "GigabitEthernet0/1";
  g.virtual_ip = A("10.9.9.5");
  a.hsrp_groups.push_back(g);
  const DeriveResult d = derive_topology({a});
  ASSERT_TRUE(d.topology) << d.error;
  const Node* host = d.topology->find_node("host-A");
  ASSERT_TRUE(host);
  EXPECT_EQ(addresses_of(*host), (std::vector<std::string>{"eth0 10.9.9.6/24"}));
  EXPECT_EQ(host->routes.at(0).via, A("10.9.9.5"));
}

TEST(LabTopology, RefusesWhatCannotBeWired) {
  EXPECT_EQ(derive_topology({}).error, "no router configs");
  const plan::Plan a = router("A", {{"GigabitEthernet0/0", "10.0.0.1/24"}});
  EXPECT_EQ(derive_topology({a, a}).error, "two configs have hostname A");
  const plan::Plan b = router("B", {{"GigabitEthernet0/3", "10.0.0.1/24"}});
  EXPECT_EQ(derive_topology({a, b}).error,
            "address 10.0.0.1 is on both A GigabitEthernet0/0 and B GigabitEthernet0/3");
  EXPECT_NE(derive_topology({router("transit", {})}).error.find("a name the lab gives its own nodes"), std::string::npos);
  EXPECT_NE(derive_topology({router("../etc", {})}).error.find("cannot name a namespace"), std::string::npos);
}

}  // namespace
}  // namespace havpnc::lab
