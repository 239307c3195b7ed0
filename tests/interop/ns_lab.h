#pragma once
// The seed's R2 -- transit -- R10 -- host path in network namespaces this fixture creates
// (tests/support/seed_netns.h: <prefix>{r2,tr,r10,h146}; all deleted in TearDown), with R2 run
// either as `havpnc run` or as strongSwan's charon (kernel-libipsec, the lab's generated
// configuration), R10 always as `havpnc run`, and tshark capturing on the transit router.
//
//   R2 (6.6.25.2; LAN 6.6.2.2) -- tr (6.6.25.1 | 6.6.156.1) -- R10 (6.6.156.10, VIP
//   6.6.156.100; 6.6.146.10) -- h146 (6.6.146.4)
//
// Only processes this fixture started are signalled (by pid); charon runs in a private
// mount namespace whose /run is the test's own directory (its pid file is /run/charon.pid).
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "runtime/control/control_client.h"
#include "runtime/lab/strongswan_config.h"
#include "runtime/plan/write_plan.h"
#include "tests/crypto/seed_plans.h"
#include "tests/support/seed_netns.h"
#include "tests/support/spawn_logged.h"

namespace havpnc::interop {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

inline std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs a shell command; its stdout (stderr dropped) and exit status.
struct ShellResult {
  int status = -1;
  std::string out;
  bool ok() const { return status == 0; }
};
inline ShellResult shell(const std::string& command) {
  ShellResult r;
  FILE* p = ::popen((command + " 2>/dev/null").c_str(), "r");
  if (!p) return r;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  const int st = ::pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}
inline int sh(const std::string& command) { return shell(command + " >/dev/null").status; }

// Packets received of `ping -c N`, or -1 when the summary is missing.
inline int received(const std::string& ping_out) {
  const auto at = ping_out.find(" received");
  if (at == std::string::npos) return -1;
  auto start = ping_out.rfind(", ", at);
  start = start == std::string::npos ? 0 : start + 2;
  return std::stoi(ping_out.substr(start, at - start));
}

class NsLab : public ::testing::Test {
 protected:
  const std::string prefix = "hvix-" + std::to_string(::getpid()) + "-";
  const testsupport::SeedNamespaces seed_ns{prefix};
  const std::string &r2 = seed_ns.r2, &tr = seed_ns.tr, &r10 = seed_ns.r10, &h146 = seed_ns.h146;
  fs::path dir;
  std::map<std::string, pid_t> procs;  // by role: "R2", "R10", "charon", "tshark"
  bool built = false;

  std::string in(const std::string& ns) const { return "ip netns exec " + ns + " "; }

  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root for network namespaces";
    if (!fs::exists("/dev/net/tun")) GTEST_SKIP() << "needs /dev/net/tun";
    if (sh("command -v tshark") != 0) GTEST_SKIP() << "tshark not installed";
    dir = fs::temp_directory_path() / (prefix + "interop");
    fs::remove_all(dir);
    fs::create_directories(dir);
    fs::permissions(dir, fs::perms::owner_all);
    const std::string failed = seed_ns.create();
    ASSERT_EQ(failed, "") << failed;
    built = true;
  }

  void TearDown() override {
    stop_capture();
    for (auto& [role, pid] : procs) stop(pid);
    procs.clear();
    seed_ns.remove();
    if (!dir.empty()) {
      std::error_code ec;
      fs::remove_all(dir, ec);
    }
  }

