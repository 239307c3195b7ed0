// ha-hsrp-preempt-missing: the redundancy group without preempt.
#include <gtest/gtest.h>

#include "tests/lint/rule_test_util.h"

namespace havpnc::lint::test {
namespace {

using model::Severity;

TEST(HaHsrpPreemptMissing, RedundancyGroupWithoutPreempt) {
  auto net = seed_network();
  edit(net, "R11.cfg", 76, " standby 2 preempt", "!");
  auto o = run_rule("ha-hsrp-preempt-missing", net);
  const auto& f = expect_finding(o, 1, 0, "ha-hsrp-preempt-missing", Severity::Error, "R11.cfg:75", {"R11.cfg:82"});
  EXPECT_TRUE(contains(f.message, "standby 2 preempt")) << f.message;
}

TEST(HaHsrpPreemptMissing, InsideGroupIsNotTheRedundancyGroup) {
  auto net = seed_network();
  edit(net, "R11.cfg", 66, " standby 1 preempt", "!");
  EXPECT_TRUE(run_rule("ha-hsrp-preempt-missing", net).findings.empty());
}

TEST(HaHsrpPreemptMissing, SeedIsQuiet) {
  EXPECT_TRUE(run_rule("ha-hsrp-preempt-missing", seed_network()).findings.empty());
}

}  // namespace
}  // namespace havpnc::lint::test
