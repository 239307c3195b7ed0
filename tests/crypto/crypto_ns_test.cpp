// `havpnc run` as R2 and R10 of the seed, for real, in network namespaces this test creates
// (tests/support/seed_netns.h: hvcr-<pid>-r2, -tr, -r10, -h146; all deleted in TearDown):
//
//   R2 (Gi0/0 6.6.25.2, Gi0/1 6.6.2.2 on a veth pair of its own) -- transit (6.6.25.1 | 6.6.156.1) --
//   R10 (Gi0/1 6.6.156.10, HSRP VIP 6.6.156.100; Gi0/0 6.6.146.10) -- host 6.6.146.4
//
// As in the seed, R2 pings 6.6.146.4 from 6.6.2.2: the packet is routed into R2's TUN,
// triggers main mode + quick mode with the VIP (once R10's HSRP group is Active and owns
// it), crosses the transit as ESP, is decrypted by R10 and forwarded to the host; the echo
// reply takes the way back. Then `show crypto session detail` on both routers shows the SA
// with packets counted both ways. Skipped unless root.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "runtime/control/control_client.h"
#include "runtime/plan/write_plan.h"
#include "tests/crypto/seed_plans.h"
#include "tests/support/seed_netns.h"
#include "tests/support/spawn_logged.h"

namespace havpnc::crypto {
namespace {

namespace fs = std::filesystem;

using testsupport::quiet_status;

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class CryptoNamespaceTest : public ::testing::Test {
 protected:
  const std::string prefix = "hvcr-" + std::to_string(::getpid()) + "-";
  const testsupport::SeedNamespaces seed_ns{prefix};
  const std::string &r2 = seed_ns.r2, &r10 = seed_ns.r10;
  fs::path dir;
  std::vector<pid_t> children;
  bool built = false;

  std::string in(const std::string& ns) const { return "ip netns exec " + ns + " "; }

  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root for network namespaces";
    if (!fs::exists("/dev/net/tun")) GTEST_SKIP() << "needs /dev/net/tun";
    dir = fs::temp_directory_path() / (prefix + "crypto");
    fs::remove_all(dir);
    fs::create_directories(dir);
    const std::string failed = seed_ns.create();
    ASSERT_EQ(failed, "") << failed;
    built = true;
  }

  void TearDown() override {
    for (pid_t c : children) {
      if (::waitpid(c, nullptr, WNOHANG) == 0) {
        ::kill(c, SIGTERM);
        for (int i = 0; i < 50 && ::waitpid(c, nullptr, WNOHANG) == 0; ++i)
          std::this_thread::sleep_for(std::chrono::milliseconds(100));
        if (::waitpid(c, nullptr, WNOHANG) == 0) {
          ::kill(c, SIGKILL);
          ::waitpid(c, nullptr, 0);
        }
      }
    }
    seed_ns.remove();
    if (!dir.empty()) {
      std::error_code ec;
      fs::remove_all(dir, ec);
    }
  }

  std::string socket(const std::string& name) const { return (dir / (name + ".sock")).string(); }

  void run_router(const std::string& ns, const std::string& name, const plan::Plan& plan) {
    const fs::path plan_file = dir / (name + ".plan.json");
    std::ofstream(plan_file) << plan::write_plan(plan);
    const fs::path log = dir / (name + ".log");
    const pid_t child = testsupport::spawn_logged(
        {"ip", "netns", "exec", ns, HAVPNC_BINARY, "run", "--plan", plan_file.string(), "--control", socket(name)},
        log);
    ASSERT_GE(child, 0);
    children.push_back(child);
    control::ClientResult r;
    for (int i = 0; i < 100 && !r.transport_ok; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      r = control::query(socket(name), {control::Format::Text, "show crypto isakmp sa"});
    }
    ASSERT_TRUE(r.transport_ok) << name << ": " << r.error << "\n" << slurp(log);
  }