  static void stop(pid_t pid, int signal = SIGTERM) {
    if (pid <= 0 || ::waitpid(pid, nullptr, WNOHANG) != 0) return;
    ::kill(pid, signal);
    for (int i = 0; i < 50 && ::waitpid(pid, nullptr, WNOHANG) == 0; ++i) std::this_thread::sleep_for(100ms);
    if (::waitpid(pid, nullptr, WNOHANG) == 0) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
    }
  }
  void stop_role(const std::string& role, int signal = SIGTERM) {
    auto it = procs.find(role);
    if (it == procs.end()) return;
    stop(it->second, signal);
    procs.erase(it);
  }

  std::string socket(const std::string& name) const { return (dir / (name + ".sock")).string(); }
  fs::path log_of(const std::string& name) const { return dir / (name + ".log"); }

  // `havpnc run --plan` in `ns`; extra arguments appended (--export-keys ...).
  void run_router(const std::string& ns, const std::string& name, const plan::Plan& plan,
                  std::vector<std::string> extra = {}) {
    const fs::path plan_file = dir / (name + ".plan.json");
    std::ofstream(plan_file) << plan::write_plan(plan);
    std::vector<std::string> argv{"ip", "netns", "exec", ns, HAVPNC_BINARY, "run", "--plan", plan_file.string(),
                                  "--control", socket(name)};
    argv.insert(argv.end(), extra.begin(), extra.end());
    const pid_t child = spawn(argv, log_of(name));
    ASSERT_GT(child, 0);
    procs[name] = child;
    control::ClientResult r;
    for (int i = 0; i < 100 && !r.transport_ok; ++i) {
      std::this_thread::sleep_for(50ms);
      r = control::query(socket(name), {control::Format::Text, "show crypto isakmp sa"});
    }
    ASSERT_TRUE(r.transport_ok) << name << ": " << r.error << "\n" << slurp(log_of(name));
  }

  static pid_t spawn(const std::vector<std::string>& argv, const fs::path& log) {
    return testsupport::spawn_logged(argv, log);
  }

  // ---- strongSwan as R2 ------------------------------------------------------------------
  fs::path charon_run() const { return dir / "charon-run"; }
  std::string charon_log() const { return slurp(charon_run() / "charon.log"); }

  // The lab's generated strongswan.conf/swanctl.conf for `plan`; `edit` may change the
  // swanctl text (shorter lifetimes) before charon reads it.
  void start_charon(const plan::Plan& plan, const std::function<void(std::string&)>& edit = {}) {
    fs::create_directories(charon_run());
    lab::StrongswanConfig conf = lab::strongswan_config(plan, "/run/charon.vici", "/run/charon.log");
    ASSERT_TRUE(conf.error.empty()) << conf.error;
    if (edit) edit(conf.swanctl_conf);
    std::ofstream(charon_run() / "strongswan.conf") << conf.strongswan_conf;
    std::ofstream(charon_run() / "swanctl.conf") << conf.swanctl_conf;
    fs::permissions(charon_run() / "swanctl.conf", fs::perms::owner_read | fs::perms::owner_write);
    fs::remove(charon_run() / "charon.vici");
    fs::remove(charon_run() / "charon.pid");
    const std::string netns_path = "/run/netns/" + r2;
    const int netns_fd = ::open(netns_path.c_str(), O_RDONLY | O_CLOEXEC);
    ASSERT_GE(netns_fd, 0) << netns_path;
    const std::string run = charon_run().string();
    const fs::path out = dir / "charon.out";
    const pid_t pid = ::fork();
    if (pid == 0) {
      const int fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
      ::dup2(fd, 1);
      ::dup2(fd, 2);
      if (::setns(netns_fd, CLONE_NEWNET) != 0 || ::unshare(CLONE_NEWNS) != 0 ||
          ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0 ||
          ::mount(run.c_str(), "/run", nullptr, MS_BIND, nullptr) != 0)
        ::_exit(126);
      ::setenv("STRONGSWAN_CONF", "/run/strongswan.conf", 1);
      ::execl("/usr/lib/ipsec/charon", "charon", static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(netns_fd);
    ASSERT_GT(pid, 0);
    procs["charon"] = pid;
    struct stat st {};
    for (int i = 0; i < 200 && ::stat((charon_run() / "charon.vici").c_str(), &st) != 0; ++i)
      std::this_thread::sleep_for(50ms);
    ASSERT_TRUE(S_ISSOCK(st.st_mode)) << slurp(out) << charon_log();
    const ShellResult load = swanctl("--load-all --noprompt --file " + (charon_run() / "swanctl.conf").string());
    ASSERT_TRUE(load.ok()) << load.out;
  }
  ShellResult swanctl(const std::string& args) const {
    return shell(in(r2) + "swanctl " + args + " --uri unix://" + (charon_run() / "charon.vici").string());
  }
  static std::string strongswan_missing() {
    if (!fs::exists("/usr/lib/ipsec/charon")) return "strongswan-charon";
    if (sh("command -v swanctl") != 0) return "strongswan-swanctl";
    if (!fs::exists("/usr/lib/ipsec/plugins/libstrongswan-kernel-libipsec.so")) return "libcharon-extra-plugins";
    return {};
  }

  // ---- capture on the transit router -----------------------------------------------------
  fs::path pcap() const { return dir / "transit.pcapng"; }
  void start_capture() {
    const pid_t pid = spawn({"ip", "netns", "exec", tr, "tshark", "-q", "-n", "-i", "t25", "-w", pcap().string(),
                             "-f", "udp port 500 or udp port 4500 or ip proto 50"},
                            dir / "tshark.log");
    ASSERT_GT(pid, 0);
    procs["tshark"] = pid;
    for (int i = 0; i < 100 && slurp(dir / "tshark.log").find("Capturing on") == std::string::npos; ++i)
      std::this_thread::sleep_for(100ms);
    std::this_thread::sleep_for(500ms);
  }
  void stop_capture() { stop_role("tshark", SIGINT); }

  nlohmann::json show_json(const std::string& name, const std::string& command) const {
    auto r = control::query(socket(name), {control::Format::Json, command});
    EXPECT_TRUE(r.transport_ok && r.ok) << r.error << r.body;
    return nlohmann::json::parse(r.body, nullptr, false);
  }
  std::string show_text(const std::string& name, const std::string& command) const {
    return control::query(socket(name), {control::Format::Text, command}).body;
  }

  // Pings `dst` from `ns` until one answers (HSRP election + IKE), at most `rounds` x 1 s.
  bool ping_until_answered(const std::string& ns, const std::string& src, const std::string& dst, int rounds) {
    const std::string ping = in(ns) + "ping -n -c 1 -W 1 " + (src.empty() ? "" : "-I " + src + " ") + dst;
    for (int i = 0; i < rounds; ++i)
      if (sh(ping) == 0) return true;
    return false;
  }
  int ping_count(const std::string& ns, const std::string& src, const std::string& dst, int n,
                 const std::string& interval = "0.2") {
    return received(shell(in(ns) + "ping -n -c " + std::to_string(n) + " -i " + interval + " -W 2 " +
                          (src.empty() ? "" : "-I " + src + " ") + dst)
                        .out);
  }
};

}  // namespace havpnc::interop
