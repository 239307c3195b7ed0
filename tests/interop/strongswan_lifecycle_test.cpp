// havpnc (R10) against strongSwan 5.9.8 (R2, kernel-libipsec, the lab's generated config) over
// a tunnel's life, in namespaces (ns_lab.h). One scenario, ~100 s, on purpose: each step
// needs the tunnel the previous one left (an HSRP election and main mode cost ~20 s alone):
//  1. DPD both ways while idle: charon's R-U-THERE (dpd_delay 5 s) answered by havpnc, and
//     havpnc's `keepalive 10 3 periodic` probes answered by charon (ACKs counted).
//  2. Rekey with a ping running (0.2 s): charon rekeys the CHILD SA (`swanctl --rekey`) and
//     havpnc installs the new pair beside the old (charon deletes none in IKEv1); then havpnc's own rekey at 90% of the 2560 KB lifetime
//     (IOS's smallest; a flood ping crosses it) is accepted by charon. SPIs change each
//     time; at most one echo of the steady ping lost in all.
//  3. charon restarts (SIGKILL, no Delete) and initiates again with INITIAL-CONTACT: havpnc
//     drops the stale SAs, keeps only the new pair, and the tunnel carries the ping.
//  4. charon killed for good: havpnc declares the peer dead and removes its SAs.
// Skipped unless root with strongSwan and tshark installed.
#include <set>

#include "tests/interop/ns_lab.h"

