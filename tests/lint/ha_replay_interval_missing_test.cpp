// ha-replay-interval-missing: a stateful map without replay-interval.
#include <gtest/gtest.h>

#include "tests/lint/rule_test_util.h"

namespace havpnc::lint::test {
namespace {

using model::Severity;

TEST(HaReplayIntervalMissing, StatefulMapWithoutInterval) {
  auto net = seed_network();
  edit(net, "R11.cfg", 56, "crypto map MAP2 redundancy replay-interval in 1000 out 1000", "!");
  auto o = run_rule("ha-replay-interval-missing", net);
  const auto& f = expect_finding(o, 1, 0, "ha-replay-interval-missing", Severity::Warning, "R11.cfg:57", {"R11.cfg:82"});
  EXPECT_TRUE(contains(f.message, "MAP2")) << f.message;
}

TEST(HaReplayIntervalMissing, NonStatefulMapIsNotConcerned) {
  EXPECT_TRUE(run_rule("ha-replay-interval-missing", {seed("R2")}).findings.empty());
}

TEST(HaReplayIntervalMissing, SeedIsQuiet) {
  EXPECT_TRUE(run_rule("ha-replay-interval-missing", seed_network()).findings.empty());
}
}  // namespace
}  // namespace havpnc::lint::test
