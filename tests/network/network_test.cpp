// Network discovery on the seed HA deployment (R10/R11 share VIP 6.6.156.100, R2 peers with
// it) and on small inline configs for the edge cases: no ipc, non-mirrored ipc, a peer that
// is nobody's address, a physical-address peer, duplicate hostnames, three claimants.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "compiler/frontend/frontend.h"
#include "compiler/network/network.h"

namespace havpnc::network {
namespace {

using model::Ipv4;

Ipv4 ip(const char* text) { return *Ipv4::parse(text); }

struct Input {
  std::string path;
  std::string text;
};

Network make(const std::vector<Input>& inputs) {
  model::SourceFiles files;
  std::vector<model::Device> devices;
  for (const auto& in : inputs) {
    auto id = files.add(in.path);
    devices.push_back(frontend::parse_text(in.text, in.path, id));
  }
  return Network(std::move(devices), std::move(files));
}

Network seed() {
  model::SourceFiles files;
  std::vector<model::Device> devices;
  for (const char* name : {"R2", "R10", "R11"}) {
    devices.push_back(frontend::parse_file(std::string(HAVPNC_SOURCE_DIR) + "/samples/seed/" + name + ".cfg", files));
  }
  return Network(std::move(devices), std::move(files));
}

bool contains(const std::vector<std::string>& evidence, const std::string& needle) {
  for (const auto& e : evidence) {
    if (e.find(needle) != std::string::npos) return true;
  }
  return false;
}

std::string ha_router(const std::string& host, const std::string& outside, const std::string& inside,
                      const std::string& local_ip, const std::string& remote_ip, int local_port = 5000,
                      int remote_port = 5000) {
  return "hostname " + host +
         "\n"
         "ipc zone default\n"
         " association 1\n"
         "  no shutdown\n"
         "  protocol sctp\n"
         "   local-port " + std::to_string(local_port) + "\n"
         "    local-ip " + local_ip + "\n"
         "   remote-port " + std::to_string(remote_port) + "\n"
         "    remote-ip " + remote_ip + "\n"
         "interface GigabitEthernet0/0\n"
         " ip address " + inside + " 255.255.255.0\n"
         "interface GigabitEthernet0/1\n"
         " ip address " + outside + " 255.255.255.0\n"
         " standby 2 ip 10.0.0.100\n"
         " standby 2 name HSRP\n"
         " crypto map M redundancy HSRP stateful\n"
         "crypto map M 10 ipsec-isakmp\n"
         " set peer 10.9.9.9\n";
}

TEST(NetworkSeed, IndexesInterfaceAddressesAndVips) {
  Network net = seed();
  ASSERT_EQ(net.devices().size(), 3u);
  auto vip = net.owners_of(ip("6.6.156.100"));
  ASSERT_EQ(vip.size(), 2u);
  EXPECT_EQ(vip[0].device->display_name(), "R10");
  EXPECT_EQ(vip[1].device->display_name(), "R11");
  ASSERT_NE(vip[0].group, nullptr);
  EXPECT_EQ(vip[0].group->number.value, 2u);
  EXPECT_EQ(vip[0].interface->name.value, "GigabitEthernet0/1");
  EXPECT_EQ(vip[0].range.line, 75u);

  auto phys = net.owners_of(ip("6.6.25.2"));
  ASSERT_EQ(phys.size(), 1u);
  EXPECT_EQ(phys[0].device->display_name(), "R2");
  EXPECT_EQ(phys[0].group, nullptr);
  EXPECT_TRUE(net.owners_of(ip("6.6.25.3")).empty());
  EXPECT_TRUE(net.owners_of(ip("0.0.0.0")).empty());
  EXPECT_TRUE(net.owners_of(ip("255.255.255.255")).empty());
}

TEST(NetworkSeed, FindsTheHaPairOncePerSharedVipWithMirroredIpc) {
  Network net = seed();
  ASSERT_EQ(net.ha_pairs().size(), 2u);  // inside VIP 6.6.146.1 (group 1) and outside 6.6.156.100 (group 2)
  const HaPair& inside = net.ha_pairs()[0];
  const HaPair& outside = net.ha_pairs()[1];
  EXPECT_EQ(inside.virtual_ip, ip("6.6.146.1"));
  EXPECT_EQ(outside.virtual_ip, ip("6.6.156.100"));
  for (const HaPair* p : {&inside, &outside}) {
    EXPECT_EQ(p->first.device->display_name(), "R10");
    EXPECT_EQ(p->second.device->display_name(), "R11");
    EXPECT_TRUE(p->ipc_mirrored);
    ASSERT_NE(p->first.association, nullptr);
    EXPECT_EQ(p->first.association->local_ips.at(0).value, ip("6.6.146.10"));
    EXPECT_EQ(p->second.association->local_ips.at(0).value, ip("6.6.146.11"));
  }
  EXPECT_EQ(outside.first.group->number.value, 2u);
  EXPECT_EQ(outside.first.interface->name.value, "GigabitEthernet0/1");
  EXPECT_TRUE(contains(outside.evidence, "both run standby 2 ip 6.6.156.100"));
  EXPECT_TRUE(contains(outside.evidence, "R10.cfg:75"));
  EXPECT_TRUE(contains(outside.evidence, "R11.cfg:75"));
  EXPECT_TRUE(contains(outside.evidence, "ipc zone associations mirror each other"));

  const auto& devices = net.devices();
  EXPECT_TRUE(net.pairs_of(devices[0]).empty());  // R2
  EXPECT_EQ(net.pairs_of(devices[1]).size(), 2u);
  EXPECT_EQ(net.pairs_of(devices[2]).size(), 2u);
}

TEST(NetworkSeed, ResolvesR2PeerToBothMembersThroughTheVip) {
  Network net = seed();
  // R2 -> VIP (owned by R10 and R11); R10 and R11 -> 6.6.25.2 (R2's interface).
  ASSERT_EQ(net.tunnel_peers().size(), 4u);
  const TunnelPeer& r10 = net.tunnel_peers()[0];
  EXPECT_EQ(r10.local->display_name(), "R10");
  EXPECT_EQ(r10.remote.device->display_name(), "R2");
  EXPECT_EQ(r10.remote.group, nullptr);
  EXPECT_EQ(r10.peer.value, ip("6.6.25.2"));

  const TunnelPeer& a = net.tunnel_peers()[2];
  const TunnelPeer& b = net.tunnel_peers()[3];
  EXPECT_EQ(a.local->display_name(), "R2");
  EXPECT_EQ(a.remote.device->display_name(), "R10");
  EXPECT_EQ(b.remote.device->display_name(), "R11");
  ASSERT_NE(a.remote.group, nullptr);
  EXPECT_EQ(a.map->name.value, "MAP2");
  EXPECT_EQ(a.entry->sequence.value, 10u);
  EXPECT_EQ(a.peer.range.line, 32u);
  EXPECT_TRUE(contains(a.evidence, "`set peer 6.6.156.100`"));
  EXPECT_TRUE(contains(a.evidence, "HSRP virtual IP of standby 2 on GigabitEthernet0/1 of R10"));
  EXPECT_TRUE(contains(a.evidence, "R10 has a `crypto isakmp key` for 6.6.25.2"));

  const auto& devices = net.devices();
  EXPECT_EQ(net.tunnels_from(devices[0]).size(), 2u);
  EXPECT_EQ(net.tunnels_to(devices[0]).size(), 2u);
  EXPECT_EQ(net.tunnels_from(devices[1]).size(), 1u);
  EXPECT_EQ(net.tunnels_to(devices[1]).size(), 1u);
}

TEST(NetworkInline, NonMirroredIpcIsAPairButNotConfirmed) {
  Network net = make({{"a.cfg", ha_router("A", "10.0.0.1", "10.1.0.1", "10.1.0.1", "10.1.0.2")},
                      {"b.cfg", ha_router("B", "10.0.0.2", "10.1.0.2", "10.1.0.2", "10.1.0.1", 5000, 5001)}});
  ASSERT_EQ(net.ha_pairs().size(), 1u);
  EXPECT_FALSE(net.ha_pairs()[0].ipc_mirrored);
  EXPECT_NE(net.ha_pairs()[0].first.association, nullptr);
  EXPECT_TRUE(contains(net.ha_pairs()[0].evidence, "not mirror images"));
}

TEST(NetworkInline, MirroredIpcConfirmsThePair) {
  Network net = make({{"b.cfg", ha_router("B", "10.0.0.2", "10.1.0.2", "10.1.0.2", "10.1.0.1")},
                      {"a.cfg", ha_router("A", "10.0.0.1", "10.1.0.1", "10.1.0.1", "10.1.0.2")}});
  ASSERT_EQ(net.ha_pairs().size(), 1u);
  EXPECT_TRUE(net.ha_pairs()[0].ipc_mirrored);
  EXPECT_EQ(net.ha_pairs()[0].first.device->display_name(), "A");  // ordered by name, not input
}

TEST(NetworkInline, NoIpcZoneSaysWhichSideLacksIt) {
  std::string a = "hostname A\ninterface Gi0/1\n ip address 10.0.0.1 255.255.255.0\n standby 5 ip 10.0.0.100\n";
  std::string b = "hostname B\ninterface Gi0/1\n ip address 10.0.0.2 255.255.255.0\n standby 5 ip 10.0.0.100\n";
  Network net = make({{"a.cfg", a}, {"b.cfg", b}});
  ASSERT_EQ(net.ha_pairs().size(), 1u);
  EXPECT_FALSE(net.ha_pairs()[0].ipc_mirrored);
  EXPECT_EQ(net.ha_pairs()[0].first.association, nullptr);
  EXPECT_TRUE(contains(net.ha_pairs()[0].evidence, "no ipc zone association on A and B"));
}

TEST(NetworkInline, DifferentGroupNumbersSameVipStillPairWithEvidence) {
  std::string a = "hostname A\ninterface Gi0/1\n ip address 10.0.0.1 255.255.255.0\n standby 5 ip 10.0.0.100\n";
  std::string b = "hostname B\ninterface Gi0/1\n ip address 10.0.0.2 255.255.255.0\n standby 6 ip 10.0.0.100\n";
  Network net = make({{"a.cfg", a}, {"b.cfg", b}});
  ASSERT_EQ(net.ha_pairs().size(), 1u);
  EXPECT_TRUE(contains(net.ha_pairs()[0].evidence, "in different groups"));
}

TEST(NetworkInline, ThreeClaimantsGiveThreePairs) {
  auto dev = [](const std::string& h, const std::string& a) {
    return "hostname " + h + "\ninterface Gi0/1\n ip address " + a + " 255.255.255.0\n standby 1 ip 10.0.0.100\n";
  };
  Network net = make({{"c", dev("C", "10.0.0.3")}, {"a", dev("A", "10.0.0.1")}, {"b", dev("B", "10.0.0.2")}});
  ASSERT_EQ(net.ha_pairs().size(), 3u);
  EXPECT_EQ(net.ha_pairs()[0].first.device->display_name(), "A");
  EXPECT_EQ(net.ha_pairs()[0].second.device->display_name(), "B");
  EXPECT_EQ(net.ha_pairs()[1].second.device->display_name(), "C");
  EXPECT_EQ(net.ha_pairs()[2].first.device->display_name(), "B");
  EXPECT_TRUE(contains(net.ha_pairs()[0].evidence, "3 HSRP groups claim"));
}

TEST(NetworkInline, SameVipTwiceOnOneDeviceIsNoPair) {
  std::string a =
      "hostname A\ninterface Gi0/1\n ip address 10.0.0.1 255.255.255.0\n standby 1 ip 10.0.0.100\n"
      "interface Gi0/2\n ip address 10.0.1.1 255.255.255.0\n standby 2 ip 10.0.0.100\n";
  Network net = make({{"a", a}});
  EXPECT_TRUE(net.ha_pairs().empty());
  EXPECT_EQ(net.owners_of(ip("10.0.0.100")).size(), 2u);
}

TEST(NetworkInline, PeerOnNobodyOrOnSelfIsNoTunnel) {
  std::string a =
      "hostname A\ninterface Gi0/1\n ip address 10.0.0.1 255.255.255.0\n crypto map M\n"
      "crypto map M 10 ipsec-isakmp\n set peer 192.0.2.1\n"
      "crypto map M 20 ipsec-isakmp\n set peer 10.0.0.1\n";
  Network net = make({{"a", a}});
  EXPECT_TRUE(net.tunnel_peers().empty());
}

TEST(NetworkInline, PhysicalAddressPeerRecordsTheInterfaceOwner) {
  std::string a =
      "hostname A\ninterface Gi0/1\n ip address 10.0.0.1 255.255.255.0\n crypto map M\n"
      "crypto map M 10 ipsec-isakmp\n set peer 10.0.0.2\n set peer 10.0.0.3\n";
  std::string b = "hostname B\ninterface Gi0/1\n ip address 10.0.0.2 255.255.255.0\n";
  std::string c = "hostname C\ninterface Gi0/1\n ip address 10.0.0.3 255.255.255.0\n";
  Network net = make({{"a", a}, {"b", b}, {"c", c}});
  ASSERT_EQ(net.tunnel_peers().size(), 2u);
  EXPECT_EQ(net.tunnel_peers()[0].remote.device->display_name(), "B");
  EXPECT_EQ(net.tunnel_peers()[1].remote.device->display_name(), "C");
  EXPECT_TRUE(contains(net.tunnel_peers()[0].evidence, "the address of GigabitEthernet0/1 of B"));
  EXPECT_FALSE(contains(net.tunnel_peers()[0].evidence, "crypto isakmp key"));
}

TEST(NetworkInline, DuplicateHostnamesOrderByPath) {
  std::string x = "hostname X\ninterface Gi0/1\n ip address 10.0.0.1 255.255.255.0\n standby 1 ip 10.0.0.9\n";
  std::string y = "hostname X\ninterface Gi0/1\n ip address 10.0.0.2 255.255.255.0\n standby 1 ip 10.0.0.9\n";
  Network net = make({{"z.cfg", x}, {"a.cfg", y}});
  ASSERT_EQ(net.ha_pairs().size(), 1u);
  EXPECT_EQ(net.ha_pairs()[0].first.device->path, "a.cfg");
}

TEST(NetworkInline, EmptyNetwork) {
  Network net = make({});
  EXPECT_TRUE(net.ha_pairs().empty());
  EXPECT_TRUE(net.tunnel_peers().empty());
  EXPECT_TRUE(net.owners_of(ip("10.0.0.1")).empty());
}

}  // namespace
}  // namespace havpnc::network
