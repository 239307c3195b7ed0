// samples/broken/<rule-id>/ is a small network that must trigger <rule-id>.
#include <filesystem>

#include <gtest/gtest.h>

#include "tests/lint/rule_test_util.h"

namespace havpnc::lint::test {
namespace {

using model::Severity;

TEST(BrokenSamples, EachNetworkTriggersItsRule) {
  const std::filesystem::path root = std::filesystem::path(HAVPNC_SOURCE_DIR) / "samples" / "broken";
  ASSERT_TRUE(std::filesystem::is_directory(root));
  std::size_t checked = 0;
  for (const auto& rule : all_rules()) {
    const auto dir = root / std::string(rule->id());
    if (!std::filesystem::is_directory(dir)) {
      ADD_FAILURE() << "no samples/broken/" << rule->id();
      continue;
    }
    auto o = run_rule(rule->id(), configs_in(dir.string()));
    EXPECT_FALSE(o.findings.empty()) << "samples/broken/" << rule->id() << " does not trigger " << rule->id();
    ++checked;
  }
  EXPECT_EQ(checked, all_rules().size());
}
}  // namespace
}  // namespace havpnc::lint::test
