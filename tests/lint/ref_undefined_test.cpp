// ref-undefined: a use without a definition.
#include <gtest/gtest.h>

#include "tests/lint/rule_test_util.h"

namespace havpnc::lint::test {
namespace {

using model::Severity;

TEST(RefUndefined, MatchAddressNamesNoAcl) {
  auto net = seed_network();
  edit(net, "R10.cfg", 61, " match address HA_VPN", " match address HA_VPNX");
  auto o = run_rule("ref-undefined", net);
  const auto& f = expect_finding(o, 1, 0, "ref-undefined", Severity::Error, "R10.cfg:61", {});
  EXPECT_TRUE(contains(f.message, "HA_VPNX")) << f.message;
}

TEST(RefUndefined, TrackListMemberUndefined) {
  auto net = seed_network();
  edit(net, "R11.cfg", 40, " object 2", " object 7");
  auto o = run_rule("ref-undefined", net);
  expect_finding(o, 1, 0, "ref-undefined", Severity::Error, "R11.cfg:40", {});
}

// Batfish-style: the `security ipsec` use is reported where it is; defining the profile
// (`crypto ipsec profile`) silences it.
TEST(RefUndefined, SecurityIpsecNamesNoIpsecProfile) {
  auto r10 = seed("R10");
  edit(r10, 21, "!", " security ipsec SSO-PROTECT");
  auto o = run_rule("ref-undefined", {r10});
  const auto& f = expect_finding(o, 1, 0, "ref-undefined", Severity::Error, "R10.cfg:21", {});
  EXPECT_TRUE(contains(f.message, "ipsec profile SSO-PROTECT")) << f.message;
  edit(r10, 50, "!", "crypto ipsec profile SSO-PROTECT");
  EXPECT_TRUE(run_rule("ref-undefined", {r10}).findings.empty());
  edit(r10, 50, "crypto ipsec profile SSO-PROTECT", "crypto ipsec profile SSO-PROTECTED");
  expect_finding(run_rule("ref-undefined", {r10}), 1, 0, "ref-undefined", Severity::Error, "R10.cfg:21", {});
}

TEST(RefUndefined, SeedIsQuiet) { EXPECT_TRUE(run_rule("ref-undefined", seed_network()).findings.empty()); }
}  // namespace
}  // namespace havpnc::lint::test
