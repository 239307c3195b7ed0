// ha-sso-security: SSO without `security ipsec`.
#include <gtest/gtest.h>

#include "tests/lint/rule_test_util.h"

namespace havpnc::lint::test {
namespace {

using model::Severity;

TEST(HaSsoSecurity, SeedRunsSsoInTheClear) {
  auto o = run_rule("ha-sso-security", {seed("R10")});
  const auto& f = expect_finding(o, 1, 0, "ha-sso-security", Severity::Warning, "R10.cfg:19", {});
  EXPECT_TRUE(contains(f.message, "security ipsec")) << f.message;
}

TEST(HaSsoSecurity, SecurityIpsecConfigured) {
  auto r10 = seed("R10");
  edit(r10, 21, "!", " security ipsec SSO-PROTECT");
  EXPECT_TRUE(run_rule("ha-sso-security", {r10}).findings.empty());
}

TEST(HaSsoSecurity, RouterWithoutSsoIsNotConcerned) {
  EXPECT_TRUE(run_rule("ha-sso-security", {seed("R2")}).findings.empty());
}
}  // namespace
}  // namespace havpnc::lint::test
