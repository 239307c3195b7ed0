// ha-crypto-map-not-on-hsrp-interface: the named group lives on another interface.
#include <gtest/gtest.h>

#include "tests/lint/rule_test_util.h"

namespace havpnc::lint::test {
namespace {

using model::Severity;

TEST(HaCryptoMapNotOnHsrpInterface, GroupOnTheInsideInterface) {
  auto net = seed_network();
  edit(net, "R10.cfg", 82, " crypto map MAP2 redundancy HSRP stateful", " crypto map MAP2 redundancy INSIDE stateful");
  auto o = run_rule("ha-crypto-map-not-on-hsrp-interface", net);
  const auto& f = expect_finding(o, 1, 0, "ha-crypto-map-not-on-hsrp-interface", Severity::Error, "R10.cfg:82",
                                 {"R10.cfg:68"});
  EXPECT_TRUE(contains(f.message, "GigabitEthernet0/0")) << f.message;
}

TEST(HaCryptoMapNotOnHsrpInterface, SeedIsQuiet) {
  EXPECT_TRUE(run_rule("ha-crypto-map-not-on-hsrp-interface", seed_network()).findings.empty());
}
}  // namespace
}  // namespace havpnc::lint::test
