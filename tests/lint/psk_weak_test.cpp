// psk-weak: well-known or short keys, never shown.
#include <gtest/gtest.h>

#include "tests/lint/rule_test_util.h"

namespace havpnc::lint::test {
namespace {

using model::Severity;

TEST(PskWeak, SeedKeyIsWellKnown) {
  auto o = run_rule("psk-weak", {seed("R2")});
  const auto& f = expect_finding(o, 1, 0, "psk-weak", Severity::Warning, "R2.cfg:23", {});
  EXPECT_TRUE(contains(f.message, "the pre-shared key for 6.6.156.100 is a well-known default")) << f.message;
  EXPECT_FALSE(contains(f.message, "cisco")) << f.message;
}

TEST(PskWeak, ShortKey) {
  auto r2 = seed("R2");
  edit(r2, 23, "crypto isakmp key cisco address 6.6.156.100", "crypto isakmp key qZ7v!x address 6.6.156.100");
  auto o = run_rule("psk-weak", {r2});
  const auto& f = expect_finding(o, 1, 0, "psk-weak", Severity::Warning, "R2.cfg:23", {});
  EXPECT_TRUE(contains(f.message, "only 6 characters")) << f.message;
  EXPECT_FALSE(contains(f.message, "qZ7v!x")) << f.message;
}

TEST(PskWeak, LongRandomKeyIsQuiet) {
  auto r2 = seed("R2");
  edit(r2, 23, "crypto isakmp key cisco address 6.6.156.100", "crypto isakmp key 4fT9qLm2Xw8RzP0v address 6.6.156.100");
  EXPECT_TRUE(run_rule("psk-weak", {r2}).findings.empty());
}

TEST(PskWeak, EncryptedKeyIsNotJudged) {
  auto r2 = seed("R2");
  edit(r2, 23, "crypto isakmp key cisco address 6.6.156.100", "crypto isakmp key 6 abc address 6.6.156.100");
  EXPECT_TRUE(run_rule("psk-weak", {r2}).findings.empty());
}
}  // namespace
}  // namespace havpnc::lint::test
