// ha-track-incomplete: mutual tracking of the inside and the crypto-map interface.
#include <gtest/gtest.h>

#include "tests/lint/rule_test_util.h"

namespace havpnc::lint::test {
namespace {

using model::Severity;

TEST(HaTrackIncomplete, RedundancyGroupTracksOnlyInside) {
  auto net = seed_network();
  edit(net, "R10.cfg", 79, " standby 2 track 3 decrement 30", " standby 2 track 1 decrement 30");
  auto o = run_rule("ha-track-incomplete", net);
  const auto& f = expect_finding(o, 1, 0, "ha-track-incomplete", Severity::Error, "R10.cfg:75", {});
  EXPECT_TRUE(contains(f.message, "GigabitEthernet0/1")) << f.message;
}

TEST(HaTrackIncomplete, InsideGroupDoesNotTrackOutside) {
  auto net = seed_network();
  edit(net, "R10.cfg", 69, " standby 1 track 3 decrement 30", " standby 1 track 1 decrement 30");
  auto o = run_rule("ha-track-incomplete", net);
  const auto& f = expect_finding(o, 1, 0, "ha-track-incomplete", Severity::Error, "R10.cfg:65", {"R10.cfg:82"});
  EXPECT_TRUE(contains(f.message, "inside")) << f.message;
}

TEST(HaTrackIncomplete, BooleanOrListTracksNeitherInterface) {
  // An OR list stays up while either interface is up: a single link failure moves nothing.
  auto net = seed_network();
  edit(net, "R11.cfg", 38, "track 3 list boolean and", "track 3 list boolean or");
  auto o = run_rule("ha-track-incomplete", net);
  ASSERT_EQ(o.findings.size(), 3u) << o.describe();
  EXPECT_EQ(o.where(o.findings[0].location), "R11.cfg:75");
  EXPECT_EQ(o.where(o.findings[1].location), "R11.cfg:75");
  EXPECT_EQ(o.where(o.findings[2].location), "R11.cfg:65");
}

TEST(HaTrackIncomplete, CyclicTrackListsEndAndCountNothing) {
  // track 3 = AND(1, 4), track 4 = AND(3): IOS refuses the loop; a file may still hold it.
  auto net = seed_network();
  edit(net, "R10.cfg", 40, " object 2", " object 4");
  edit(net, "R10.cfg", 102, "end", "track 4 list boolean and\n object 3\nend");
  auto o = run_rule("ha-track-incomplete", net);
  expect_finding(o, 2, 0, "ha-track-incomplete", Severity::Error, "R10.cfg:75", {});
  EXPECT_TRUE(contains(o.findings[0].message, "its own interface")) << o.describe();
  expect_finding(o, 2, 1, "ha-track-incomplete", Severity::Error, "R10.cfg:65", {"R10.cfg:82"});
}

TEST(HaTrackIncomplete, SeedIsQuiet) { EXPECT_TRUE(run_rule("ha-track-incomplete", seed_network()).findings.empty()); }

}  // namespace
}  // namespace havpnc::lint::test
