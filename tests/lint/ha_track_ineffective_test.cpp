// ha-track-ineffective: the decrement does not cross the peer's priority.
#include <gtest/gtest.h>

#include "tests/lint/rule_test_util.h"

namespace havpnc::lint::test {
namespace {

using model::Severity;

TEST(HaTrackIneffective, DecrementTooSmall) {
  auto net = seed_network();
  edit(net, "R10.cfg", 77, " standby 2 priority 100", " standby 2 priority 140");
  auto o = run_rule("ha-track-ineffective", net);
  const auto& f = expect_finding(o, 1, 0, "ha-track-ineffective", Severity::Error, "R10.cfg:79", {"R11.cfg:77"});
  EXPECT_TRUE(contains(f.message, "110")) << f.message;
}

TEST(HaTrackIneffective, DefaultDecrementOfTen) {
  auto net = seed_network();
  edit(net, "R11.cfg", 69, " standby 1 track 3 decrement 30", " standby 1 track 3");
  edit(net, "R11.cfg", 67, " standby 1 priority 100", " standby 1 priority 110");
  auto o = run_rule("ha-track-ineffective", net);
  const auto& f = expect_finding(o, 1, 0, "ha-track-ineffective", Severity::Error, "R11.cfg:69", {"R10.cfg:67"});
  EXPECT_TRUE(contains(f.message, "(default)")) << f.message;
}

TEST(HaTrackIneffective, TrackShutdownIsAlwaysEffective) {
  auto net = seed_network();
  edit(net, "R10.cfg", 77, " standby 2 priority 100", " standby 2 priority 140");
  edit(net, "R10.cfg", 79, " standby 2 track 3 decrement 30", " standby 2 track 3 shutdown");
  EXPECT_TRUE(run_rule("ha-track-ineffective", net).findings.empty());
}

TEST(HaTrackIneffective, SeedIsQuiet) { EXPECT_TRUE(run_rule("ha-track-ineffective", seed_network()).findings.empty()); }

}  // namespace
}  // namespace havpnc::lint::test
