// ref-unused: a definition without a use.
#include <gtest/gtest.h>

#include "tests/lint/rule_test_util.h"

namespace havpnc::lint::test {
namespace {

using model::Severity;

TEST(RefUnused, AclNobodyMatches) {
  auto net = seed_network();
  edit(net, "R10.cfg", 61, " match address HA_VPN", " match address HA_VPNX");
  auto o = run_rule("ref-unused", net);
  const auto& f = expect_finding(o, 1, 0, "ref-unused", Severity::Warning, "R10.cfg:90", {});
  EXPECT_TRUE(contains(f.message, "HA_VPN")) << f.message;
}

TEST(RefUnused, TransformSetNobodySets) {
  auto r2 = seed("R2");
  edit(r2, 30, "!", "crypto ipsec transform-set SPARE esp-aes 256 esp-sha256-hmac");
  auto o = run_rule("ref-unused", {r2});
  expect_finding(o, 1, 0, "ref-unused", Severity::Warning, "R2.cfg:30", {});
}

// `tunnel protection ipsec profile` (not modelled) may be its user: not reported.
TEST(RefUnused, IpsecProfileIsNotReported) {
  auto r10 = seed("R10");
  edit(r10, 50, "!", "crypto ipsec profile TUNNELS");
  EXPECT_TRUE(run_rule("ref-unused", {r10}).findings.empty());
}

TEST(RefUnused, SeedIsQuiet) { EXPECT_TRUE(run_rule("ref-unused", seed_network()).findings.empty()); }
}  // namespace
}  // namespace havpnc::lint::test
