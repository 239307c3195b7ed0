// ipsec-pfs-mismatch: one end demands PFS the other does not offer.
#include <gtest/gtest.h>

#include "tests/lint/rule_test_util.h"

namespace havpnc::lint::test {
namespace {

using model::Severity;

TEST(IpsecPfsMismatch, PeerWithoutPfs) {
  auto net = seed_network();
  edit(net, "R2.cfg", 34, " set pfs group2", "!");
  auto o = run_rule("ipsec-pfs-mismatch", net);
  expect_finding(o, 2, 0, "ipsec-pfs-mismatch", Severity::Error, "R10.cfg:60", {"R2.cfg:31"});
  expect_finding(o, 2, 1, "ipsec-pfs-mismatch", Severity::Error, "R11.cfg:60", {"R2.cfg:31"});
}

TEST(IpsecPfsMismatch, DifferentGroups) {
  auto net = seed_network();
  edit(net, "R2.cfg", 34, " set pfs group2", " set pfs group14");
  auto o = run_rule("ipsec-pfs-mismatch", net);
  const auto& f = expect_finding(o, 2, 0, "ipsec-pfs-mismatch", Severity::Error, "R2.cfg:34", {"R10.cfg:60"});
  EXPECT_TRUE(contains(f.message, "group14")) << f.message;
}

TEST(IpsecPfsMismatch, SeedIsQuiet) { EXPECT_TRUE(run_rule("ipsec-pfs-mismatch", seed_network()).findings.empty()); }
}  // namespace
}  // namespace havpnc::lint::test
