// ike-proposal-mismatch: no ISAKMP policy in common.
#include <gtest/gtest.h>

#include "tests/lint/rule_test_util.h"

namespace havpnc::lint::test {
namespace {

using model::Severity;

TEST(IkeProposalMismatch, GroupDiffers) {
  auto net = seed_network();
  edit(net, "R2.cfg", 22, " group 2", " group 14");
  auto o = run_rule("ike-proposal-mismatch", net);
  const auto& f = expect_finding(o, 2, 0, "ike-proposal-mismatch", Severity::Error, "R2.cfg:32", {"R10.cfg:44"});
  EXPECT_TRUE(contains(f.message, "group14")) << f.message;
  EXPECT_EQ(f.devices, (std::vector<std::string>{"R2", "R10"}));
  expect_finding(o, 2, 1, "ike-proposal-mismatch", Severity::Error, "R2.cfg:32", {"R11.cfg:44"});
}

TEST(IkeProposalMismatch, OneCommonPolicyIsEnough) {
  auto net = seed_network();
  edit(net, "R2.cfg", 18, "!", "crypto isakmp policy 5");
  EXPECT_TRUE(run_rule("ike-proposal-mismatch", net).findings.empty());
}

TEST(IkeProposalMismatch, SeedIsQuiet) { EXPECT_TRUE(run_rule("ike-proposal-mismatch", seed_network()).findings.empty()); }
}  // namespace
}  // namespace havpnc::lint::test
