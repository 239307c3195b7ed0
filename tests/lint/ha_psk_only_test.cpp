// ha-psk-only: a stateful router whose ISAKMP policy allows rsa-sig.
#include <gtest/gtest.h>

#include "tests/lint/rule_test_util.h"

namespace havpnc::lint::test {
namespace {

using model::Severity;

TEST(HaPskOnly, RsaSigPolicyOnStatefulRouter) {
  auto net = seed_network();
  edit(net, "R10.cfg", 46, " authentication pre-share", " authentication rsa-sig");
  auto o = run_rule("ha-psk-only", net);
  const auto& f = expect_finding(o, 1, 0, "ha-psk-only", Severity::Error, "R10.cfg:46", {"R10.cfg:82"});
  EXPECT_TRUE(contains(f.message, "R10")) << f.message;
  EXPECT_TRUE(contains(f.message, "rsa-sig")) << f.message;
  EXPECT_EQ(f.devices, std::vector<std::string>{"R10"});
}

TEST(HaPskOnly, DefaultAuthenticationIsRsaSigAndPointsAtThePolicy) {
  auto net = seed_network();
  edit(net, "R11.cfg", 46, " authentication pre-share", " hash sha");
  auto o = run_rule("ha-psk-only", net);
  const auto& f = expect_finding(o, 1, 0, "ha-psk-only", Severity::Error, "R11.cfg:44", {"R11.cfg:82"});
  EXPECT_TRUE(contains(f.message, "IOS default")) << f.message;
}

TEST(HaPskOnly, RemotePeerWithoutStatefulMapIsNotConcerned) {
  auto net = seed_network();
  edit(net, "R2.cfg", 21, " authentication pre-share", " authentication rsa-sig");
  EXPECT_TRUE(run_rule("ha-psk-only", net).findings.empty());
}

TEST(HaPskOnly, SeedIsQuiet) { EXPECT_TRUE(run_rule("ha-psk-only", seed_network()).findings.empty()); }

}  // namespace
}  // namespace havpnc::lint::test
