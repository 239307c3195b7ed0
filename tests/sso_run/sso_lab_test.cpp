// The seed's experiment under `havpnc lab` (namespaces hvsr-<pid>-*): R2 pings 6.6.146.4 from
// 6.6.2.4 through the VIP 6.6.156.100 of R10/R11, which replicate every SA over the `ipc zone`
// association (usrsctp's UDP encapsulation here: this kernel has no SCTP). The active's tracked
// Gi0/0 goes down (the seed's experiment), HSRP moves the VIP, and R2 must not notice: same
// ISAKMP conn-id (no new main mode), same SPIs, zero replay/ICV drops, pings continue. The
// link comes back, the returning router is STANDBY HOT with the SAs again; repeated,
// alternating routers. Prints echoes lost and the outage per failover. Root only.
//
// Configs (lab/): the seed with HSRPv2 100/300 ms timers, wired as the seed is: R2 reaches
// the VIP through the transit router that `havpnc lab` adds for the routers' default routes.
#include <gtest/gtest.h>

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "runtime/lab/command.h"
#include "runtime/lab/lab_state.h"

namespace havpnc::lab {
namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

struct TestLab {
  std::string prefix = "hvsr-" + std::to_string(::getpid()) + "-";
  ~TestLab() { lab({"down"}); }

