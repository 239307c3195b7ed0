// ha-peer-not-vip: the remote peer targets an HA router's physical address.
#include <gtest/gtest.h>

#include "tests/lint/rule_test_util.h"

namespace havpnc::lint::test {
namespace {

using model::Severity;

TEST(HaPeerNotVip, SetPeerToPhysicalAddress) {
  auto net = seed_network();
  edit(net, "R2.cfg", 32, " set peer 6.6.156.100", " set peer 6.6.156.10");
  auto o = run_rule("ha-peer-not-vip", net);
  const auto& f = expect_finding(o, 1, 0, "ha-peer-not-vip", Severity::Error, "R2.cfg:32", {"R10.cfg:75"});
  EXPECT_TRUE(contains(f.message, "6.6.156.100")) << f.message;
}

TEST(HaPeerNotVip, IsakmpKeyForPhysicalAddress) {
  auto net = seed_network();
  edit(net, "R2.cfg", 23, "crypto isakmp key cisco address 6.6.156.100", "crypto isakmp key cisco address 6.6.156.11");
  auto o = run_rule("ha-peer-not-vip", net);
  const auto& f = expect_finding(o, 1, 0, "ha-peer-not-vip", Severity::Error, "R2.cfg:23", {"R11.cfg:75"});
  EXPECT_FALSE(contains(f.message, "cisco")) << f.message;
}

TEST(HaPeerNotVip, SeedIsQuiet) { EXPECT_TRUE(run_rule("ha-peer-not-vip", seed_network()).findings.empty()); }
}  // namespace
}  // namespace havpnc::lint::test
