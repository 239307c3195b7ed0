// ha-peer-replay-window: the remote peer's window against the pair's outbound interval.
#include <gtest/gtest.h>

#include "tests/lint/rule_test_util.h"

namespace havpnc::lint::test {
namespace {

using model::Severity;

TEST(HaPeerReplayWindow, ConfiguredWindowTooSmall) {
  auto net = seed_network();
  edit(net, "R2.cfg", 26, "crypto ipsec security-association replay window-size 1024",
       "crypto ipsec security-association replay window-size 512");
  auto o = run_rule("ha-peer-replay-window", net);
  const auto& f = expect_finding(o, 1, 0, "ha-peer-replay-window", Severity::Error, "R2.cfg:26",
                                 {"R10.cfg:56", "R11.cfg:56"});
  EXPECT_TRUE(contains(f.message, "512")) << f.message;
  EXPECT_EQ(f.devices, (std::vector<std::string>{"R2", "R10", "R11"}));
}

TEST(HaPeerReplayWindow, DefaultWindowOf64) {
  auto net = seed_network();
  edit(net, "R2.cfg", 26, "crypto ipsec security-association replay window-size 1024", "!");
  auto o = run_rule("ha-peer-replay-window", net);
  ASSERT_EQ(o.findings.size(), 1u) << o.describe();
  EXPECT_TRUE(contains(o.findings[0].message, "64 (IOS default)")) << o.findings[0].message;
  EXPECT_EQ(o.file_of(o.findings[0].location), "R2.cfg");
}

TEST(HaPeerReplayWindow, ReplayDisabledOnPeerIsNotConcerned) {
  auto net = seed_network();
  edit(net, "R2.cfg", 26, "crypto ipsec security-association replay window-size 1024",
       "crypto ipsec security-association replay disable");
  EXPECT_TRUE(run_rule("ha-peer-replay-window", net).findings.empty());
}

TEST(HaPeerReplayWindow, SeedIsQuiet) { EXPECT_TRUE(run_rule("ha-peer-replay-window", seed_network()).findings.empty()); }
}  // namespace
}  // namespace havpnc::lint::test
