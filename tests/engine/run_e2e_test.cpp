// `havpnc run` for real, inside a network namespace this test creates (hveng-<pid>, a veth
// pair carrying the seed's R10 addresses, always deleted): it binds the plan's interfaces,
// answers `show running-config` and `show interfaces brief` over its socket, never logs a
// key, and on SIGTERM exits 0 leaving neither its socket nor anything else behind.
// Skipped unless root.
#include <gtest/gtest.h>

#include <signal.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "runtime/control/control_client.h"
#include "runtime/plan/write_plan.h"

namespace havpnc {
namespace {

namespace fs = std::filesystem;

int sh(const std::string& command) { return std::system((command + " >/dev/null 2>&1").c_str()); }

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Namespace {
  std::string name = "hveng-" + std::to_string(::getpid());
  bool created = false;
  Namespace() {
    created = sh("ip netns add " + name) == 0;
    const std::string in = "ip netns exec " + name + " ";
    created = created && sh(in + "ip link add hveng-o type veth peer name hveng-i") == 0 &&
              sh(in + "ip addr add 6.6.156.10/24 dev hveng-o") == 0 &&
              sh(in + "ip addr add 6.6.146.10/24 dev hveng-i") == 0 &&
              sh(in + "ip link set lo up") == 0 && sh(in + "ip link set hveng-o up") == 0 &&
              sh(in + "ip link set hveng-i up") == 0;
  }
  ~Namespace() { sh("ip netns del " + name); }
};

// Removes the test's directory and stops the router, however the test ends.
struct Leftovers {
  fs::path dir;
  pid_t child = -1;
  ~Leftovers() {
    if (child > 0 && ::waitpid(child, nullptr, WNOHANG) == 0) {
      ::kill(child, SIGKILL);
      ::waitpid(child, nullptr, 0);
    }
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

plan::Plan r10_plan() {
  plan::Plan p;
  p.hostname = "R10";
  p.source = "samples/seed/R10.cfg";
  p.interfaces.push_back({"GigabitEthernet0/0", plan::Ipv4Prefix::parse("6.6.146.10/24"), {}, false});
  p.interfaces.push_back({"GigabitEthernet0/1", plan::Ipv4Prefix::parse("6.6.156.10/24"), {}, false});
  p.interfaces.push_back({"GigabitEthernet0/2", std::nullopt, {}, true});
  plan::PreSharedKey key;
  key.address = *plan::Ipv4::parse("6.6.25.2");
  key.key = Secret(std::string_view{"e2e-Secret-Key-77"});
  p.pre_shared_keys.push_back(key);
  plan::IsakmpPolicy policy;
  policy.priority = 10;
  policy.encryption = plan::IkeEncryption::Aes128;
  policy.authentication = plan::IkeAuthentication::PreShare;
  policy.group = 2;
  p.isakmp_policies.push_back(policy);
  return p;
}

TEST(RunEndToEnd, BindsAnswersShowAndExitsCleanlyOnSigterm) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root for network namespaces";
  Namespace ns;
  ASSERT_TRUE(ns.created) << "could not build namespace " << ns.name;
  const fs::path dir = fs::temp_directory_path() / ns.name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  Leftovers leftovers{dir};
  const fs::path plan_file = dir / "R10.plan.json";
  std::ofstream(plan_file) << plan::write_plan(r10_plan());
  const std::string socket = (dir / "ctl" / "R10.sock").string();
  const fs::path log_file = dir / "stderr.log";

  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child > 0) leftovers.child = child;
  if (child == 0) {
    const int fd = ::open(log_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ::dup2(fd, 2);
    ::execlp("ip", "ip", "netns", "exec", ns.name.c_str(), HAVPNC_BINARY, "run", "--plan",
             plan_file.c_str(), "--control", socket.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  control::ClientResult run;
  for (int i = 0; i < 100 && !run.transport_ok; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    run = control::query(socket, {control::Format::Text, "sh run"});
  }
  ASSERT_TRUE(run.transport_ok) << run.error << "\n" << slurp(log_file);
  EXPECT_TRUE(run.ok);
  EXPECT_NE(run.body.find("hostname R10"), std::string::npos) << run.body;
  EXPECT_NE(run.body.find("crypto isakmp key <redacted> address 6.6.25.2"), std::string::npos);
  EXPECT_NE(run.body.find("interface GigabitEthernet0/1\n ip address 6.6.156.10 255.255.255.0"),
            std::string::npos);
  EXPECT_EQ(run.body.find("e2e-Secret"), std::string::npos);

  const auto brief = control::query(socket, {control::Format::Text, "show interfaces brief"});
  ASSERT_TRUE(brief.transport_ok);
  EXPECT_NE(brief.body.find("GigabitEthernet0/1         6.6.156.10      YES manual up                    up"),
            std::string::npos)
      << brief.body;
  EXPECT_NE(brief.body.find("GigabitEthernet0/2         unassigned      YES manual administratively down down"),
            std::string::npos)
      << brief.body;
  const auto json = control::query(socket, {control::Format::Json, "sh ip int br"});
  ASSERT_TRUE(json.transport_ok);
  EXPECT_NE(json.body.find("\"linux_interface\": \"hveng-o\""), std::string::npos) << json.body;
  const auto bad = control::query(socket, {control::Format::Text, "sh s"});
  ASSERT_TRUE(bad.transport_ok);
  EXPECT_FALSE(bad.ok);

  ASSERT_EQ(::kill(child, SIGTERM), 0);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  leftovers.child = -1;
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_FALSE(fs::exists(socket));
  const std::string log = slurp(log_file);
  EXPECT_NE(log.find("%HAVPNC-5-START: R10 running"), std::string::npos) << log;
  EXPECT_NE(log.find("%HAVPNC-5-STOP: R10 stopping on SIGTERM"), std::string::npos) << log;
  EXPECT_EQ(log.find("e2e-Secret"), std::string::npos);
}

TEST(RunEndToEnd, RefusesAPlanWhoseAddressNoInterfaceCarries) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root for network namespaces";
  Namespace ns;
  ASSERT_TRUE(ns.created);
  const fs::path dir = fs::temp_directory_path() / (ns.name + "-b");
  fs::create_directories(dir);
  Leftovers leftovers{dir};
  plan::Plan p = r10_plan();
  p.interfaces[0].address = plan::Ipv4Prefix::parse("6.6.99.10/24");
  std::ofstream(dir / "p.json") << plan::write_plan(p);
  const std::string cmd = "ip netns exec " + ns.name + " " + HAVPNC_BINARY + " run --plan " +
                          (dir / "p.json").string() + " --control " + (dir / "s.sock").string() +
                          " 2>" + (dir / "err").string();
  const int rc = std::system(cmd.c_str());
  EXPECT_EQ(WEXITSTATUS(rc), 2);
  EXPECT_NE(slurp(dir / "err").find("cannot bind GigabitEthernet0/0: no Linux interface carries its "
                                    "address 6.6.99.10/24"),
            std::string::npos)
      << slurp(dir / "err");
}

}  // namespace
}  // namespace havpnc
