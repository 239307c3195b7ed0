// Two real `havpnc run` processes (R10 and R11 from samples/seed, compiled with the built
// `havpnc compile`) in network namespaces this test creates: a switch namespace with the
// outside and inside bridges, and one namespace per router with two veths carrying the seed
// addresses. Checked through `havpnc show`'s control socket and `ip -n ... addr`:
//   - exactly one router is Active and holds both VIPs (equal priority: the higher address);
//   - its outside link down -> object 3 down -> priority 70 -> the peer preempts, holds both;
//   - the Active's VIPs sit on macvlans carrying the virtual MACs, the Standby has neither;
//   - SIGKILL of the Active -> the peer takes over within the hold time; the corpse's VIPs
//     expire by themselves (finite lifetime), its silent macvlans stay until a restarted
//     `havpnc run` sweeps them (and logs it);
//   - a second `havpnc run` in a router's namespace is refused with the reason, exit 2;
//   - SIGTERM -> the VIPs are withdrawn, the peer takes over at once (Resign), exit 0, the
//     socket file is gone.
// Namespaces are "hvrt-<pid>-<n>-<suffix>"; veths are created directly between test
// namespaces (the root namespace never holds an end); everything is deleted in TearDown and
// checked gone. Skipped with the reason unless root.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "runtime/control/control_client.h"
#include "tests/router/netns.h"
#include "tests/support/spawn_logged.h"

namespace havpnc::router {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

using testing::eventually;
using testing::Output;
using testing::run;

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

constexpr const char* kOutsideVip = "6.6.156.100";
constexpr const char* kInsideVip = "6.6.146.1";

class RouterNsTest : public ::testing::Test {
 protected:
  struct Node {
    std::string name;  // R10, R11
    std::string ns;
    fs::path plan;
    fs::path socket;
    fs::path log;
    pid_t pid = -1;
  };

  void SetUp() override {
    if (auto why = testing::namespaces_unavailable()) GTEST_SKIP() << "skipped: " << *why;
    namespaces_.emplace();
    dir_ = fs::temp_directory_path() / namespaces_->prefix();
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    build_topology();
    for (const char* host : {"R10", "R11"}) compile(host);
  }

