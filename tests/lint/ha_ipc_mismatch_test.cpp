// ha-ipc-mismatch: each router's remote side must be the other's local side.
#include <gtest/gtest.h>

#include "tests/lint/rule_test_util.h"

namespace havpnc::lint::test {
namespace {

using model::Severity;

TEST(HaIpcMismatch, RemoteIpIsNotThePeersLocalIp) {
  auto net = seed_network();
  edit(net, "R10.cfg", 32, "    remote-ip 6.6.146.11", "    remote-ip 6.6.146.12");
  auto o = run_rule("ha-ipc-mismatch", net);
  const auto& f = expect_finding(o, 1, 0, "ha-ipc-mismatch", Severity::Error, "R10.cfg:32", {"R11.cfg:27"});
  EXPECT_TRUE(contains(f.message, "6.6.146.12")) << f.message;
}

TEST(HaIpcMismatch, PortsDoNotMirror) {
  auto net = seed_network();
  edit(net, "R11.cfg", 26, "   local-port 5000", "   local-port 5001");
  auto o = run_rule("ha-ipc-mismatch", net);
  expect_finding(o, 1, 0, "ha-ipc-mismatch", Severity::Error, "R10.cfg:31", {"R11.cfg:26"});
}

TEST(HaIpcMismatch, SeedIsQuiet) { EXPECT_TRUE(run_rule("ha-ipc-mismatch", seed_network()).findings.empty()); }
}  // namespace
}  // namespace havpnc::lint::test
