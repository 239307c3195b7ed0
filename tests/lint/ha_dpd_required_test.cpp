// ha-dpd-required: DPD on the HA routers and on their tunnel peers.
#include <gtest/gtest.h>

#include "tests/lint/rule_test_util.h"

namespace havpnc::lint::test {
namespace {

using model::Severity;

TEST(HaDpdRequired, HaRouterWithoutKeepalive) {
  auto net = seed_network();
  edit(net, "R10.cfg", 49, "crypto isakmp keepalive 10 3 periodic", "!");
  auto o = run_rule("ha-dpd-required", net);
  const auto& f = expect_finding(o, 1, 0, "ha-dpd-required", Severity::Error, "R10.cfg:82", {});
  EXPECT_TRUE(contains(f.message, "RFC 3706")) << f.message;
}

TEST(HaDpdRequired, TunnelPeerOfHaRouterWithoutKeepalive) {
  auto net = seed_network();
  edit(net, "R2.cfg", 24, "crypto isakmp keepalive 10 3 periodic", "!");
  auto o = run_rule("ha-dpd-required", net);
  ASSERT_EQ(o.findings.size(), 1u) << o.describe();
  const auto& f = o.findings[0];
  EXPECT_EQ(o.where(f.location), "R2.cfg:32");
  ASSERT_EQ(f.related.size(), 1u);
  EXPECT_TRUE(o.where(f.related[0].range) == "R10.cfg:82" || o.where(f.related[0].range) == "R11.cfg:82")
      << o.describe();
  EXPECT_EQ(f.devices.front(), "R2");
}

TEST(HaDpdRequired, PlainTunnelWithoutHaIsNotConcerned) {
  auto r2 = seed("R2");
  edit(r2, 24, "crypto isakmp keepalive 10 3 periodic", "!");
  EXPECT_TRUE(run_rule("ha-dpd-required", {r2}).findings.empty());
}

TEST(HaDpdRequired, SeedIsQuiet) { EXPECT_TRUE(run_rule("ha-dpd-required", seed_network()).findings.empty()); }

}  // namespace
}  // namespace havpnc::lint::test
