// `show track` in IOS form and JSON.
#include <gtest/gtest.h>

#include "runtime/track/interface_name.h"
#include "runtime/track/show.h"

namespace havpnc::track {
namespace {

TEST(ShowTrack, IosFormForInterfaceAndList) {
  auto r = Tracker::create(
      {TrackConfig{1, InterfaceLineProtocol{"GigabitEthernet0/1"}, seconds(5), seconds(10)},
       TrackConfig{2, InterfaceLineProtocol{"GigabitEthernet0/0"}, {}, {}},
       TrackConfig{3, BooleanList{BooleanOp::And, {{1, false}, {2, true}}}, {}, {}}},
      TimePoint{});
  ASSERT_TRUE(r.tracker) << r.error;
  auto& t = *r.tracker;
  TimePoint now{};
  t.link_changed("GigabitEthernet0/1", true, now);
  now += seconds(5);
  t.timer_expired(1, now);
  now += seconds(60);
  t.link_changed("GigabitEthernet0/1", false, now);  // pending Down, 10 s delay
  now += seconds(3);
  const auto snap = t.snapshot(now);
  EXPECT_EQ(show_track(snap),
            "Track 1\n"
            "  Interface GigabitEthernet0/1 line-protocol\n"
            "  Line protocol is Up, delayed Down (7 secs remaining)\n"
            "    1 change, last change 00:01:03\n"
            "  Delay up 5 secs, down 10 secs\n"
            "Track 2\n"
            "  Interface GigabitEthernet0/0 line-protocol\n"
            "  Line protocol is Down\n"
            "    0 changes\n"
            "Track 3\n"
            "  List boolean and\n"
            "  Boolean AND is Up\n"
            "    1 change, last change 00:01:03\n"
            "    object 1 Up\n"
            "    object 2 not Down\n");
  const auto j = to_json(snap);
  ASSERT_EQ(j.size(), 3u);
  EXPECT_EQ(j[0]["type"], "interface");
  EXPECT_EQ(j[0]["state"], "Up");
  EXPECT_EQ(j[0]["pending"], "Down");
  EXPECT_EQ(j[0]["pending_remaining_ms"], 7000);
  EXPECT_EQ(j[2]["boolean"], "and");
  EXPECT_EQ(j[2]["objects"][1]["not"], true);
  EXPECT_EQ(j[2]["objects"][1]["state"], "Down");
}

TEST(InterfaceName, ShortForms) {
  EXPECT_EQ(short_interface_name("GigabitEthernet0/1"), "Gi0/1");
  EXPECT_EQ(short_interface_name("TenGigabitEthernet1/0/1"), "Te1/0/1");
  EXPECT_EQ(short_interface_name("FastEthernet0/0"), "Fa0/0");
  EXPECT_EQ(short_interface_name("Vlan10"), "Vl10");
  EXPECT_EQ(short_interface_name("Port-channel1"), "Po1");
  EXPECT_EQ(short_interface_name("eth0"), "eth0");
  EXPECT_EQ(short_interface_name("Gi0/1"), "Gi0/1");
}

}  // namespace
}  // namespace havpnc::track
