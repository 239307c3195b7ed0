// ha-hsrp-priority-mismatch: both priority lines, or the group line for a default priority.
#include <gtest/gtest.h>

#include "tests/lint/rule_test_util.h"

namespace havpnc::lint::test {
namespace {

using model::Severity;

TEST(HaHsrpPriorityMismatch, ConfiguredPrioritiesDiffer) {
  auto net = seed_network();
  edit(net, "R10.cfg", 77, " standby 2 priority 100", " standby 2 priority 110");
  auto o = run_rule("ha-hsrp-priority-mismatch", net);
  const auto& f = expect_finding(o, 1, 0, "ha-hsrp-priority-mismatch", Severity::Error, "R10.cfg:77", {"R11.cfg:77"});
  EXPECT_TRUE(contains(f.message, "110")) << f.message;
  EXPECT_EQ(f.devices, (std::vector<std::string>{"R10", "R11"}));
}

TEST(HaHsrpPriorityMismatch, DefaultPriorityPointsAtTheGroupLine) {
  auto net = seed_network();
  edit(net, "R10.cfg", 77, " standby 2 priority 100", " standby 2 priority 120");
  edit(net, "R11.cfg", 77, " standby 2 priority 100", "!");
  auto o = run_rule("ha-hsrp-priority-mismatch", net);
  const auto& f = expect_finding(o, 1, 0, "ha-hsrp-priority-mismatch", Severity::Error, "R10.cfg:77", {"R11.cfg:75"});
  EXPECT_TRUE(contains(f.message, "100 (default)")) << f.message;
}

TEST(HaHsrpPriorityMismatch, InsideGroupToo) {
  auto net = seed_network();
  edit(net, "R11.cfg", 67, " standby 1 priority 100", " standby 1 priority 90");
  auto o = run_rule("ha-hsrp-priority-mismatch", net);
  expect_finding(o, 1, 0, "ha-hsrp-priority-mismatch", Severity::Error, "R10.cfg:67", {"R11.cfg:67"});
}

TEST(HaHsrpPriorityMismatch, SeedIsQuiet) {
  EXPECT_TRUE(run_rule("ha-hsrp-priority-mismatch", seed_network()).findings.empty());
}

}  // namespace
}  // namespace havpnc::lint::test
