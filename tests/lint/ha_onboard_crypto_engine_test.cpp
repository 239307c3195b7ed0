// ha-onboard-crypto-engine: IOS 15.2 stateful router with the onboard engine on.
#include <gtest/gtest.h>

#include "tests/lint/rule_test_util.h"

namespace havpnc::lint::test {
namespace {

using model::Severity;

TEST(HaOnboardCryptoEngine, EngineStillEnabled) {
  auto net = seed_network();
  edit(net, "R10.cfg", 42, "no crypto engine onboard 0", "!");
  auto o = run_rule("ha-onboard-crypto-engine", net);
  const auto& f = expect_finding(o, 1, 0, "ha-onboard-crypto-engine", Severity::Warning, "R10.cfg:4", {"R10.cfg:82"});
  EXPECT_TRUE(contains(f.message, "no crypto engine onboard 0")) << f.message;
}

TEST(HaOnboardCryptoEngine, OtherReleaseIsNotConcerned) {
  auto net = seed_network();
  edit(net, "R10.cfg", 42, "no crypto engine onboard 0", "!");
  edit(net, "R10.cfg", 4, "version 15.2", "version 15.4");
  EXPECT_TRUE(run_rule("ha-onboard-crypto-engine", net).findings.empty());
}

TEST(HaOnboardCryptoEngine, SeedIsQuiet) {
  EXPECT_TRUE(run_rule("ha-onboard-crypto-engine", seed_network()).findings.empty());
}
}  // namespace
}  // namespace havpnc::lint::test
