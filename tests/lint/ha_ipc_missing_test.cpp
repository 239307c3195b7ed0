// ha-ipc-missing: the SSO SCTP association is absent, incomplete, shut or not local.
#include <gtest/gtest.h>

#include <sstream>

#include "tests/lint/rule_test_util.h"

namespace havpnc::lint::test {
namespace {

using model::Severity;

TEST(HaIpcMissing, AssociationShutDown) {
  auto net = seed_network();
  edit(net, "R10.cfg", 24, "  no shutdown", "  shutdown");
  auto o = run_rule("ha-ipc-missing", net);
  const auto& f = expect_finding(o, 1, 0, "ha-ipc-missing", Severity::Error, "R10.cfg:23", {});
  EXPECT_TRUE(contains(f.message, "shut down")) << f.message;
}

TEST(HaIpcMissing, LocalIpNotOnThisRouter) {
  auto net = seed_network();
  edit(net, "R11.cfg", 27, "    local-ip 6.6.146.11", "    local-ip 6.6.146.99");
  auto o = run_rule("ha-ipc-missing", net);
  const auto& f = expect_finding(o, 1, 0, "ha-ipc-missing", Severity::Error, "R11.cfg:27", {});
  EXPECT_TRUE(contains(f.message, "6.6.146.99")) << f.message;
}

TEST(HaIpcMissing, NoIpcZone) {
  auto net = seed_network();
  for (int line = 22; line <= 32; ++line) {
    auto& c = net[1];
    std::string current;
    std::istringstream in(c.text);
    for (int i = 0; i < line && std::getline(in, current);) ++i;
    edit(c, line, current, "!");
  }
  auto o = run_rule("ha-ipc-missing", net);
  expect_finding(o, 1, 0, "ha-ipc-missing", Severity::Error, "R10.cfg:82", {});
}

TEST(HaIpcMissing, SeedIsQuiet) { EXPECT_TRUE(run_rule("ha-ipc-missing", seed_network()).findings.empty()); }
}  // namespace
}  // namespace havpnc::lint::test
