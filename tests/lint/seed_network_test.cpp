// The seed network (R2, R10, R11) is the reference deployment: every rule over it must
// produce no error, and exactly the warnings that describe its known weaknesses.
#include <algorithm>
#include <fstream>
#include <set>

#include <gtest/gtest.h>

#include "tests/lint/rule_test_util.h"

namespace havpnc::lint::test {
namespace {

using model::Severity;

TEST(SeedNetwork, NoErrorsAndTheExpectedWarnings) {
  auto o = run_all_rules(seed_network());
  std::multiset<std::string> got;
  for (const auto& f : o.findings) {
    EXPECT_NE(f.severity, Severity::Error) << o.describe();
    got.insert(f.rule + " " + o.where(f.location));
  }
  const std::multiset<std::string> expected{
      "crypto-weak R2.cfg:22",        "crypto-weak R2.cfg:34",        "crypto-weak R10.cfg:47",
      "crypto-weak R10.cfg:60",       "crypto-weak R11.cfg:47",       "crypto-weak R11.cfg:60",
      "psk-weak R2.cfg:23",           "psk-weak R10.cfg:48",          "psk-weak R11.cfg:48",
      "hsrp-auth-missing R10.cfg:65", "hsrp-auth-missing R10.cfg:75", "hsrp-auth-missing R11.cfg:65",
      "hsrp-auth-missing R11.cfg:75", "ha-sso-security R10.cfg:19",   "ha-sso-security R11.cfg:19",
  };
  EXPECT_EQ(got, expected) << o.describe();
}

TEST(SeedNetwork, RegistryIsInIdOrderWithUniqueIds) {
  auto rules = all_rules();
  ASSERT_EQ(rules.size(), 29u);  // +ha-sso-key-mismatch, ha-sso-key-missing (SSO channel key, issue 7)
  for (std::size_t i = 1; i < rules.size(); ++i) EXPECT_LT(rules[i - 1]->id(), rules[i]->id());
  for (const auto& r : rules) {
    EXPECT_FALSE(r->summary().empty()) << r->id();
    // Every rule documents itself.
    std::ifstream doc(std::string(HAVPNC_SOURCE_DIR) + "/docs/rules/" + std::string(r->id()) + ".md");
    EXPECT_TRUE(doc.good()) << "docs/rules/" << r->id() << ".md is missing";
  }
}
}  // namespace
}  // namespace havpnc::lint::test
