#include <gtest/gtest.h>

#include "frontend_test_util.h"

namespace havpnc::frontend::testing {
namespace {

TEST(Track, InterfaceAndBooleanLists) {
  auto d = parse(
      "track 1 interface GigabitEthernet0/0 line-protocol\n"
      "track 2 interface Gi 0/1 ip routing\n"
      " delay up 5 down 10\n"
      "track 3 list boolean and\n"
      " object 1\n"
      " object 2 not\n"
      "track 4 list boolean or\n"
      " object 4\n");
  EXPECT_EQ(d.tracks.at(1).kind, model::TrackObject::Kind::InterfaceLineProtocol);
  EXPECT_EQ(d.tracks.at(1).interface->value, "GigabitEthernet0/0");
  EXPECT_EQ(d.tracks.at(2).kind, model::TrackObject::Kind::InterfaceIpRouting);
  EXPECT_EQ(d.tracks.at(2).interface->value, "GigabitEthernet0/1");
  EXPECT_EQ(d.tracks.at(2).delay_up_seconds->value, 5u);
  EXPECT_EQ(d.tracks.at(2).delay_down_seconds->value, 10u);
  const auto& list = d.tracks.at(3);
  EXPECT_EQ(list.kind, model::TrackObject::Kind::ListBooleanAnd);
  ASSERT_EQ(list.members.size(), 2u);
  EXPECT_FALSE(list.members[0].negated);
  EXPECT_TRUE(list.members[1].negated);
  EXPECT_TRUE(has_diagnostic_at(d, "syntax-invalid", 8));  // a list cannot contain itself
}

TEST(IpcZone, SeedAssociationNestedAsIosPrintsIt) {
  auto d = parse(
      "ipc zone default\n"
      " association 1\n"
      "  no shutdown\n"
      "  protocol sctp\n"
      "   local-port 5000\n"
      "    local-ip 6.6.146.10\n"
      "    retransmit-timeout 300 10000\n"
      "    path-retransmit 5\n"
      "    assoc-retransmit 5\n"
      "   remote-port 5000\n"
      "    remote-ip 6.6.146.11\n");
  ASSERT_TRUE(d.ipc_zone);
  ASSERT_EQ(d.ipc_zone->associations.size(), 1u);
  const auto& a = d.ipc_zone->associations[0];
  EXPECT_EQ(a.id.value, 1u);
  EXPECT_FALSE(a.shutdown.value);
  EXPECT_FALSE(a.shutdown.defaulted);
  EXPECT_TRUE(a.protocol_sctp);
  EXPECT_EQ(a.local_port->value, 5000u);
  EXPECT_EQ(a.local_ips.at(0).value.to_string(), "6.6.146.10");
  EXPECT_EQ(a.remote_port->value, 5000u);
  EXPECT_EQ(a.remote_ips.at(0).value.to_string(), "6.6.146.11");
  EXPECT_EQ(a.retransmit_min_ms.value, 300u);
  EXPECT_FALSE(a.retransmit_min_ms.defaulted);
  EXPECT_EQ(a.path_retransmit.value, 5u);
  EXPECT_EQ(d.status, model::ParseStatus::Passed);
}

TEST(IpcZone, AnAssociationIsShutUntilNoShutdown) {
  auto d = parse("ipc zone default\n association 1\n  protocol sctp\n");
  EXPECT_TRUE(d.ipc_zone->associations.at(0).shutdown.value);
  EXPECT_TRUE(d.ipc_zone->associations.at(0).shutdown.defaulted);
}

TEST(Redundancy, InterDeviceIsNotTheChassisBlock) {
  auto d = parse(
      "redundancy\n"
      " mode sso\n"
      "redundancy inter-device\n"
      " scheme standby HSRP\n"
      " security ipsec SSO-PROFILE\n");
  ASSERT_TRUE(d.chassis_redundancy);
  EXPECT_EQ(d.chassis_redundancy->mode->value, "sso");
  ASSERT_TRUE(d.inter_device);
  EXPECT_EQ(d.inter_device->scheme_standby->value, "HSRP");
  EXPECT_EQ(d.inter_device->security_ipsec->value, "SSO-PROFILE");
}

TEST(References, DefinitionsAndUsesWithBothPlaces) {
  auto d = parse(
      "interface Gi0/1\n"
      " standby 2 name HSRP\n"
      " standby 2 track 3\n"
      " crypto map MAP2 redundancy HSRP stateful\n"
      "crypto map MAP2 10 ipsec-isakmp\n"
      " set transform-set NOPE\n"
      " match address HA_VPN\n"
      "ip access-list extended HA_VPN\n"
      " permit ip any any\n"
      "redundancy inter-device\n"
      " scheme standby HSRP\n");
  const auto& refs = d.references;
  EXPECT_TRUE(refs.find_definition(model::StructureKind::HsrpGroupName, "HSRP"));
  EXPECT_EQ(refs.uses_of(model::StructureKind::HsrpGroupName, "HSRP").size(), 2u);
  EXPECT_TRUE(refs.find_definition(model::StructureKind::AccessList, "HA_VPN"));
  ASSERT_EQ(refs.uses_of(model::StructureKind::AccessList, "HA_VPN").size(), 1u);
  EXPECT_EQ(refs.uses_of(model::StructureKind::AccessList, "HA_VPN")[0]->range.line, 7u);
  EXPECT_FALSE(refs.find_definition(model::StructureKind::TransformSet, "NOPE"));
  ASSERT_EQ(refs.uses_of(model::StructureKind::TransformSet, "NOPE").size(), 1u);
  EXPECT_EQ(refs.uses_of(model::StructureKind::TransformSet, "NOPE")[0]->context, "crypto map MAP2 10 set transform-set");
  EXPECT_FALSE(refs.find_definition(model::StructureKind::TrackObject, "3"));
  EXPECT_EQ(refs.uses_of(model::StructureKind::TrackObject, "3").size(), 1u);
}

}  // namespace
}  // namespace havpnc::frontend::testing
