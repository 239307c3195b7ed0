// ike-psk-mismatch: keys differ or are missing, never shown.
#include <gtest/gtest.h>

#include "tests/lint/rule_test_util.h"

namespace havpnc::lint::test {
namespace {

using model::Severity;

TEST(IkePskMismatch, KeysDiffer) {
  auto net = seed_network();
  edit(net, "R2.cfg", 23, "crypto isakmp key cisco address 6.6.156.100", "crypto isakmp key Other9Key77 address 6.6.156.100");
  auto o = run_rule("ike-psk-mismatch", net);
  const auto& f = expect_finding(o, 2, 0, "ike-psk-mismatch", Severity::Error, "R2.cfg:23", {"R10.cfg:48"});
  EXPECT_FALSE(contains(f.message, "Other9Key77")) << f.message;
  EXPECT_FALSE(contains(f.message, "cisco")) << f.message;
  expect_finding(o, 2, 1, "ike-psk-mismatch", Severity::Error, "R2.cfg:23", {"R11.cfg:48"});
}

TEST(IkePskMismatch, NoKeyForThePeer) {
  auto net = seed_network();
  edit(net, "R2.cfg", 23, "crypto isakmp key cisco address 6.6.156.100", "crypto isakmp key cisco address 6.6.156.101");
  auto o = run_rule("ike-psk-mismatch", net);
  const auto& f = expect_finding(o, 1, 0, "ike-psk-mismatch", Severity::Error, "R2.cfg:32", {});
  EXPECT_TRUE(contains(f.message, "6.6.156.100")) << f.message;
}

TEST(IkePskMismatch, HaRouterHasNoKeyBack) {
  auto net = seed_network();
  edit(net, "R11.cfg", 48, "crypto isakmp key cisco address 6.6.25.2", "crypto isakmp key cisco address 6.6.25.9");
  auto o = run_rule("ike-psk-mismatch", net);
  expect_finding(o, 1, 0, "ike-psk-mismatch", Severity::Error, "R11.cfg:58", {});
}

TEST(IkePskMismatch, WildcardKeyMatches) {
  auto net = seed_network();
  edit(net, "R2.cfg", 23, "crypto isakmp key cisco address 6.6.156.100", "crypto isakmp key cisco address 6.6.156.0 255.255.255.0");
  EXPECT_TRUE(run_rule("ike-psk-mismatch", net).findings.empty());
}

TEST(IkePskMismatch, SeedIsQuiet) { EXPECT_TRUE(run_rule("ike-psk-mismatch", seed_network()).findings.empty()); }
}  // namespace
}  // namespace havpnc::lint::test
