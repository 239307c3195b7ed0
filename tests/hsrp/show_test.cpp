// `show standby` formatters against IOS 15 output (column layout of `show standby brief` as
// printed by IOS: see the seed and public lab captures).
#include <gtest/gtest.h>

#include "runtime/hsrp/show.h"
#include "runtime/hsrp/virtual_mac.h"
#include "tests/hsrp/harness.h"

namespace havpnc::hsrp {
namespace {

using test::ip;

GroupSnapshot r11_standby() {
  GroupSnapshot s;
  s.interface_name = "GigabitEthernet0/1";
  s.group = 2;
  s.version = Version::V1;
  s.name = "hsrp-Gi0/1-2";
  s.state = State::Standby;
  s.state_changes = 4;
  s.since_last_change = seconds(4 * 3600 + 50 * 60 + 43);
  s.virtual_ip = ip(6, 6, 156, 100);
  s.virtual_mac = virtual_mac(Version::V1, 2);
  s.hello = seconds(3);
  s.hold = seconds(10);
  s.next_hello_in = milliseconds(1696);
  s.preempt = true;
  s.active = RouterView{RouterView::Who::Peer, ip(6, 6, 156, 10), 100, milliseconds(9664)};
  s.standby.who = RouterView::Who::Local;
  s.priority = 100;
  s.configured_priority = 100;
  return s;
}

TEST(HsrpShow, BriefColumns) {
  auto active = r11_standby();
  active.interface_name = "GigabitEthernet0/0";
  active.group = 1;
  active.state = State::Active;
  active.priority = 90;
  active.preempt = false;
  active.active.who = RouterView::Who::Local;
  active.standby = RouterView{RouterView::Who::Unknown, 0, 0, std::nullopt};
  const GroupSnapshot groups[] = {r11_standby(), active};
  EXPECT_EQ(show_standby_brief(groups),
            "                     P indicates configured to preempt.\n"
            "                     |\n"
            "Interface   Grp  Pri P State   Active          Standby         Virtual IP\n"
            "Gi0/1       2    100 P Standby 6.6.156.10      local           6.6.156.100\n"
            "Gi0/0       1    90    Active  local           unknown         6.6.156.100\n");
}

TEST(HsrpShow, LongFormV1) {
  const GroupSnapshot groups[] = {r11_standby()};
  EXPECT_EQ(show_standby(groups),
            "GigabitEthernet0/1 - Group 2\n"
            "  State is Standby\n"
            "    4 state changes, last state change 04:50:43\n"
            "  Virtual IP address is 6.6.156.100\n"
            "  Active virtual MAC address is 0000.0c07.ac02\n"
            "    Local virtual MAC address is 0000.0c07.ac02 (v1 default)\n"
            "  Hello time 3 sec, hold time 10 sec\n"
            "    Next hello sent in 1.696 secs\n"
            "  Preemption enabled\n"
            "  Active router is 6.6.156.10, priority 100 (expires in 9.664 sec)\n"
            "  Standby router is local\n"
            "  Priority 100 (default 100)\n"
            "  Group name is \"hsrp-Gi0/1-2\" (default)\n");
}

TEST(HsrpShow, LongFormV2Md5MsecTrackedPriority) {
  auto s = r11_standby();
  s.version = Version::V2;
  s.virtual_mac = virtual_mac(Version::V2, 2);
  s.hello = milliseconds(200);
  s.hold = milliseconds(750);
  s.auth = AuthKind::Md5;
  s.auth_is_default = false;
  s.preempt_delay_minimum = seconds(30);
  s.priority = 90;
  s.configured_priority = 110;
  s.state_changes = 1;
  s.tracking = {TrackLine{1, false, 20}};
  const GroupSnapshot groups[] = {s};
  const auto text = show_standby(groups);
  EXPECT_NE(text.find("GigabitEthernet0/1 - Group 2 (version 2)\n"), std::string::npos);
  EXPECT_NE(text.find("    1 state change, last"), std::string::npos);
  EXPECT_NE(text.find("0000.0c9f.f002 (v2 default)"), std::string::npos);
  EXPECT_NE(text.find("  Hello time 200 msec, hold time 750 msec\n"), std::string::npos);
  EXPECT_NE(text.find("  Authentication MD5, key-string\n"), std::string::npos);
  EXPECT_NE(text.find("  Preemption enabled, delay min 30 secs\n"), std::string::npos);
  EXPECT_NE(text.find("  Priority 90 (configured 110)\n    Track object 1 state Down decrement 20\n"),
            std::string::npos);
  EXPECT_EQ(to_json(s)["tracking"][0]["state"], "Down");
}

TEST(HsrpShow, LiveGroupSnapshotAndJson) {
  test::Harness h(test::seed_config());
  h.up();
  h.advance(seconds(20));
  const auto snap = h.group.snapshot(h.now + milliseconds(500));
  EXPECT_EQ(snap.state, State::Active);
  EXPECT_EQ(snap.state_changes, 4u);
  ASSERT_TRUE(snap.next_hello_in);
  const auto j = to_json(snap);
  EXPECT_EQ(j["state"], "Active");
  EXPECT_EQ(j["virtual_ip"], "6.6.156.100");
  EXPECT_EQ(j["virtual_mac"], "0000.0c07.ac02");
  EXPECT_EQ(j["active"]["who"], "local");
  EXPECT_EQ(j["standby"]["who"], "unknown");
  EXPECT_EQ(j["hold_ms"], 10000);
  EXPECT_EQ(j["priority"], 100);
  EXPECT_EQ(j["authentication"], "text");
  const GroupSnapshot both[] = {snap, snap};
  EXPECT_EQ(to_json(both).size(), 2u);
  // Keys never reach show output.
  EXPECT_EQ(show_standby(both).find("cisco"), std::string::npos);
  EXPECT_EQ(j.dump().find("cisco"), std::string::npos);
}

}  // namespace
}  // namespace havpnc::hsrp
