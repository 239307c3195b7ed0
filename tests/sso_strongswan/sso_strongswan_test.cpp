// Issue 7, "R2 = strongSwan": the seed with R2 as strongSwan 5.9.8's charon (kernel-libipsec:
// ESP in UDP only, `encap = yes` fakes a NAT so IKE floats to 4500), R10/R11 havpnc with SSO,
// HSRP v2 timers msec 100 msec 300 (lab/). Ten failovers alternating routers, link and crash
// (SIGKILL + links down, then a restart) in turn, at 100 echoes/s — after every one:
//   - echoes flow again through the other router with no renegotiation: strongSwan's IKE SA
//     keeps its unique id and both IKEv1 cookies, its CHILD SA its inbound and outbound SPIs,
//     and no second IKE SA appears (`swanctl --list-sas`);
//   - no replay or ICV drop in charon's log (kernel-libipsec's own messages);
//   - the failed router comes back STANDBY HOT holding as many SAs as the Active.
// Then the tunnel idles: charon's DPD (R2 `crypto isakmp keepalive 10 2 periodic`: dpd_delay
// 10 s) must be answered by the router that took over last, with the same SAs still in place.
//
// Why it takes ~1-2 minutes (more than CI's 60 s guideline): it is the acceptance test of the
// issue's core promise against a third-party peer; each crash restarts a router process, which
// must rejoin HSRP, reconnect SCTP and bulk-sync before the next failover.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "runtime/lab/command.h"
#include "runtime/lab/lab_state.h"
#include "runtime/lab/strongswan_process.h"
#include "runtime/lab/strongswan_sas.h"

namespace havpnc::lab {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

constexpr int kFailovers = 10;

struct SwLab {
  std::string prefix = "hvsw-" + std::to_string(::getpid()) + "-";
  ~SwLab() { lab({"down"}); }
  CommandResult lab(std::vector<std::string> args) const {
    std::vector<std::string> argv{HAVPNC_BINARY, "lab", args.front(), "--prefix", prefix};
    argv.insert(argv.end(), args.begin() + 1, args.end());
    return run_command(argv);
  }
  std::string run_dir() const { return std::string(kDefaultStateRoot) + "/" + prefix + "/R2.swan/run"; }
  CommandResult swanctl(std::vector<std::string> args) const {
    std::vector<std::string> argv{"exec", "R2", "swanctl"};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.insert(argv.end(), {"--uri", "unix://" + run_dir() + "/charon.vici"});
    return lab(argv);
  }
  std::string file(const std::string& name) const {
    std::ifstream in(run_dir() + "/" + name);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  SaSnapshot sas() const { return parse_swanctl_sas(swanctl({"--list-sas"}).out, file("charon.log")); }
};

TEST(SsoStrongswan, TenFailoversLinkAndCrashAreInvisibleToStrongswanAndItsDpdIsAnswered_Slow) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root for network namespaces";
  if (const std::string missing = strongswan_missing(); !missing.empty())
    GTEST_SKIP() << "strongSwan not installed: " << missing;
  const auto t0 = std::chrono::steady_clock::now();
  SwLab t;
  const CommandResult up = t.lab({"up", "--dir", SSO_STRONGSWAN_LAB_DIR, "--peer", "strongswan"});
  ASSERT_TRUE(up.ok()) << up.describe() << "\n" << up.out;
  // kernel-libipsec's replay and ICV drops are DBG1 in the ESP group: the log must show them.
  ASSERT_NE(t.file("strongswan.conf").find("esp = 1\n"), std::string::npos);

  // strongSwan initiates once the HSRP pair has an Active on the VIP (charon retries too).
  bool established = false;
  for (int attempt = 0; attempt < 20 && !established; ++attempt) {
    established = t.swanctl({"--initiate", "--ike", "MAP2-10", "--child", "MAP2-10-0", "--timeout", "5"}).ok();
    if (!established) std::this_thread::sleep_for(1s);
  }
  ASSERT_TRUE(established) << t.file("charon.log");
  const SaSnapshot first = t.sas();
  ASSERT_EQ(first.ike_conn_ids.size(), 1u) << t.swanctl({"--list-sas"}).out;
  ASSERT_EQ(first.inbound_spis.size(), 1u);
  ASSERT_NE(t.swanctl({"--list-sas"}).out.find("TUNNEL-in-UDP"), std::string::npos) << "ESP in UDP expected";

