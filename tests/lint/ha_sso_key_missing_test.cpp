// ha-sso-key-missing: `security ipsec` with no pre-shared key for the ipc remote-ip.
#include <gtest/gtest.h>

#include "tests/lint/rule_test_util.h"

namespace havpnc::lint::test {
namespace {

using model::Severity;

// R10 with `security ipsec SSO-PROTECT` (line 21) and its profile (line 50).
Config protected_r10() {
  auto r10 = seed("R10");
  edit(r10, 21, "!", " security ipsec SSO-PROTECT");
  edit(r10, 50, "!", "crypto ipsec profile SSO-PROTECT");
  return r10;
}

TEST(HaSsoKeyMissing, NoKeyForTheRemoteIp) {
  auto o = run_rule("ha-sso-key-missing", {protected_r10()});
  // The `security ipsec` line, with the remote-ip line whose address has no key.
  const auto& f = expect_finding(o, 1, 0, "ha-sso-key-missing", Severity::Warning, "R10.cfg:21", {"R10.cfg:32"});
  EXPECT_TRUE(contains(f.message, "6.6.146.11")) << f.message;
  EXPECT_TRUE(contains(f.message, "in the clear")) << f.message;
}

TEST(HaSsoKeyMissing, AKeyForAnotherAddressDoesNotCount) {
  auto r10 = protected_r10();
  edit(r10, 52, "!", "crypto isakmp key SsoPairKey-2026 address 6.6.146.12");
  expect_finding(run_rule("ha-sso-key-missing", {r10}), 1, 0, "ha-sso-key-missing", Severity::Warning, "R10.cfg:21",
                 {"R10.cfg:32"});
}

TEST(HaSsoKeyMissing, GlobalKeyForTheRemoteIp) {
  auto r10 = protected_r10();
  edit(r10, 52, "!", "crypto isakmp key SsoPairKey-2026 address 6.6.146.11");
  EXPECT_TRUE(run_rule("ha-sso-key-missing", {r10}).findings.empty());
}

TEST(HaSsoKeyMissing, KeyForASubnetCounts) {
  auto r10 = protected_r10();
  edit(r10, 52, "!", "crypto isakmp key SsoPairKey-2026 address 6.6.146.0 255.255.255.0");
  EXPECT_TRUE(run_rule("ha-sso-key-missing", {r10}).findings.empty());
}

TEST(HaSsoKeyMissing, KeyringEntryForTheRemoteIp) {
  auto r10 = protected_r10();
  edit(r10, 51, "crypto ipsec security-association replay window-size 1024", "crypto keyring SSO");
  edit(r10, 52, "!", " pre-shared-key address 6.6.146.11 key SsoPairKey-2026");
  EXPECT_TRUE(run_rule("ha-sso-key-missing", {r10}).findings.empty());
}

TEST(HaSsoKeyMissing, TheKeyInThePlanIsNeverInTheMessage) {
  auto r10 = protected_r10();
  edit(r10, 52, "!", "crypto isakmp key SsoPairKey-2026 address 6.6.146.12");
  for (const auto& f : run_all_rules({r10}).findings) {
    EXPECT_FALSE(contains(f.message, "SsoPairKey-2026")) << f.rule << ": " << f.message;
  }
}

TEST(HaSsoKeyMissing, SeedHasNoSecurityIpsecSoHaSsoSecurityTalks) {
  EXPECT_TRUE(run_rule("ha-sso-key-missing", {seed("R10")}).findings.empty());
}

TEST(HaSsoKeyMissing, HavpncSecurityKeyIsAKey) {
  auto r10 = seed("R10");
  edit(r10, 21, "!", " security key 0 SsoPairKey-2026");
  EXPECT_TRUE(run_rule("ha-sso-key-missing", {r10}).findings.empty());
  EXPECT_TRUE(run_rule("ha-sso-security", {r10}).findings.empty());
}
}  // namespace
}  // namespace havpnc::lint::test
