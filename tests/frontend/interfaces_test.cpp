#include <gtest/gtest.h>

#include "compiler/model/interface_name.h"
#include "frontend_test_util.h"

namespace havpnc::frontend::testing {
namespace {

TEST(InterfaceName, NormalisesEveryFormPeopleWrite) {
  auto full = [](const char* written) {
    auto n = model::normalize_interface_name(written);
    return n ? n->full : std::string("<invalid>");
  };
  EXPECT_EQ(full("GigabitEthernet0/1"), "GigabitEthernet0/1");
  EXPECT_EQ(full("Gi0/1"), "GigabitEthernet0/1");
  EXPECT_EQ(full("g0/1"), "GigabitEthernet0/1");
  EXPECT_EQ(full("gig 0/1"), "GigabitEthernet0/1");
  EXPECT_EQ(full("fa0/0"), "FastEthernet0/0");
  EXPECT_EQ(full("Te1/0/1"), "TenGigabitEthernet1/0/1");
  EXPECT_EQ(full("lo0"), "Loopback0");
  EXPECT_EQ(full("Tu100"), "Tunnel100");
  EXPECT_EQ(full("vlan146"), "Vlan146");
  EXPECT_EQ(full("Gi0/1.100"), "GigabitEthernet0/1.100");
  EXPECT_EQ(full("Port-channel1"), "Port-channel1");
  EXPECT_EQ(full("t0"), "<invalid>");         // Tunnel or TenGigabitEthernet
  EXPECT_EQ(full("Gi0/"), "<invalid>");
  EXPECT_EQ(full("Bogus0/1"), "<invalid>");
  EXPECT_EQ(model::normalize_interface_name("g0/1")->short_form(), "Gi0/1");
}

TEST(Interfaces, AddressesShutdownAndCryptoMap) {
  auto d = parse(
      "interface GigabitEthernet0/1\n"
      " description outside to transit\n"
      " ip address 6.6.156.10 255.255.255.0\n"
      " ip address 10.0.0.1 255.255.255.252 secondary\n"
      " shutdown\n"
      " crypto map MAP2 redundancy HSRP stateful\n"
      "interface Gi0/0\n"
      " no ip address\n");
  ASSERT_EQ(d.interfaces.size(), 2u);
  const auto& outside = d.interfaces.at("GigabitEthernet0/1");
  EXPECT_EQ(outside.description->value, "outside to transit");
  EXPECT_EQ(outside.address->value.to_string(), "6.6.156.10/24");
  EXPECT_EQ(outside.address->range.line, 3u);
  EXPECT_EQ(outside.address->range.col, 2u);
  ASSERT_EQ(outside.secondary_addresses.size(), 1u);
  EXPECT_EQ(outside.secondary_addresses[0].value.length, 30);
  EXPECT_TRUE(outside.shutdown.value);
  EXPECT_FALSE(outside.shutdown.defaulted);
  ASSERT_TRUE(outside.crypto_map);
  EXPECT_EQ(outside.crypto_map->map.value, "MAP2");
  EXPECT_EQ(outside.crypto_map->redundancy_group->value, "HSRP");
  EXPECT_TRUE(outside.crypto_map->stateful);
  const auto& inside = d.interfaces.at("GigabitEthernet0/0");
  EXPECT_TRUE(inside.no_ip_address);
  EXPECT_FALSE(inside.shutdown.value);
  EXPECT_TRUE(inside.shutdown.defaulted);
  EXPECT_EQ(d.status, model::ParseStatus::Passed);
}

TEST(Standby, EveryOptionOfAGroup) {
  auto d = parse(
      "interface GigabitEthernet0/1\n"
      " ip address 6.6.156.10 255.255.255.0\n"
      " standby version 2\n"
      " standby 2 ip 6.6.156.100\n"
      " standby 2 ip 6.6.156.101 secondary\n"
      " standby 2 timers msec 100 msec 300\n"
      " standby 2 priority 110\n"
      " standby 2 preempt delay minimum 30 reload 60\n"
      " standby 2 authentication md5 key-string 7 0822455D0A16\n"
      " standby 2 name HSRP\n"
      " standby 2 track 3 decrement 30\n"
      " standby 2 track 4 shutdown\n"
      " standby 300 ip 6.6.156.200\n");
  const auto& itf = d.interfaces.at("GigabitEthernet0/1");
  EXPECT_EQ(itf.hsrp_version.value, 2u);
  ASSERT_EQ(itf.hsrp_groups.size(), 2u);
  const auto& g = itf.hsrp_groups[0];
  EXPECT_EQ(g.number.value, 2u);
  EXPECT_EQ(g.virtual_ip->value.to_string(), "6.6.156.100");
  EXPECT_EQ(g.secondary_ips.size(), 1u);
  EXPECT_EQ(g.hello_ms.value, 100u);
  EXPECT_EQ(g.hold_ms.value, 300u);
  EXPECT_EQ(g.priority.value, 110u);
  EXPECT_TRUE(g.preempt);
  EXPECT_EQ(g.preempt_delay_minimum->value, 30u);
  EXPECT_EQ(g.preempt_delay_reload->value, 60u);
  ASSERT_TRUE(g.authentication);
  EXPECT_EQ(g.authentication->kind, model::HsrpAuthentication::Kind::Md5KeyString);
  EXPECT_EQ(g.authentication->key.encryption_type, 7u);
  EXPECT_EQ(g.name->value, "HSRP");
  ASSERT_EQ(g.tracks.size(), 2u);
  EXPECT_EQ(g.tracks[0].decrement.value, 30u);
  EXPECT_TRUE(g.tracks[1].shutdown);
  EXPECT_EQ(itf.hsrp_groups[1].number.value, 300u);  // legal under version 2
  EXPECT_TRUE(d.diagnostics.empty());
}

TEST(Standby, DefaultsAreMarked) {
  auto d = parse("interface Gi0/1\n standby ip 10.0.0.1\n standby track 1\n");
  const auto& g = d.interfaces.at("GigabitEthernet0/1").hsrp_groups.at(0);
  EXPECT_EQ(g.number.value, 0u);
  EXPECT_TRUE(g.number.defaulted);
  EXPECT_EQ(g.priority.value, 100u);
  EXPECT_TRUE(g.priority.defaulted);
  EXPECT_EQ(g.hello_ms.value, 3000u);
  EXPECT_EQ(g.hold_ms.value, 10000u);
  EXPECT_TRUE(g.hold_ms.defaulted);
  EXPECT_EQ(g.tracks.at(0).decrement.value, 10u);
  EXPECT_TRUE(g.tracks.at(0).decrement.defaulted);
  EXPECT_FALSE(g.authentication);
}

TEST(Standby, InvalidValuesAreDiagnosedWhereTheyAre) {
  auto d = parse(
      "interface Gi0/1\n"
      " standby 1 priority 300\n"
      " standby 5000 ip 10.0.0.1\n"
      " standby 300 ip 10.0.0.2\n"
      " standby 1 timers 5 3\n"
      " standby 1 ip 256.1.1.1\n");
  EXPECT_TRUE(has_diagnostic_at(d, "syntax-invalid", 2));  // priority 0-255
  EXPECT_TRUE(has_diagnostic_at(d, "syntax-invalid", 3));  // group beyond 4095
  EXPECT_TRUE(has_diagnostic_at(d, "syntax-invalid", 4));  // 300 needs version 2
  EXPECT_TRUE(has_diagnostic_at(d, "syntax-invalid", 5));  // hold not above hello
  EXPECT_TRUE(has_diagnostic_at(d, "syntax-invalid", 6));  // not an address
  const auto& groups = d.interfaces.at("GigabitEthernet0/1").hsrp_groups;
  EXPECT_EQ(groups.at(0).priority.value, 100u);  // the invalid value was not taken
  EXPECT_TRUE(groups.at(0).priority.defaulted);
}

TEST(Interfaces, BadAddressesAndMasks) {
  auto d = parse(
      "interface Gi0/0\n"
      " ip address 10.0.0.1 255.0.255.0\n"   // non-contiguous
      " ip address 10.0.0.0 255.255.255.0\n"  // network address
      "interface Bogus1\n");
  EXPECT_TRUE(has_diagnostic_at(d, "syntax-invalid", 2));
  EXPECT_TRUE(has_diagnostic_at(d, "syntax-invalid", 3));
  EXPECT_TRUE(has_diagnostic_at(d, "syntax-invalid", 4));
  EXPECT_FALSE(d.interfaces.at("GigabitEthernet0/0").address);
}

}  // namespace
}  // namespace havpnc::frontend::testing
