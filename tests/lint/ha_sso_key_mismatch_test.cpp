// ha-sso-key-mismatch: the HA pair's SSO channel keys must be the same.
#include <gtest/gtest.h>

#include "tests/lint/rule_test_util.h"

namespace havpnc::lint::test {
namespace {

using model::Severity;

// The seed with `security ipsec SSO-PROTECT` and its profile on R10 and R11, each with a key
// for the other's ipc local-ip (line 52).
std::vector<Config> keyed_pair(const std::string& r10_key, const std::string& r11_key) {
  auto net = seed_network();
  for (const char* r : {"R10.cfg", "R11.cfg"}) {
    edit(net, r, 21, "!", " security ipsec SSO-PROTECT");
    edit(net, r, 50, "!", "crypto ipsec profile SSO-PROTECT");
  }
  if (!r10_key.empty()) edit(net, "R10.cfg", 52, "!", "crypto isakmp key " + r10_key + " address 6.6.146.11");
  if (!r11_key.empty()) edit(net, "R11.cfg", 52, "!", "crypto isakmp key " + r11_key + " address 6.6.146.10");
  return net;
}

TEST(HaSsoKeyMismatch, DifferentKeys) {
  auto o = run_rule("ha-sso-key-mismatch", keyed_pair("SsoPair-R10-2026", "SsoPair-R11-2026"));
  const auto& f = expect_finding(o, 1, 0, "ha-sso-key-mismatch", Severity::Warning, "R10.cfg:52", {"R11.cfg:52"});
  EXPECT_TRUE(contains(f.message, "fails authentication")) << f.message;
  // Compared, never shown.
  EXPECT_FALSE(contains(f.message, "SsoPair-R10-2026")) << f.message;
  EXPECT_FALSE(contains(f.message, "SsoPair-R11-2026")) << f.message;
}

TEST(HaSsoKeyMismatch, SameKeysAreQuiet) {
  EXPECT_TRUE(run_rule("ha-sso-key-mismatch", keyed_pair("SsoPair-2026", "SsoPair-2026")).findings.empty());
}

TEST(HaSsoKeyMismatch, OnlyOneRouterHasAKey) {
  auto o = run_rule("ha-sso-key-mismatch", keyed_pair("SsoPair-2026", ""));
  // R11 has `security ipsec` but no key: it runs clear while R10 seals.
  const auto& f = expect_finding(o, 1, 0, "ha-sso-key-mismatch", Severity::Warning, "R11.cfg:21", {"R10.cfg:52"});
  EXPECT_TRUE(contains(f.message, "R11: has no SSO channel key")) << f.message;
  EXPECT_FALSE(contains(f.message, "SsoPair-2026")) << f.message;
}

TEST(HaSsoKeyMismatch, HavpncSecurityKeyAgainstThePeersIsakmpKey) {
  auto net = keyed_pair("", "SsoPair-2026");
  edit(net, "R10.cfg", 21, " security ipsec SSO-PROTECT", " security key SsoPair-2026");
  EXPECT_TRUE(run_rule("ha-sso-key-mismatch", net).findings.empty());
  edit(net, "R10.cfg", 21, " security key SsoPair-2026", " security key 0 SsoPair-2027");
  expect_finding(run_rule("ha-sso-key-mismatch", net), 1, 0, "ha-sso-key-mismatch", Severity::Warning, "R10.cfg:21",
                 {"R11.cfg:52"});
}

TEST(HaSsoKeyMismatch, SeedRunsClearOnBothSidesAndIsQuiet) {
  EXPECT_TRUE(run_rule("ha-sso-key-mismatch", seed_network()).findings.empty());
}
}  // namespace
}  // namespace havpnc::lint::test