  void TearDown() override {
    for (auto& [name, node] : nodes_) stop_hard(node);
    if (!namespaces_) return;
    EXPECT_TRUE(namespaces_->remove_all().empty()) << "namespaces left behind";
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  std::string add_namespace(const std::string& suffix) { return namespaces_->add(suffix); }
  void ip(const std::string& ns, const std::vector<std::string>& args) { namespaces_->ip(ns, args); }

  // Seed topology, the part R10/R11 need: outside 6.6.156.0/24 and inside 6.6.146.0/24,
  // each a bridge in the switch namespace (multicast snooping off: HSRP is multicast).
  void build_topology() {
    const std::string sw = add_namespace("sw");
    for (const char* br : {"bout", "bin"}) {
      ip(sw, {"link", "add", br, "type", "bridge", "mcast_snooping", "0"});
      ip(sw, {"link", "set", br, "up"});
    }
    for (const char* host : {"R10", "R11"}) {
      Node& node = nodes_[host];
      node.name = host;
      node.ns = add_namespace(host);
      const std::string octet = std::string(host).substr(1);
      for (const auto& [side, bridge, subnet] : {std::tuple{"out", "bout", "6.6.156."},
                                                 std::tuple{"in", "bin", "6.6.146."}}) {
        const std::string port = std::string(host) + side;  // e.g. R10out in the switch
        ip(node.ns, {"link", "add", side, "type", "veth", "peer", "name", port, "netns", sw});
        ip(sw, {"link", "set", port, "master", bridge});
        ip(sw, {"link", "set", port, "up"});
        ip(node.ns, {"addr", "add", std::string(subnet) + octet + "/24", "dev", side});
        ip(node.ns, {"link", "set", side, "up"});
      }
    }
  }

  // `havpnc compile` of the sample, then HSRP timers 1 s / 3 s in the plan (the plan format
  // carries them: `standby N timers 1 3`; v1 needs whole seconds), so an election takes ~6 s
  // and a failover at most 3 s instead of 20 s and 10 s.
  void compile(const std::string& host) {
    Node& node = nodes_[host];
    const std::string peer = host == "R10" ? "R11" : "R10";
    const fs::path raw = dir_ / (host + ".compiled.json");
    const Output c = run({HAVPNC_BINARY, "compile", std::string(HAVPNC_SOURCE_DIR) + "/samples/seed/" + host + ".cfg",
                          "-o", raw.string(), "--peers",
                          std::string(HAVPNC_SOURCE_DIR) + "/samples/seed/" + peer + ".cfg"});
    ASSERT_EQ(c.status, 0) << c.text;
    nlohmann::json plan = nlohmann::json::parse(slurp(raw));
    for (auto& g : plan["hsrp_groups"]) {
      g["hello_ms"] = 1000;
      g["hold_ms"] = 3000;
      g["timers_configured"] = true;
    }
    node.plan = dir_ / (host + ".plan.json");
    std::ofstream(node.plan) << plan.dump(1);
    node.socket = dir_ / (host + ".sock");
    node.log = dir_ / (host + ".log");
  }

  // Forks `havpnc run` in the node's namespace; wait_ready() waits for its control socket.
  void launch(Node& node, const std::vector<std::string>& source = {}) {
    std::vector<std::string> argv{"ip", "netns", "exec", node.ns, HAVPNC_BINARY, "run"};
    if (source.empty()) {
      argv.insert(argv.end(), {"--plan", node.plan.string()});
    } else {
      argv.insert(argv.end(), source.begin(), source.end());
    }
    argv.insert(argv.end(), {"--control", node.socket.string()});
    const pid_t child = testsupport::spawn_logged(argv, node.log);
    ASSERT_GE(child, 0);
    node.pid = child;
  }

  void wait_ready(Node& node) {
    ASSERT_TRUE(eventually([&] { return standby(node).is_array(); }, 10s))
        << node.name << " never answered on its control socket\n" << slurp(node.log);
  }

  // Waits for the process and returns its exit status (-1 when killed by a signal).
  int reap(Node& node) {
    int status = 0;
    ::waitpid(node.pid, &status, 0);
    node.pid = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  void stop_hard(Node& node) {
    if (node.pid <= 0) return;
    ::kill(node.pid, SIGKILL);
    reap(node);
  }

  nlohmann::json standby(const Node& node) {
    const auto r = control::query(node.socket.string(), {control::Format::Json, "show standby brief"});
    if (!r.transport_ok || !r.ok) return nullptr;
    const auto j = nlohmann::json::parse(r.body, nullptr, false);
    return j.is_discarded() ? nlohmann::json() : j;
  }

  // State of each group ("Active", "Standby", ...) by group number; empty when unreachable.
  std::map<int, std::string> states(const Node& node) {
    std::map<int, std::string> out;
    const nlohmann::json j = standby(node);
    if (!j.is_array()) return out;
    for (const auto& g : j) out[g["group"].get<int>()] = g["state"].get<std::string>();
    return out;
  }

  bool active_in_both(const Node& node) {
    const auto s = states(node);
    return s.size() == 2 && s.at(1) == "Active" && s.at(2) == "Active";
  }

  std::string addresses(const Node& node) {
    return run({"ip", "-n", node.ns, "-4", "addr", "show"}).text;
  }

  bool holds(const Node& node, const std::string& vip) {
    return addresses(node).find("inet " + vip + "/32") != std::string::npos;
  }

  std::string links(const Node& node) { return run({"ip", "-n", node.ns, "link", "show"}).text; }

  // havpnc's macvlans (hvh<group>.<ifindex>) in the node's namespace.
  std::vector<std::string> macvlans(const Node& node) {
    std::vector<std::string> out;
    std::istringstream in(links(node));
    for (std::string line; std::getline(in, line);) {
      const auto at = line.find(": hvh");
      if (at != std::string::npos) out.push_back(line.substr(at + 2, line.find('@', at) - at - 2));
    }
    return out;
  }

  bool holds_both(const Node& node) { return holds(node, kOutsideVip) && holds(node, kInsideVip); }
  bool holds_none(const Node& node) { return !holds(node, kOutsideVip) && !holds(node, kInsideVip); }

  std::optional<testing::Namespaces> namespaces_;
  fs::path dir_;
  std::map<std::string, Node> nodes_;
};

TEST_F(RouterNsTest, ElectsTracksFailsOverSweepsRefusesAndWithdraws) {
  Node& r10 = nodes_["R10"];
  Node& r11 = nodes_["R11"];
  // Both launched before either is waited for, so neither wins the election just by having
  // been alone for a hold time.
  launch(r10);
  launch(r11);
  wait_ready(r10);
  wait_ready(r11);

  // Election: equal priority 100, so the higher address (6.6.156.11) wins both groups.
  ASSERT_TRUE(eventually([&] { return active_in_both(r11) && holds_both(r11); }, 15s))
      << slurp(r11.log) << addresses(r11);
  EXPECT_TRUE(eventually([&] {
    const auto s = states(r10);
    return s.size() == 2 && s.at(1) == "Standby" && s.at(2) == "Standby";
  }, 10s)) << standby(r10).dump(1);
  EXPECT_TRUE(holds_none(r10)) << addresses(r10);
  // Issue 6: the Active owns the virtual MACs (a macvlan per group carrying it and the VIP);
  // the Standby has no macvlan and no VIP.
  EXPECT_TRUE(eventually([&] { return macvlans(r11).size() == 2; }, 5s)) << links(r11);
  EXPECT_NE(links(r11).find("link/ether 00:00:0c:07:ac:01"), std::string::npos) << links(r11);
  EXPECT_NE(links(r11).find("link/ether 00:00:0c:07:ac:02"), std::string::npos) << links(r11);
  EXPECT_TRUE(macvlans(r10).empty()) << links(r10);
  const auto detail = control::query(r11.socket.string(), {control::Format::Text, "show standby"});
  EXPECT_NE(detail.body.find("Virtual mac address is 0000.0c07.ac02, owned"), std::string::npos) << detail.body;
  EXPECT_NE(slurp(r11.log).find("%HSRP-6-VIRTUAL_MAC: GigabitEthernet0/1 Grp 2 macvlan hvh2."),
            std::string::npos) << slurp(r11.log);
  const auto brief = control::query(r11.socket.string(), {control::Format::Text, "sh standby br"});
  EXPECT_NE(brief.body.find("Active"), std::string::npos) << brief.body;
  const auto track = control::query(r11.socket.string(), {control::Format::Text, "show track"});
  EXPECT_NE(track.body.find("Track 3"), std::string::npos) << track.body;

  // R11's outside link goes down: track 2 and 3 down, priority 70 in group 1, group 2 stops;
  // R10 (100, preempt) takes both roles and both VIPs.
  ip(r11.ns, {"link", "set", "out", "down"});
  EXPECT_TRUE(eventually([&] { return active_in_both(r10) && holds_both(r10) && holds_none(r11); }, 8s))
      << standby(r10).dump(1) << standby(r11).dump(1) << addresses(r11);
  EXPECT_NE(slurp(r11.log).find("%TRACK-6-STATE: 2 interface Gi0/1 line-protocol Up -> Down"),
            std::string::npos) << slurp(r11.log);
  EXPECT_NE(slurp(r11.log).find("%HSRP-5-STATECHANGE: GigabitEthernet0/0 Grp 1 state Active -> "),
            std::string::npos);
  // Back up: R11 returns as Standby (equal priority does not preempt the Active).
  ip(r11.ns, {"link", "set", "out", "up"});
  EXPECT_TRUE(eventually([&] {
    const auto s = states(r11);
    return s.size() == 2 && s.at(1) == "Standby" && s.at(2) == "Standby";
  }, 12s)) << standby(r11).dump(1);
  EXPECT_TRUE(active_in_both(r10));

  // SIGKILL of the Active: R11 takes over within the hold time (3 s, polled with margin);
  // the corpse's VIPs expire within their lifetime (2 s after the last refresh), its
  // macvlans stay behind, silent.
  ::kill(r10.pid, SIGKILL);
  EXPECT_EQ(reap(r10), -1);
  const auto killed = std::chrono::steady_clock::now();
  EXPECT_TRUE(eventually([&] { return active_in_both(r11) && holds_both(r11); }, 6s))
      << standby(r11).dump(1);
  const auto takeover = std::chrono::steady_clock::now() - killed;
  EXPECT_LT(takeover, 4s) << "hold time 3 s + polling";
  std::cerr << "[ figure ] takeover after SIGKILL: "
            << std::chrono::duration_cast<std::chrono::milliseconds>(takeover).count() << " ms\n";
  EXPECT_TRUE(eventually([&] { return holds_none(r10); }, 4s))
      << "a killed router's VIPs must expire by themselves: " << addresses(r10);
  const auto expired = std::chrono::steady_clock::now() - killed;
  std::cerr << "[ figure ] corpse's VIPs gone after SIGKILL: "
            << std::chrono::duration_cast<std::chrono::milliseconds>(expired).count() << " ms\n";
  EXPECT_EQ(macvlans(r10).size(), 2u) << "a killed router cannot delete its macvlans: " << links(r10);

  // Restarting R10 sweeps what its corpse left (and says so), then it rejoins as Standby.
  launch(r10);
  wait_ready(r10);
  EXPECT_TRUE(eventually([&] { return holds_none(r10) && macvlans(r10).empty(); }, 5s))
      << addresses(r10) << links(r10);
  EXPECT_NE(slurp(r10.log).find("%HAVPNC-4-LEFTOVER: removing macvlan hvh1."),
            std::string::npos) << slurp(r10.log);
  EXPECT_TRUE(active_in_both(r11));

  // A second router in R10's namespace is refused before it touches anything.
  const Output second = run({"ip", "netns", "exec", r10.ns, HAVPNC_BINARY, "run", "--plan",
                             r10.plan.string(), "--control", (dir_ / "second.sock").string()});
  EXPECT_EQ(second.status, 2) << second.text;
  EXPECT_NE(second.text.find("havpnc run: another havpnc run (pid "), std::string::npos) << second.text;
  EXPECT_NE(second.text.find("is already running in this network namespace"), std::string::npos);
  EXPECT_FALSE(fs::exists(dir_ / "second.sock"));
  EXPECT_TRUE(eventually([&] {
    const auto s = states(r10);
    return s.size() == 2 && s.at(1) == "Standby" && s.at(2) == "Standby";
  }, 12s)) << standby(r10).dump(1);

  // SIGTERM of the Active: it resigns and withdraws, R10 takes over at once, exit 0.
  ASSERT_EQ(::kill(r11.pid, SIGTERM), 0);
  const auto terminated = std::chrono::steady_clock::now();
  EXPECT_EQ(reap(r11), 0) << slurp(r11.log);
  EXPECT_TRUE(holds_none(r11)) << addresses(r11);
  EXPECT_FALSE(fs::exists(r11.socket));
  EXPECT_TRUE(eventually([&] { return active_in_both(r10) && holds_both(r10); }, 5s));
  const auto resign = std::chrono::steady_clock::now() - terminated;
  EXPECT_LT(resign, 2s) << "Resign, not the hold time";
  std::cerr << "[ figure ] takeover after SIGTERM (resign): "
            << std::chrono::duration_cast<std::chrono::milliseconds>(resign).count() << " ms\n";
  const std::string log = slurp(r11.log);
  EXPECT_EQ(log.find("cisco"), std::string::npos) << "no HSRP key in a log line";
  for (const Node* n : {&r10, &r11})
    EXPECT_EQ(slurp(n->log).find("EDGE_FAILED"), std::string::npos) << slurp(n->log);
}

// `havpnc run --config`: the IOS config compiled in-process (here the seed with `standby N
// timers 1 3` added, so a lone router is Active after 6 s), and a config with a lint error
// refused with the diagnostics, exit 2, nothing started.
TEST_F(RouterNsTest, RunsFromAConfigAndRefusesOneWithLintErrors) {
  Node& r10 = nodes_["R10"];
  std::string config = slurp(std::string(HAVPNC_SOURCE_DIR) + "/samples/seed/R10.cfg");
  for (const std::string group : {"1", "2"}) {
    const std::string anchor = " standby " + group + " preempt\n";
    const auto at = config.find(anchor);
    ASSERT_NE(at, std::string::npos);
    config.insert(at + anchor.size(), " standby " + group + " timers 1 3\n");
  }
  const fs::path good = dir_ / "R10.cfg";
  std::ofstream(good) << config;
  std::string broken = config;
  broken.replace(broken.find(" set transform-set SET2"), 23, " set transform-set NOPE");
  const fs::path bad = dir_ / "R10-bad.cfg";
  std::ofstream(bad) << broken;

  const Output refused = run({"ip", "netns", "exec", r10.ns, HAVPNC_BINARY, "run", "--config",
                              bad.string(), "--control", r10.socket.string()});
  EXPECT_EQ(refused.status, 2) << refused.text;
  EXPECT_NE(refused.text.find("[ref-undefined]"), std::string::npos) << refused.text;
  EXPECT_NE(refused.text.find("has lint errors (listed above)"), std::string::npos) << refused.text;
  EXPECT_FALSE(fs::exists(r10.socket));

  launch(r10, {"--config", good.string()});
  wait_ready(r10);
  EXPECT_TRUE(eventually([&] { return active_in_both(r10) && holds_both(r10); }, 12s))
      << standby(r10).dump(1) << slurp(r10.log);
  const nlohmann::json groups = standby(r10);
  ASSERT_TRUE(groups.is_array());
  EXPECT_EQ(groups[0]["hello_ms"], 1000) << "the config's own timers";
  EXPECT_TRUE(groups[0]["timers_configured"].get<bool>());
  ASSERT_EQ(::kill(r10.pid, SIGTERM), 0);
  EXPECT_EQ(reap(r10), 0) << slurp(r10.log);
  EXPECT_TRUE(holds_none(r10)) << addresses(r10);
  EXPECT_NE(slurp(r10.log).find("%HAVPNC-5-START: R10 running " + good.string()), std::string::npos)
      << slurp(r10.log);
}

TEST_F(RouterNsTest, PortInUseRefusesTheStart) {
  Node& r10 = nodes_["R10"];
  // Someone else holds IKE on R10's outside address.
  const pid_t holder = ::fork();
  ASSERT_GE(holder, 0);
  if (holder == 0) {
    ::execlp("ip", "ip", "netns", "exec", r10.ns.c_str(), "python3", "-c",
             "import socket,time\ns=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\n"
             "s.bind(('6.6.156.10',500))\ntime.sleep(30)",
             static_cast<char*>(nullptr));
    ::_exit(127);
  }
  const bool bound = eventually([&] {
    return run({"ip", "netns", "exec", r10.ns, "ss", "-uln"}).text.find("6.6.156.10:500") !=
           std::string::npos;
  }, 5s);
  Output r;
  if (bound)
    r = run({"ip", "netns", "exec", r10.ns, HAVPNC_BINARY, "run", "--plan", r10.plan.string(),
             "--control", r10.socket.string()});
  ::kill(holder, SIGKILL);
  ::waitpid(holder, nullptr, 0);
  if (!bound) GTEST_SKIP() << "skipped: could not hold the port with python3";
  EXPECT_EQ(r.status, 2) << r.text;
  EXPECT_NE(r.text.find("6.6.156.10:500"), std::string::npos) << r.text;
  EXPECT_NE(r.text.find("already in use"), std::string::npos) << r.text;
  EXPECT_FALSE(fs::exists(r10.socket));
}

}  // namespace
}  // namespace havpnc::router
