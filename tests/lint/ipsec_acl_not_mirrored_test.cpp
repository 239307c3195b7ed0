// ipsec-acl-not-mirrored: each permit needs its mirror on the other end.
#include <gtest/gtest.h>

#include "tests/lint/rule_test_util.h"

namespace havpnc::lint::test {
namespace {

using model::Severity;

TEST(IpsecAclNotMirrored, DestinationDiffers) {
  auto net = seed_network();
  edit(net, "R2.cfg", 55, " permit ip 6.6.2.0 0.0.0.255 6.6.146.0 0.0.0.255", " permit ip 6.6.2.0 0.0.0.255 6.6.147.0 0.0.0.255");
  auto o = run_rule("ipsec-acl-not-mirrored", net);
  const auto& f = expect_finding(o, 4, 0, "ipsec-acl-not-mirrored", Severity::Error, "R2.cfg:55", {"R10.cfg:90"});
  EXPECT_TRUE(contains(f.message, "6.6.147.0/24")) << f.message;
  expect_finding(o, 4, 1, "ipsec-acl-not-mirrored", Severity::Error, "R10.cfg:91", {"R2.cfg:54"});
  expect_finding(o, 4, 2, "ipsec-acl-not-mirrored", Severity::Error, "R2.cfg:55", {"R11.cfg:90"});
  expect_finding(o, 4, 3, "ipsec-acl-not-mirrored", Severity::Error, "R11.cfg:91", {"R2.cfg:54"});
}

TEST(IpsecAclNotMirrored, HostBitsInWildcardDoNotMatter) {
  auto net = seed_network();
  edit(net, "R2.cfg", 55, " permit ip 6.6.2.0 0.0.0.255 6.6.146.0 0.0.0.255", " permit ip 6.6.2.7 0.0.0.255 6.6.146.0 0.0.0.255");
  EXPECT_TRUE(run_rule("ipsec-acl-not-mirrored", net).findings.empty());
}

TEST(IpsecAclNotMirrored, SeedIsQuiet) { EXPECT_TRUE(run_rule("ipsec-acl-not-mirrored", seed_network()).findings.empty()); }
}  // namespace
}  // namespace havpnc::lint::test