  nlohmann::json session(const std::string& name) const {
    auto r = control::query(socket(name), {control::Format::Json, "show crypto session detail"});
    EXPECT_TRUE(r.transport_ok && r.ok) << r.error << r.body;
    return nlohmann::json::parse(r.body, nullptr, false);
  }
};

TEST_F(CryptoNamespaceTest, SeedPingCrossesTheTunnelAndShowCountsIt) {
  ASSERT_TRUE(built);
  plan::Plan p2 = testing::r2_plan();
  plan::Plan p10 = testing::r10_plan();
  run_router(r2, "R2", p2);
  run_router(r10, "R10", p10);
  if (HasFatalFailure()) return;

  // R10's HSRP group must go Active before the VIP answers; IKE retransmits meanwhile.
  const std::string ping = in(r2) + "ping -c 1 -W 1 -I 6.6.2.2 6.6.146.4";
  bool answered = false;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 90 && !answered; ++i) answered = quiet_status(ping) == 0;
  const double seconds_to_first =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(answered) << slurp(dir / "R2.log") << "\n---\n" << slurp(dir / "R10.log") << "\n"
                        << control::query(socket("R2"), {control::Format::Text, "sh cry sess det"}).body;
  std::printf("first echo reply after %.1f s\n", seconds_to_first);
  // 20 more through the established SA: every one answered; the figure goes to stdout.
  const std::string many = in(r2) + "ping -q -c 20 -i 0.05 -W 2 -I 6.6.2.2 6.6.146.4";
  FILE* out = ::popen(many.c_str(), "r");
  ASSERT_NE(out, nullptr);
  std::string summary;
  char line[256];
  while (std::fgets(line, sizeof line, out)) summary += line;
  EXPECT_EQ(WEXITSTATUS(::pclose(out)), 0) << summary;
  EXPECT_NE(summary.find("20 received, 0% packet loss"), std::string::npos) << summary;
  std::printf("%s", summary.c_str());

  for (const char* name : {"R2", "R10"}) {
    const nlohmann::json j = session(name);
    ASSERT_TRUE(j.contains("sessions")) << name << j.dump();
    ASSERT_EQ(j["sessions"].size(), 1u) << name;
    const auto& s = j["sessions"][0];
    EXPECT_EQ(s["status"], "UP-ACTIVE") << name;
    EXPECT_EQ(s["active_sas"], 2) << name;
    EXPECT_GE(s["inbound"]["packets_decrypted"].get<std::uint64_t>(), 21u) << name;
    EXPECT_GE(s["outbound"]["packets_encrypted"].get<std::uint64_t>(), 21u) << name;
    EXPECT_EQ(s["inbound"]["drops"], 0) << name;
  }
  const auto text = control::query(socket("R10"), {control::Format::Text, "sh crypto session detail"});
  std::printf("R10# show crypto session detail\n%s", text.body.c_str());
  EXPECT_NE(text.body.find("  IKEv1 SA: local 6.6.156.100/500 remote 6.6.25.2/500 Active\n"),
            std::string::npos)
      << text.body;
  EXPECT_NE(text.body.find("IPSEC FLOW: permit ip 6.6.146.0/255.255.255.0 6.6.2.0/255.255.255.0"),
            std::string::npos);
  const auto isakmp = control::query(socket("R2"), {control::Format::Text, "sh crypto isakmp sa"});
  EXPECT_NE(isakmp.body.find("6.6.156.100     6.6.25.2        QM_IDLE"), std::string::npos)
      << isakmp.body;
  for (const char* name : {"R2", "R10"}) {
    EXPECT_EQ(slurp(dir / (std::string(name) + ".log")).find(testing::kPsk), std::string::npos);
    for (const char* cmd : {"sh cry sess det", "sh cry isakmp sa", "sh cry ipsec sa"})
      EXPECT_EQ(control::query(socket(name), {control::Format::Json, cmd}).body.find(testing::kPsk),
                std::string::npos);
  }
}

}  // namespace
}  // namespace havpnc::crypto