  const CommandResult run = t.lab({"failover", "--peer", "strongswan", "--how", "link,crash", "--repeat",
                                   std::to_string(kFailovers), "--rate", "100", "--count", "20", "--json"});
  const json j = json::parse(run.out, nullptr, false);
  ASSERT_TRUE(j.is_object()) << run.describe() << "\n" << run.out;
  EXPECT_TRUE(run.ok()) << run.err << "\n" << j.dump(1);
  EXPECT_EQ(j["tunnel_peer"], "R2");
  EXPECT_EQ(j["tunnel_peer_kind"], "strongswan");
  ASSERT_TRUE(j["redundancy_answered"].get<bool>()) << "SSO must run in havpnc run";
  ASSERT_EQ(j["failovers"].size(), static_cast<std::size_t>(kFailovers)) << j.dump(1);
  std::string previous_failed;
  for (std::size_t i = 0; i < j["failovers"].size(); ++i) {
    const json& f = j["failovers"][i];
    SCOPED_TRACE("failover " + std::to_string(i + 1) + ": " + f.dump());
    EXPECT_EQ(f["mode"], i % 2 == 0 ? "link" : "crash");
    EXPECT_TRUE(f["recovered_ms"].is_number());
    EXPECT_NE(f["took_over"], f["failed"]);
    if (!previous_failed.empty()) {
      EXPECT_NE(f["failed"].get<std::string>(), previous_failed);  // alternating
    }
    previous_failed = f["failed"].get<std::string>();
    EXPECT_TRUE(f["standby_hot_before"].get<bool>());
    const json& s = f["r2_sas"];
    EXPECT_TRUE(s["comparable"].get<bool>());
    EXPECT_TRUE(s["ike_same"].get<bool>()) << "strongSwan renegotiated IKE";
    EXPECT_TRUE(s["ipsec_same"].get<bool>()) << "strongSwan renegotiated the CHILD SA";
    EXPECT_EQ(s["replay_drops"], 0);
    EXPECT_EQ(s["icv_drops"], 0);
    EXPECT_EQ(s["ike_spis_after"].size(), 1u) << "a second IKE SA on strongSwan";
    EXPECT_EQ(f["lost_after_restore"], 0) << "bringing the failed router back must not disturb the tunnel";
    EXPECT_EQ(f["returned"]["router"], f["failed"]);
    EXPECT_EQ(f["returned"]["rf"], "STANDBY HOT");
    EXPECT_TRUE(f["standby_holds_all"].get<bool>());
  }
  EXPECT_EQ(j["totals"]["not_recovered"], 0);

  // The tunnel idles: charon probes after dpd_delay (10 s) without inbound traffic, and the
  // router that took over last must answer with the replicated IKE SA. R10/R11 use on-demand
  // DPD (`keepalive 10 2`), so their own probes do not keep charon from probing.
  const std::size_t mark = count_lines(t.file("charon.log"));
  CharonDpd dpd;
  for (int i = 0; i < 50 && dpd.acks_received < 1; ++i) {
    std::this_thread::sleep_for(500ms);
    dpd = parse_charon_dpd(t.file("charon.log"), mark);
  }
  EXPECT_GE(dpd.probes_sent, 1u) << t.file("charon.log");
  EXPECT_GE(dpd.acks_received, 1u) << "charon's R-U-THERE after the takeovers went unanswered";
  EXPECT_EQ(dpd.timed_out, 0u);
  const SaSnapshot last = t.sas();
  const SaVerdict v = compare_sas(first, last);
  EXPECT_TRUE(v.same()) << "ike " << v.ike_same << " ipsec " << v.ipsec_same << " replay " << v.replay_drops
                        << " icv " << v.icv_drops;
  const CommandResult ping = t.lab({"exec", "R2", "ping", "-n", "-c", "3", "-i", "0.2", "-W", "2", "-I", "6.6.2.2", "6.6.146.4"});
  EXPECT_TRUE(ping.ok()) << ping.out;
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - t0).count();
  std::cout << "[ measured ] " << kFailovers << " failovers (link,crash) with strongSwan R2 in " << seconds
            << " s; outage median " << j["totals"]["outage_median_ms"] << " ms, max " << j["totals"]["outage_max_ms"]
            << " ms; charon DPD after: " << dpd.probes_sent << " sent, " << dpd.acks_received << " answered\n";
}

}  // namespace
}  // namespace havpnc::lab
