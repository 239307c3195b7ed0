// crypto-weak: DES/3DES/MD5/group 1, 2, 5.
#include <gtest/gtest.h>

#include "tests/lint/rule_test_util.h"

namespace havpnc::lint::test {
namespace {

using model::Severity;

TEST(CryptoWeak, SeedGroup2IsWeak) {
  auto o = run_rule("crypto-weak", {seed("R2")});
  const auto& f = expect_finding(o, 2, 0, "crypto-weak", Severity::Warning, "R2.cfg:22", {});
  EXPECT_TRUE(contains(f.message, "group2")) << f.message;
  expect_finding(o, 2, 1, "crypto-weak", Severity::Warning, "R2.cfg:34", {});
}

TEST(CryptoWeak, TripleDesAndMd5) {
  auto r2 = seed("R2");
  edit(r2, 20, " encr aes", " encr 3des");
  edit(r2, 22, " group 2", " hash md5");
  edit(r2, 28, "crypto ipsec transform-set SET2 esp-aes esp-sha-hmac", "crypto ipsec transform-set SET2 esp-des esp-md5-hmac");
  edit(r2, 34, " set pfs group2", " set pfs group14");
  auto o = run_rule("crypto-weak", {r2});
  ASSERT_EQ(o.findings.size(), 5u) << o.describe();
  EXPECT_EQ(o.where(o.findings[0].location), "R2.cfg:20");
  EXPECT_EQ(o.where(o.findings[1].location), "R2.cfg:22");
  // No  line: IOS defaults to group 1, reported at the policy line.
  EXPECT_EQ(o.where(o.findings[2].location), "R2.cfg:19");
  EXPECT_TRUE(contains(o.findings[2].message, "IOS default")) << o.describe();
  EXPECT_EQ(o.where(o.findings[3].location), "R2.cfg:28");
  EXPECT_EQ(o.where(o.findings[4].location), "R2.cfg:28");
}

TEST(CryptoWeak, StrongSettingsAreQuiet) {
  auto r2 = seed("R2");
  edit(r2, 22, " group 2", " group 14");
  edit(r2, 34, " set pfs group2", " set pfs group14");
  EXPECT_TRUE(run_rule("crypto-weak", {r2}).findings.empty()) << run_rule("crypto-weak", {r2}).describe();
}
}  // namespace
}  // namespace havpnc::lint::test
