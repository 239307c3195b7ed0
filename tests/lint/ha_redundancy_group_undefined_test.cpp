// ha-redundancy-group-undefined: the map's redundancy name is no standby group's name.
#include <gtest/gtest.h>

#include "tests/lint/rule_test_util.h"

namespace havpnc::lint::test {
namespace {

using model::Severity;

TEST(HaRedundancyGroupUndefined, UnknownGroupName) {
  auto net = seed_network();
  edit(net, "R10.cfg", 82, " crypto map MAP2 redundancy HSRP stateful", " crypto map MAP2 redundancy HSRPX stateful");
  auto o = run_rule("ha-redundancy-group-undefined", net);
  const auto& f = expect_finding(o, 1, 0, "ha-redundancy-group-undefined", Severity::Error, "R10.cfg:82", {});
  EXPECT_TRUE(contains(f.message, "HSRPX")) << f.message;
}

TEST(HaRedundancyGroupUndefined, NameOnAnotherInterfaceIsAnotherRule) {
  auto net = seed_network();
  edit(net, "R10.cfg", 82, " crypto map MAP2 redundancy HSRP stateful", " crypto map MAP2 redundancy INSIDE stateful");
  EXPECT_TRUE(run_rule("ha-redundancy-group-undefined", net).findings.empty());
}

TEST(HaRedundancyGroupUndefined, SeedIsQuiet) {
  EXPECT_TRUE(run_rule("ha-redundancy-group-undefined", seed_network()).findings.empty());
}
}  // namespace
}  // namespace havpnc::lint::test
