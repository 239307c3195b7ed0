// hsrp-auth-missing: groups without MD5.
#include <gtest/gtest.h>

#include "tests/lint/rule_test_util.h"

namespace havpnc::lint::test {
namespace {

using model::Severity;

TEST(HsrpAuthMissing, SeedGroupsHaveNoAuthentication) {
  auto o = run_rule("hsrp-auth-missing", {seed("R10")});
  expect_finding(o, 2, 0, "hsrp-auth-missing", Severity::Warning, "R10.cfg:65", {});
  const auto& f = expect_finding(o, 2, 1, "hsrp-auth-missing", Severity::Warning, "R10.cfg:75", {});
  EXPECT_TRUE(contains(f.message, "standby 2 on GigabitEthernet0/1")) << f.message;
}

TEST(HsrpAuthMissing, TextAuthenticationIsReportedAtItsLine) {
  auto r10 = seed("R10");
  edit(r10, 70, " duplex auto", " standby 1 authentication s3cr3t");
  edit(r10, 80, " duplex auto", " standby 2 authentication md5 key-string Kx9Lr7Qw2Zp");
  auto o = run_rule("hsrp-auth-missing", {r10});
  const auto& f = expect_finding(o, 1, 0, "hsrp-auth-missing", Severity::Warning, "R10.cfg:70", {});
  EXPECT_FALSE(contains(f.message, "s3cr3t")) << f.message;
}

TEST(HsrpAuthMissing, Md5IsQuiet) {
  auto r10 = seed("R10");
  edit(r10, 70, " duplex auto", " standby 1 authentication md5 key-string Kx9Lr7Qw2Zp");
  edit(r10, 80, " duplex auto", " standby 2 authentication md5 key-chain HSRP-KEYS");
  EXPECT_TRUE(run_rule("hsrp-auth-missing", {r10}).findings.empty());
}
}  // namespace
}  // namespace havpnc::lint::test
