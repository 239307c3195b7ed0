// Issue 7 acceptance: R2's DPD keeps being answered after takeover. R2 probes periodically
// (`crypto isakmp keepalive 10 3 periodic`: R-U-THERE every 10 s, resent every 3 s when
// unanswered, the peer dead after five resends). R10/R11 here send no probes of their own
// within the test (`keepalive 3600 2 periodic`; they answer R2's), so every ISAKMP
// informational exchange R2 sends is one of its probes and every one coming back from the VIP
// is an answer — counted on R2's wire with tshark, since the payload is encrypted. Across a
// tracked-link and a power-off failover: every probe R2 sends after the takeover is answered
// within a second (by the new active, with the replicated IKE SA: R2 decrypts and accepts it,
// or it would resend in 3 s and keep resending), at least two per takeover, and R2 never declares
// the peer dead: same ISAKMP conn-id, no tunnel DOWN in its log. Root only (~60 s).
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <sstream>

#include "tests/sso_acceptance/acceptance_lab.h"

namespace havpnc::sso_acceptance {
namespace {

using namespace std::chrono_literals;
using Wall = std::chrono::system_clock;

double wall_now() { return std::chrono::duration<double>(Wall::now().time_since_epoch()).count(); }

struct Informational {
  double at;  // epoch seconds, as tshark's frame.time_epoch
  bool from_r2;
};

TEST(SsoAcceptance, DpdFromR2IsAnsweredByTheNewActiveAfterEveryTakeover) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root for network namespaces";
  if (!lab::run_command({"tshark", "--version"}).ok()) GTEST_SKIP() << "needs tshark to see R2's DPD on the wire";
  // The pair's own probes pushed out to an hour (lint requires DPD on a stateful crypto map).
  AcceptanceLab lab({{"R10", "crypto isakmp keepalive 10 3 periodic", "crypto isakmp keepalive 3600 2 periodic"},
                     {"R11", "crypto isakmp keepalive 10 3 periodic", "crypto isakmp keepalive 3600 2 periodic"}});
  ASSERT_EQ(lab.up_and_settle(), "");
  const R2View before = lab.r2();

  // Each failover is followed by 22 s of R2's probes (two probe intervals and a resend).
  constexpr int kWatchAfterTakeover = 22;
  constexpr int kCaptureSeconds = 2 + 2 * (8 + kWatchAfterTakeover) + 4;
  std::string capture, capture_error;
  std::thread tshark([&] {
    const CommandResult r = lab.exec(
        "R2", {"tshark", "-n", "-l", "-i", "Gi0-0", "-f", "udp port 500", "-a", "duration:" + std::to_string(kCaptureSeconds),
               "-T", "fields", "-e", "frame.time_epoch", "-e", "ip.src", "-e", "isakmp.exchangetype"});
    capture = r.out;
    capture_error = r.describe();
  });
  std::this_thread::sleep_for(2s);  // tshark is listening

  struct Window {
    std::string mode, took_over;
    double from = 0, to = 0;
  };
  std::vector<Window> windows;
  for (const std::string mode : {"link", "crash"}) {
    const auto j = failover_once(lab, mode, 100);
    if (j.contains("error")) {
      tshark.join();
      FAIL() << j.value("error", "");
    }
    const auto& f = j["failovers"][0];
    EXPECT_TRUE(f["r2_sas"]["same"].get<bool>()) << f.dump();
    // The tool returns once the new active carries echoes and the failed router is back.
    Window w{mode, f["took_over"].is_string() ? f["took_over"].get<std::string>() : "", wall_now(), 0};
    std::this_thread::sleep_for(std::chrono::seconds(kWatchAfterTakeover));
    w.to = wall_now();
    windows.push_back(w);
  }
  tshark.join();

  std::vector<Informational> seen;
  std::istringstream in(capture);
  for (std::string line; std::getline(in, line);) {
    std::istringstream fields(line);
    double at = 0;
    std::string src;
    int exchange = 0;
    if (fields >> at >> src >> exchange && exchange == 5) seen.push_back({at, src == "6.6.25.2"});
  }
  ASSERT_FALSE(seen.empty()) << "no ISAKMP informational on R2's Gi0/0: " << capture << capture_error;

  for (const Window& w : windows) {
    SCOPED_TRACE(w.mode + " failover, " + w.took_over + " active");
    int probes = 0, answered = 0;
    for (std::size_t i = 0; i < seen.size(); ++i) {
      if (!seen[i].from_r2 || seen[i].at < w.from || seen[i].at > w.to - 1) continue;
      ++probes;
      for (std::size_t k = i + 1; k < seen.size() && seen[k].at < seen[i].at + 1.0; ++k)
        if (!seen[k].from_r2) {
          ++answered;
          break;
        }
    }
    std::printf("%s failover: %d R-U-THERE from R2 in the %d s after takeover, %d answered by %s within 1 s\n",
                w.mode.c_str(), probes, kWatchAfterTakeover, answered, w.took_over.c_str());
    EXPECT_GE(probes, 2);
    EXPECT_EQ(answered, probes);
  }
  const R2View after = lab.r2();
  EXPECT_TRUE(after.same_sas(before)) << before.describe() << "\n" << after.describe();
  EXPECT_EQ(lab.log("R2").find("Crypto tunnel is DOWN"), std::string::npos) << lab.log("R2");
}

}  // namespace
}  // namespace havpnc::sso_acceptance
