// ipsec-transform-mismatch: no transform set in common.
#include <gtest/gtest.h>

#include "tests/lint/rule_test_util.h"

namespace havpnc::lint::test {
namespace {

using model::Severity;

TEST(IpsecTransformMismatch, KeySizeDiffers) {
  auto net = seed_network();
  edit(net, "R2.cfg", 28, "crypto ipsec transform-set SET2 esp-aes esp-sha-hmac",
       "crypto ipsec transform-set SET2 esp-aes 256 esp-sha-hmac");
  auto o = run_rule("ipsec-transform-mismatch", net);
  expect_finding(o, 2, 0, "ipsec-transform-mismatch", Severity::Error, "R2.cfg:33", {"R10.cfg:59"});
  expect_finding(o, 2, 1, "ipsec-transform-mismatch", Severity::Error, "R2.cfg:33", {"R11.cfg:59"});
}

TEST(IpsecTransformMismatch, SameTransformsUnderAnotherNameMatch) {
  auto net = seed_network();
  edit(net, "R2.cfg", 28, "crypto ipsec transform-set SET2 esp-aes esp-sha-hmac",
       "crypto ipsec transform-set OTHER esp-sha-hmac esp-aes");
  edit(net, "R2.cfg", 33, " set transform-set SET2", " set transform-set OTHER");
  EXPECT_TRUE(run_rule("ipsec-transform-mismatch", net).findings.empty());
}

TEST(IpsecTransformMismatch, SeedIsQuiet) {
  EXPECT_TRUE(run_rule("ipsec-transform-mismatch", seed_network()).findings.empty());
}
}  // namespace
}  // namespace havpnc::lint::test