namespace havpnc::interop {
namespace {

// IOS's smallest lifetimes: 120 s (never reached here) and 2560 KB (the flood below).
constexpr std::uint32_t kLifetime = 120;

plan::Plan short_lived(plan::Plan p) {
  for (auto& m : p.crypto_maps)
    for (auto& e : m.entries) {
      e.lifetime_seconds = kLifetime;
      e.lifetime_kilobytes = 2560;
    }
  return p;
}

// charon probes after 5 idle seconds (havpnc's own probes every 10 s would otherwise keep it
// quiet: they are inbound IKE traffic for it) and never rekeys on its own (the test says when).
void charon_edits(std::string& conf) {
  auto replace = [&](const std::string& from, const std::string& to) {
    const auto at = conf.find(from);
    ASSERT_NE(at, std::string::npos) << from << "\n" << conf;
    conf.replace(at, from.size(), to);
  };
  replace("dpd_delay = 10s", "dpd_delay = 5s");
  replace("rekey_time = " + std::to_string(kLifetime * 9 / 10) + "s", "rekey_time = 0s");
}

class StrongswanLifecycle : public NsLab {
 protected:
  std::set<std::string> r10_inbound_spis() {
    std::set<std::string> spis;
    const nlohmann::json j = show_json("R10", "show crypto ipsec sa");
    if (!j.contains("peers")) return spis;
    for (const auto& p : j["peers"])
      for (const auto& sa : p["inbound_esp_sas"]) spis.insert(sa["spi"].dump());
    return spis;
  }
  nlohmann::json r10_counters() {
    const nlohmann::json j = show_json("R10", "show crypto session detail");
    if (!j.contains("sessions") || j["sessions"].empty()) return {};
    return j["sessions"][0]["ike_counters"];
  }
  std::uint64_t counter(const char* name) {
    const nlohmann::json c = r10_counters();
    return c.contains(name) ? c[name].get<std::uint64_t>() : 0;
  }
  bool wait_for(const std::function<bool()>& done, int seconds) {
    for (int i = 0; i < seconds * 4; ++i) {
      if (done()) return true;
      std::this_thread::sleep_for(250ms);
    }
    return done();
  }
};

TEST_F(StrongswanLifecycle, DpdRekeyRestartAndPeerDeathAgainstStrongswan_about100s) {
  ASSERT_TRUE(built);
  if (auto missing = strongswan_missing(); !missing.empty()) GTEST_SKIP() << "strongSwan missing: " << missing;
  start_charon(short_lived(crypto::testing::r2_plan()), charon_edits);
  if (HasFatalFailure()) return;
  run_router(r10, "R10", short_lived(crypto::testing::r10_plan()));
  if (HasFatalFailure()) return;
  ASSERT_TRUE(ping_until_answered(h146, "", "6.6.2.2", 90)) << slurp(log_of("R10")) << charon_log();

  // 1. DPD both ways, idle.
  const std::uint64_t acks_sent0 = counter("dpd_acks_sent"), acks_rcvd0 = counter("dpd_acks_received");
  std::this_thread::sleep_for(22s);
  EXPECT_GE(counter("dpd_acks_sent"), acks_sent0 + 1) << "charon's R-U-THERE answered\n" << charon_log();
  EXPECT_GE(counter("dpd_acks_received"), acks_rcvd0 + 2) << "havpnc's probes answered by charon";
  EXPECT_EQ(counter("peers_declared_dead"), 0u);
  EXPECT_NE(charon_log().find("DPD"), std::string::npos);

  // 2. Rekeys under traffic: 25 s of pings at 0.2 s.
  const std::set<std::string> spis0 = r10_inbound_spis();
  ASSERT_EQ(spis0.size(), 1u);
  std::string ping_out;
  std::thread pinger([&] { ping_out = shell(in(h146) + "ping -n -c 125 -i 0.2 -W 2 6.6.2.2").out; });
  std::this_thread::sleep_for(3s);
  const ShellResult rekey = swanctl("--rekey --child MAP2-10-0");
  EXPECT_TRUE(rekey.ok()) << rekey.out;
  std::set<std::string> spis1;
  EXPECT_TRUE(wait_for([&] {
    spis1 = r10_inbound_spis();
    return spis1.size() == 2 && spis1.count(*spis0.begin()) == 1;
  }, 10)) << "charon's rekey installed on R10 (IKEv1 charon keeps the old pair until it expires: "
             "charon.delete_rekeyed = no)\n" << show_text("R10", "show crypto ipsec sa");
  const std::uint64_t p2_after_charon = counter("phase2_established");
  // havpnc's rekey: 90% of 2560 KB sent on the pair charon made (1400-byte echoes).
  const ShellResult flood = shell(in(h146) + "ping -n -q -f -s 1400 -c 2000 -W 1 6.6.2.2");
  EXPECT_GE(received(flood.out), 1800) << flood.out;
  std::set<std::string> spis2;
  EXPECT_TRUE(wait_for([&] {
    spis2 = r10_inbound_spis();
    for (const auto& s : spis2)
      if (!spis1.count(s)) return true;
    return false;
  }, 10)) << "havpnc rekeyed\n" << show_text("R10", "show crypto ipsec sa") << charon_log();
  EXPECT_GT(counter("phase2_established"), p2_after_charon);
  pinger.join();
  const int got = received(ping_out);
  EXPECT_GE(got, 124) << ping_out;
  const ShellResult sas = swanctl("--list-sas");
  EXPECT_NE(sas.out.find("INSTALLED"), std::string::npos) << sas.out;

  // 3. charon restarts without a word and initiates again (INITIAL-CONTACT).
  const std::set<std::string> stale = r10_inbound_spis();
  stop_role("charon", SIGKILL);
  start_charon(short_lived(crypto::testing::r2_plan()), charon_edits);
  if (HasFatalFailure()) return;
  const ShellResult init = swanctl("--initiate --ike MAP2-10 --child MAP2-10-0 --timeout 20");
  EXPECT_TRUE(init.ok()) << init.out << charon_log();
  EXPECT_NE(charon_log().find("INITIAL_CONTACT"), std::string::npos) << "charon sent INITIAL-CONTACT";
  std::set<std::string> fresh;
  EXPECT_TRUE(wait_for([&] {
    fresh = r10_inbound_spis();
    if (fresh.size() != 1) return false;
    for (const auto& s : fresh)
      if (stale.count(s)) return false;
    return true;
  }, 10)) << "stale SAs removed, one new pair\n" << show_text("R10", "show crypto ipsec sa");
  EXPECT_EQ(ping_count(h146, "", "6.6.2.2", 5), 5);

  // 4. charon dies: `keepalive 10 3` declares it dead and the SAs go.
  stop_role("charon", SIGKILL);
  EXPECT_TRUE(wait_for([&] { return counter("peers_declared_dead") >= 1 && r10_inbound_spis().empty(); }, 45))
      << show_text("R10", "show crypto session detail") << slurp(log_of("R10"));
}

}  // namespace
}  // namespace havpnc::interop
