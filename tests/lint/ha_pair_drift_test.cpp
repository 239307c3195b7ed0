// ha-pair-drift: one finding per difference between the two HA routers, both lines shown.
#include <gtest/gtest.h>

#include "tests/lint/rule_test_util.h"

namespace havpnc::lint::test {
namespace {

using model::Severity;

TEST(HaPairDrift, IsakmpEncryptionDiffers) {
  auto net = seed_network();
  edit(net, "R11.cfg", 45, " encr aes", " encr aes 256");
  auto o = run_rule("ha-pair-drift", net);
  const auto& f = expect_finding(o, 1, 0, "ha-pair-drift", Severity::Error, "R10.cfg:45", {"R11.cfg:45"});
  EXPECT_TRUE(contains(f.message, "crypto isakmp policy 10 encryption")) << f.message;
}

TEST(HaPairDrift, KeysDifferWithoutShowingThem) {
  auto net = seed_network();
  edit(net, "R11.cfg", 48, "crypto isakmp key cisco address 6.6.25.2", "crypto isakmp key Sup3rSecret99 address 6.6.25.2");
  auto o = run_rule("ha-pair-drift", net);
  const auto& f = expect_finding(o, 1, 0, "ha-pair-drift", Severity::Error, "R10.cfg:48", {"R11.cfg:48"});
  EXPECT_FALSE(contains(f.message, "Sup3rSecret99")) << f.message;
  EXPECT_FALSE(contains(f.message, "cisco")) << f.message;
}

TEST(HaPairDrift, PfsAndAclDiffer) {
  auto net = seed_network();
  edit(net, "R11.cfg", 60, " set pfs group2", " set pfs group14");
  edit(net, "R11.cfg", 91, " permit ip 6.6.146.0 0.0.0.255 6.6.2.0 0.0.0.255",
       " permit ip 6.6.146.0 0.0.0.255 6.6.3.0 0.0.0.255");
  auto o = run_rule("ha-pair-drift", net);
  expect_finding(o, 2, 0, "ha-pair-drift", Severity::Error, "R10.cfg:60", {"R11.cfg:60"});
  expect_finding(o, 2, 1, "ha-pair-drift", Severity::Error, "R10.cfg:91", {"R11.cfg:91"});
}

TEST(HaPairDrift, PolicyOnlyOnOneRouter) {
  auto net = seed_network();
  edit(net, "R10.cfg", 43, "!", "crypto isakmp policy 20");
  auto o = run_rule("ha-pair-drift", net);
  const auto& f = expect_finding(o, 1, 0, "ha-pair-drift", Severity::Error, "R10.cfg:43", {"R11.cfg:44"});
  EXPECT_TRUE(contains(f.message, "crypto isakmp policy 20")) << f.message;
}

TEST(HaPairDrift, HsrpTimersDiffer) {
  auto net = seed_network();
  edit(net, "R10.cfg", 80, " duplex auto", " standby 2 timers msec 250 msec 800");
  auto o = run_rule("ha-pair-drift", net);
  ASSERT_EQ(o.findings.size(), 2u) << o.describe();
  EXPECT_EQ(o.where(o.findings[0].location), "R10.cfg:80");
  EXPECT_EQ(o.related(o.findings[0]), std::vector<std::string>{"R11.cfg:75"});
  EXPECT_TRUE(contains(o.findings[0].message, "hello")) << o.describe();
  EXPECT_TRUE(contains(o.findings[1].message, "hold")) << o.describe();
}

// Under `security ipsec` each router keys the SSO channel with its key for the other's ipc
// address: the addresses differ by design, which is not drift (ha-sso-key-mismatch compares
// the keys). Without `security ipsec` the same lines are ordinary one-sided keys.
TEST(HaPairDrift, SsoChannelKeysForEachOthersIpcAddressAreNotDrift) {
  auto net = seed_network();
  edit(net, "R10.cfg", 52, "!", "crypto isakmp key SsoPair-2026 address 6.6.146.11");
  edit(net, "R11.cfg", 52, "!", "crypto isakmp key SsoPair-2026 address 6.6.146.10");
  EXPECT_EQ(run_rule("ha-pair-drift", net).findings.size(), 2u);
  for (const char* r : {"R10.cfg", "R11.cfg"}) {
    edit(net, r, 21, "!", " security ipsec SSO-PROTECT");
    edit(net, r, 50, "!", "crypto ipsec profile SSO-PROTECT");
  }
  auto o = run_rule("ha-pair-drift", net);
  EXPECT_TRUE(o.findings.empty()) << o.describe();
}

TEST(HaPairDrift, SeedIsQuiet) { EXPECT_TRUE(run_rule("ha-pair-drift", seed_network()).findings.empty()); }
}  // namespace
}  // namespace havpnc::lint::test
