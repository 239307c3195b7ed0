#include "runtime/sso/show.h"

#include <gtest/gtest.h>

#include "runtime/sso/sso_node.h"

namespace havpnc::sso {
namespace {

RedundancyStatus r10_in_the_seed() {
  RedundancyStatus s;
  s.my_state = RfState::Active;
  s.peer_state = RfState::StandbyHot;
  s.communications_up = true;
  s.group_name = "HSRP";
  s.group_state = "Active";
  s.vip = "6.6.156.100";
  s.stamp = {0xC0, 0x7F, 0xF5, 0xAE, 0x96, 0x7E, 0x06, 0xE3, 0xFC, 0x92, 0xF3, 0x60, 0x92, 0x51, 0x49, 0x88};
  return s;
}

// The seed's R10 output, minus the two lines about IOS internals (see show.h).
TEST(SsoShow, RedundancyStatesOfTheSeedsActive) {
  EXPECT_EQ(show_redundancy_states(r10_in_the_seed()),
            "my state = 13 -ACTIVE\n"
            "peer state = 8 -STANDBY HOT\n"
            "Mode = Duplex\n"
            "Unit ID = 0\n"
            "Maintenance Mode = Disabled\n"
            "Manual Swact = enabled\n"
            "Communications = Up\n"
            "client count = 2\n");
}

TEST(SsoShow, RedundancyStatesOfTheSeedsStandby) {
  RedundancyStatus s = r10_in_the_seed();
  s.my_state = RfState::StandbyHot;
  s.peer_state = RfState::Active;
  const std::string out = show_redundancy_states(s);
  EXPECT_NE(out.find("my state = 8 -STANDBY HOT\npeer state = 13 -ACTIVE\n"), std::string::npos);
  EXPECT_NE(out.find("Manual Swact = cannot be initiated from this the standby unit\n"), std::string::npos);
}

TEST(SsoShow, ActiveWithALostPeer) {
  RedundancyStatus s = r10_in_the_seed();
  s.peer_state = RfState::Disabled;
  s.communications_up = false;
  const std::string out = show_redundancy_states(s);
  EXPECT_NE(out.find("peer state = 1 -DISABLED\nMode = Simplex\n"), std::string::npos);
  EXPECT_NE(out.find("Manual Swact = disabled\nCommunications = Down\n"), std::string::npos);
}

TEST(SsoShow, InterDeviceAsTheSeedPrintsIt) {
  EXPECT_EQ(show_redundancy_inter_device(r10_in_the_seed()),
            "Redundancy inter-device state: RF_INTERDEV_STATE_ACT\n"
            "Scheme: Standby\n"
            "Groupname: HSRP Group State: Active\n"
            "Peer present: RF_INTERDEV_PEER_COMM\n"
            "Security: Not configured\n");
  RedundancyStatus s = r10_in_the_seed();
  s.my_state = RfState::StandbyHot;
  s.group_state = "Standby";
  EXPECT_EQ(show_redundancy_inter_device(s).substr(0, 54),
            "Redundancy inter-device state: RF_INTERDEV_STATE_STDBY");
}

TEST(SsoShow, CryptoHaAsTheSeedPrintsIt) {
  EXPECT_EQ(show_crypto_ha(r10_in_the_seed()),
            "IKE VIP: 6.6.156.100\n"
            "stamp: C0 7F F5 AE 96 7E 06 E3 FC 92 F3 60 92 51 49 88\n"
            "IPSec VIP: 6.6.156.100\n");
  RedundancyStatus none;
  EXPECT_EQ(show_crypto_ha(none), "");
}

TEST(SsoShow, Json) {
  nlohmann::json j = to_json(r10_in_the_seed());
  EXPECT_EQ(j["my_state"]["number"], 13);
  EXPECT_EQ(j["my_state"]["name"], "ACTIVE");
  EXPECT_EQ(j["peer_state"]["name"], "STANDBY HOT");
  EXPECT_EQ(j["inter_device_state"], "RF_INTERDEV_STATE_ACT");
  EXPECT_EQ(j["mode"], "Duplex");
  EXPECT_EQ(j["stamp"], "C0 7F F5 AE 96 7E 06 E3 FC 92 F3 60 92 51 49 88");
  EXPECT_EQ(j["security_configured"], false);
}

TEST(SsoShow, StatusOfALiveNode) {
  SsoNode n(SsoConfig{RfConfig{"HSRP", seconds(30)},
                      ChannelConfig{Secret(std::string_view("k")), "6.6.146.10", "6.6.146.11"},
                      TakeoverConfig{"6.6.156.100", {}, std::nullopt}, 16});
  n.start(TimePoint{});
  n.hsrp_changed(HsrpRole::Active, TimePoint{});
  RedundancyStatus s = status_of(n);
  EXPECT_EQ(s.my_state, RfState::Active);
  EXPECT_EQ(s.peer_state, RfState::Disabled);
  EXPECT_EQ(s.group_state, "Active");
  EXPECT_TRUE(s.security_configured);
  EXPECT_NE(show_redundancy_inter_device(s).find("Security: Configured\n"), std::string::npos);
  EXPECT_NE(show_redundancy_inter_device(s).find("RF_INTERDEV_PEER_NO_COMM"), std::string::npos);
}

}  // namespace
}  // namespace havpnc::sso
