// ha-inter-device-missing: no SSO, no scheme, or a scheme for another group.
#include <gtest/gtest.h>

#include "tests/lint/rule_test_util.h"

namespace havpnc::lint::test {
namespace {

using model::Severity;

TEST(HaInterDeviceMissing, NoRedundancyInterDevice) {
  auto net = seed_network();
  edit(net, "R10.cfg", 19, "redundancy inter-device", "!");
  edit(net, "R10.cfg", 20, " scheme standby HSRP", "!");
  auto o = run_rule("ha-inter-device-missing", net);
  expect_finding(o, 1, 0, "ha-inter-device-missing", Severity::Error, "R10.cfg:82", {});
}

TEST(HaInterDeviceMissing, NoScheme) {
  auto net = seed_network();
  edit(net, "R11.cfg", 20, " scheme standby HSRP", "!");
  auto o = run_rule("ha-inter-device-missing", net);
  expect_finding(o, 1, 0, "ha-inter-device-missing", Severity::Error, "R11.cfg:19", {"R11.cfg:82"});
}

TEST(HaInterDeviceMissing, SchemeNamesAnotherGroup) {
  auto net = seed_network();
  edit(net, "R10.cfg", 20, " scheme standby HSRP", " scheme standby INSIDE");
  auto o = run_rule("ha-inter-device-missing", net);
  const auto& f = expect_finding(o, 1, 0, "ha-inter-device-missing", Severity::Error, "R10.cfg:20", {"R10.cfg:82"});
  EXPECT_TRUE(contains(f.message, "INSIDE")) << f.message;
}

TEST(HaInterDeviceMissing, SeedIsQuiet) {
  EXPECT_TRUE(run_rule("ha-inter-device-missing", seed_network()).findings.empty());
}
}  // namespace
}  // namespace havpnc::lint::test