  CommandResult lab(std::vector<std::string> args) const {
    std::vector<std::string> argv{HAVPNC_BINARY, "lab", args.front(), "--prefix", prefix};
    argv.insert(argv.end(), args.begin() + 1, args.end());
    return run_command(argv);
  }
  nlohmann::json show(const std::string& node, std::vector<std::string> words) const {
    std::vector<std::string> args{"show", node};
    args.insert(args.end(), words.begin(), words.end());
    args.push_back("--json");
    const CommandResult r = lab(args);
    if (!r.ok()) return nlohmann::json::object();
    return nlohmann::json::parse(r.out, nullptr, false);
  }
  int rf(const std::string& node) const {
    const auto j = show(node, {"show", "redundancy", "states"});
    return j.is_object() && j.contains("my_state") ? j["my_state"].value("number", -1) : -1;
  }
  std::string standby_state(const std::string& node, int group) const {
    const auto j = show(node, {"show", "standby"});
    if (j.is_array())
      for (const auto& g : j)
        if (g.value("group", -1) == group) return g.value("state", std::string("?"));
    return "?";
  }
  std::string log(const std::string& node) const {
    std::ifstream in(std::string(kDefaultStateRoot) + "/" + prefix + "/" + node + ".log");
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
};

template <typename F>
bool wait_for(F done, Clock::duration limit) {
  const auto start = Clock::now();
  while (Clock::now() - start < limit) {
    if (done()) return true;
    std::this_thread::sleep_for(100ms);
  }
  return done();
}

// What R2 knows of its tunnel: the ISAKMP conn-id, both SPIs and the inbound drops.
struct R2View {
  long conn_id = -1;
  long inbound_spi = -1, outbound_spi = -1;
  long replay = -1, icv = -1, crypto_failure = -1;
  bool operator==(const R2View&) const = default;
};
R2View r2_view(const TestLab& lab) {
  R2View v;
  const auto ike = lab.show("R2", {"show", "crypto", "isakmp", "sa"});
  if (ike.contains("isakmp_sas") && ike["isakmp_sas"].size() == 1)
    v.conn_id = ike["isakmp_sas"][0].value("conn_id", -1L);
  const auto sa = lab.show("R2", {"show", "crypto", "ipsec", "sa"});
  if (!sa.contains("peers") || sa["peers"].size() != 1) return v;
  const auto& p = sa["peers"][0];
  if (p["inbound_esp_sas"].size() != 1 || p["outbound_esp_sas"].size() != 1) return v;
  const auto& in = p["inbound_esp_sas"][0];
  v.inbound_spi = in.value("spi", -1L);
  v.outbound_spi = p["outbound_esp_sas"][0].value("spi", -1L);
  v.replay = in["drops"].value("replay", -1L);
  v.icv = in["drops"].value("icv", -1L);
  v.crypto_failure = in["drops"].value("crypto-failure", -1L);
  return v;
}

constexpr int kActive = 13, kStandbyHot = 8;

bool settled(const TestLab& lab, const std::string& active, const std::string& standby) {
  return lab.rf(active) == kActive && lab.rf(standby) == kStandbyHot &&
         lab.standby_state(active, 1) == "Active" && lab.standby_state(active, 2) == "Active";
}

struct Ping {
  int sent = 0, received = 0;
};
// `count` echoes from host-R2 to 6.6.146.4 every `interval_ms`, while `during` runs.
template <typename F>
Ping ping_while(const TestLab& lab, int count, int interval_ms, F during) {
  const std::string out = "/tmp/" + lab.prefix + "ping.txt";
  char interval[16];
  std::snprintf(interval, sizeof interval, "%.3f", interval_ms / 1000.0);
  const std::string cmd = "ip netns exec " + lab.prefix + "host-R2 ping -q -c " +
                          std::to_string(count) + " -i " + interval + " -W 1 6.6.146.4 > " + out +
                          " 2>&1";
  std::thread pinger([&] { (void)std::system(cmd.c_str()); });
  during();
  pinger.join();
  std::ifstream in(out);
  std::string line;
  Ping p;
  while (std::getline(in, line))
    if (std::sscanf(line.c_str(), "%d packets transmitted, %d received", &p.sent, &p.received) == 2)
      break;
  std::remove(out.c_str());
  return p;
}

// `how`: "link" shuts the active's tracked Gi0/0 (the seed's experiment) and brings it back;
// "kill" is `lab kill --power-off` (SIGKILL and every link down) and `lab start`.
void failovers(const std::string& how, int count) {
  TestLab lab;
  const CommandResult up = lab.lab({"up", "--dir", SSO_LAB_DIR});
  ASSERT_TRUE(up.ok()) << up.describe() << up.out;

  // One router Active for both groups (the host's gateway 6.6.146.1 and the VIP
  // 6.6.156.100 on the same box), the other STANDBY HOT.
  std::string active, standby;
  ASSERT_TRUE(wait_for([&] {
    for (auto [a, s] : {std::pair{"R10", "R11"}, std::pair{"R11", "R10"}})
      if (lab.rf(a) == kActive && lab.rf(s) == kStandbyHot) {
        active = a;
        standby = s;
        return true;
      }
    return false;
  }, 30s)) << lab.log("R10") << lab.log("R11");
  if (lab.standby_state(active, 1) != "Active") {
    // Group 1 was elected on the other box (equal priorities, start order): its Gi0/0 bounce
    // hands group 1 over without moving group 2.
    ASSERT_TRUE(lab.lab({"link", standby, "Gi0/0", "down"}).ok());
    ASSERT_TRUE(wait_for([&] { return lab.standby_state(active, 1) == "Active"; }, 10s));
    ASSERT_TRUE(lab.lab({"link", standby, "Gi0/0", "up"}).ok());
  }
  ASSERT_TRUE(wait_for([&] { return settled(lab, active, standby); }, 30s))
      << lab.log(active) << lab.log(standby);
  EXPECT_NE(lab.log(active).find("runs over usrsctp SCTP"), std::string::npos);

  // Tunnel up (the first echoes start main mode), then both routers know the SA.
  ping_while(lab, 5, 200, [] {});
  ASSERT_TRUE(wait_for([&] { return r2_view(lab).inbound_spi >= 0; }, 10s));
  const R2View before = r2_view(lab);
  ASSERT_EQ(before.replay, 0);
  for (const std::string& n : {active, standby}) {
    const auto ha = lab.show(n, {"show", "crypto", "ha"});
    EXPECT_EQ(ha.value("ipsec_sas", 0), 1) << n << ha.dump();
    EXPECT_EQ(ha.value("ike_sas", 0), 1) << n << ha.dump();
  }

  for (int failover = 1; failover <= count; ++failover) {
    SCOPED_TRACE("failover " + std::to_string(failover) + ": " + active + " -> " + standby);
    Clock::time_point cut;
    const Ping p = ping_while(lab, 300, 10, [&] {
      std::this_thread::sleep_for(1s);
      cut = Clock::now();
      if (how == "link")
        ASSERT_TRUE(lab.lab({"link", active, "Gi0/0", "down"}).ok());
      else
        ASSERT_TRUE(lab.lab({"kill", active, "--power-off"}).ok());
      EXPECT_TRUE(wait_for([&] { return lab.rf(standby) == kActive; }, 10s));
    });
    const int lost = p.sent - p.received;
    std::printf("failover %d (%s %s -> %s): %d/%d echoes lost at 10 ms, outage ~%d ms\n",
                failover, how.c_str(), active.c_str(), standby.c_str(), lost, p.sent, lost * 10);
    EXPECT_EQ(p.sent, 300);
    EXPECT_LT(lost, 60);  // hold time 300 ms + slack; the takeover itself costs no renegotiation
    const R2View after = r2_view(lab);
    EXPECT_EQ(after, before) << "R2's ISAKMP conn-id, SPIs or drop counters changed";

    // The returning router rejoins: STANDBY HOT with the SA again.
    if (how == "link")
      ASSERT_TRUE(lab.lab({"link", active, "Gi0/0", "up"}).ok());
    else
      ASSERT_TRUE(lab.lab({"start", active}).ok());
    std::swap(active, standby);
    EXPECT_TRUE(wait_for([&] { return settled(lab, active, standby); }, 40s))
        << lab.log(standby);
    const auto ha = lab.show(standby, {"show", "crypto", "ha"});
    EXPECT_EQ(ha.value("ipsec_sas", 0), 1) << ha.dump();
  }
  EXPECT_NE(lab.log("R10").find("%CRYPTO-5-IPSEC_SA_HA_STATUS"), std::string::npos);
  EXPECT_NE(lab.log("R11").find("%CRYPTO-5-IPSEC_SA_HA_STATUS"), std::string::npos);
}

TEST(SsoLab, TrackedLinkFailoversKeepR2sSasAndTheReturningRouterIsHotAgain) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root for network namespaces";
  failovers("link", 3);
}

TEST(SsoLab, PowerOffFailoversKeepR2sSasAndTheRestartedRouterIsHotAgain) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root for network namespaces";
  failovers("kill", 2);
}

}  // namespace
}  // namespace havpnc::lab
