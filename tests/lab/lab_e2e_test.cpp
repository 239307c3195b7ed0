// `havpnc lab` for real: the seed in namespaces named hvlab-<pid>-..., driven through the CLI
// as an operator would. Skipped unless root. Every test takes its lab down however it ends.
#include <gtest/gtest.h>

#include <pwd.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "runtime/lab/command.h"
#include "runtime/lab/lab.h"
#include "runtime/lab/lab_state.h"
#include "runtime/lab/strongswan_process.h"

namespace havpnc::lab {
namespace {

namespace fs = std::filesystem;

const std::string kSeed = std::string(HAVPNC_SOURCE_DIR) + "/samples/seed";

struct TestLab {
  std::string prefix;
  explicit TestLab(const std::string& tag) : prefix("hvlab-" + std::to_string(::getpid()) + tag + "-") {}
  ~TestLab() { lab({"down"}); }

  CommandResult lab(std::vector<std::string> args) const {
    std::vector<std::string> argv{HAVPNC_BINARY, "lab"};
    argv.push_back(args.front());
    argv.push_back("--prefix");
    argv.push_back(prefix);
    argv.insert(argv.end(), args.begin() + 1, args.end());
    return run_command(argv);
  }
  std::string dir() const { return std::string(kDefaultStateRoot) + "/" + prefix; }
  std::vector<std::pair<std::string, ProcessRecord>> records() const {
    std::vector<std::pair<std::string, ProcessRecord>> out;
    for (const char* r : {"R10", "R11", "R2"})
      if (auto rec = read_record(dir() + "/" + r + ".pid")) out.emplace_back(r, *rec);
    return out;
  }
};

std::string root_links() {
  return run_command({"ip", "-o", "link", "show"}).out;
}

// Names only: counters and flags of unrelated interfaces may change meanwhile.
std::vector<std::string> link_names(const std::string& ip_o_link) {
  std::vector<std::string> names;
  std::size_t pos = 0;
  while ((pos = ip_o_link.find(": ", pos)) != std::string::npos) {
    const auto end = ip_o_link.find(':', pos + 2);
    names.push_back(ip_o_link.substr(pos + 2, end - pos - 2));
    pos = ip_o_link.find('\n', pos);
    if (pos == std::string::npos) break;
  }
  return names;
}

TEST(LabEndToEnd, SeedUpShowLinkKillStartPingDown) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root for network namespaces";
  const auto root_before = link_names(root_links());
  TestLab lab("a");
  const CommandResult up = lab.lab({"up", "--dir", kSeed});
  ASSERT_TRUE(up.ok()) << up.describe() << "\n" << up.out;
  EXPECT_NE(up.out.find("lab " + lab.prefix + " is up"), std::string::npos) << up.out;
  EXPECT_EQ(link_names(root_links()), root_before) << "the lab added something to the root namespace";

  // Every router bound both interfaces to the lab's veths and answers show.
  for (const std::string r : {"R10", "R11", "R2"}) {
    const CommandResult brief = lab.lab({"show", r, "show", "interfaces", "brief", "--json"});
    ASSERT_TRUE(brief.ok()) << brief.describe();
    const auto j = nlohmann::json::parse(brief.out);
    ASSERT_EQ(j.size(), 2u) << brief.out;
    EXPECT_EQ(j[0]["interface"], "GigabitEthernet0/0");
    EXPECT_EQ(j[0]["linux_interface"], "Gi0-0");
    EXPECT_EQ(j[1]["linux_interface"], "Gi0-1");
    for (const auto& row : j) EXPECT_EQ(row["protocol"], "up") << r << " " << brief.out;
    const CommandResult run = lab.lab({"show", r, "sh", "run"});
    ASSERT_TRUE(run.ok()) << run.describe();
    EXPECT_NE(run.out.find("hostname " + r + "\n"), std::string::npos) << run.out;
    EXPECT_NE(run.out.find("crypto isakmp key <redacted> address"), std::string::npos) << run.out;
    EXPECT_EQ(run.out.find("cisco"), std::string::npos) << "a key in show running-config:\n" << run.out;
    struct stat st {};
    ASSERT_EQ(::stat((lab.dir() + "/" + r + ".plan.json").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
  }
  const CommandResult status = lab.lab({"status"});
  EXPECT_TRUE(status.ok()) << status.describe() << "\n" << status.out;
  EXPECT_NE(status.out.find("bindings: Gi0/0=Gi0-0 up/up Gi0/1=Gi0-1 up/up"), std::string::npos) << status.out;

  // Plain IP across the transit: R2's outside to R10's outside...
  const std::vector<std::string> ping{"exec", "R2", "ping", "-n", "-c", "1", "-W", "2", "-I", "6.6.25.2", "6.6.156.10"};
  const CommandResult p1 = lab.lab(ping);
  EXPECT_TRUE(p1.ok()) << p1.describe() << "\n" << p1.out;
  // ...and only across it: with the transit's outside leg down, nothing gets through.
  ASSERT_TRUE(lab.lab({"link", "transit", "eth1", "down"}).ok());
  EXPECT_FALSE(lab.lab(ping).ok());
  ASSERT_TRUE(lab.lab({"link", "transit", "eth1", "up"}).ok());

  // A link set down is what the router reports; set up again, routing comes back too.
  const CommandResult down = lab.lab({"link", "R10", "Gi0/1", "down"});
  ASSERT_TRUE(down.ok()) << down.describe();
  CommandResult brief = lab.lab({"show", "R10", "sh", "ip", "int", "br"});
  EXPECT_NE(brief.out.find("GigabitEthernet0/1         6.6.156.10      YES manual down                  down"),
            std::string::npos)
      << brief.out;
  EXPECT_NE(brief.out.find("GigabitEthernet0/0         6.6.146.10      YES manual up                    up"),
            std::string::npos)
      << brief.out;
  ASSERT_TRUE(lab.lab({"link", "R10", "GigabitEthernet0/1", "up"}).ok());
  brief = lab.lab({"show", "R10", "sh", "ip", "int", "br"});
  EXPECT_NE(brief.out.find("GigabitEthernet0/1         6.6.156.10      YES manual up                    up"),
            std::string::npos)
      << brief.out;
  const CommandResult p2 = lab.lab(ping);
  EXPECT_TRUE(p2.ok()) << "R10's route did not come back: " << p2.out;
  EXPECT_EQ(lab.lab({"link", "R10", "Gi0/7", "down"}).exit_status, 2);

  // kill (a crash) and start again.
  const auto before = lab.records();
  ASSERT_EQ(before.size(), 3u);
  const ProcessRecord r11 = before[1].second;
  ASSERT_TRUE(lab.lab({"kill", "R11"}).ok());
  EXPECT_FALSE(record_is_live(r11, lab.prefix + "R11"));
  const CommandResult dead = lab.lab({"status"});
  EXPECT_EQ(dead.exit_status, 1);
  EXPECT_NE(dead.out.find("R11 (router): namespace " + lab.prefix + "R11, router not running"), std::string::npos)
      << dead.out;
  const CommandResult dead_json = lab.lab({"status", "--json"});
  EXPECT_EQ(dead_json.exit_status, 1);
  const auto sj = nlohmann::json::parse(dead_json.out);
  EXPECT_EQ(sj["healthy"], false);
  for (const auto& n : sj["nodes"]) {
    if (n["name"] == "R11") {
      EXPECT_EQ(n["running"], false);
    }
    if (n["name"] == "R10") {
      EXPECT_EQ(n["running"], true);
      EXPECT_EQ(n["bindings"][1]["linux"], "Gi0-1") << n.dump();
    }
  }
  EXPECT_EQ(lab.lab({"show", "R11", "sh", "run"}).exit_status, 2);
  const CommandResult started = lab.lab({"start", "R11"});
  ASSERT_TRUE(started.ok()) << started.describe();
  EXPECT_TRUE(lab.lab({"show", "R11", "show", "interfaces", "brief"}).ok());
  EXPECT_EQ(lab.lab({"start", "R11"}).exit_status, 2) << "a second R11";
  // Power off: the process dies and the box's links go down with it, so its kernel no longer
  // answers on its addresses; start powers it on again.
  const std::vector<std::string> ping_r11{"exec", "transit", "ping", "-n", "-c", "1", "-W", "1", "6.6.156.11"};
  ASSERT_TRUE(lab.lab(ping_r11).ok());
  ASSERT_TRUE(lab.lab({"kill", "R11", "--power-off"}).ok());
  EXPECT_FALSE(lab.lab(ping_r11).ok());
  const CommandResult off = lab.lab({"status"});
  EXPECT_NE(off.out.find("R11, router not running, powered off (links down)"), std::string::npos) << off.out;
  const CommandResult on = lab.lab({"start", "R11"});
  ASSERT_TRUE(on.ok()) << on.describe();
  EXPECT_NE(on.out.find("R11 powered on: every link up"), std::string::npos) << on.out;
  EXPECT_TRUE(lab.lab(ping_r11).ok());
  EXPECT_TRUE(lab.lab({"show", "R11", "show", "interfaces", "brief"}).ok());
  // SIGTERM: the router logs its orderly stop.
  ASSERT_TRUE(lab.lab({"kill", "R2", "--signal", "TERM"}).ok());
  EXPECT_NE(read_text_file(lab.dir() + "/R2.log")->find("%HAVPNC-5-STOP: R2 stopping on SIGTERM"), std::string::npos);
  ASSERT_TRUE(lab.lab({"start", "R2"}).ok());
  EXPECT_TRUE(lab.lab({"status"}).ok());

  // down leaves nothing: no namespace, no process, no state.
  const auto last = lab.records();
  ASSERT_EQ(last.size(), 3u);
  const CommandResult gone = lab.lab({"down"});
  EXPECT_TRUE(gone.ok()) << gone.describe();
  EXPECT_TRUE(namespaces_with_prefix(lab.prefix).empty());
  for (const auto& [name, record] : last) {
    const auto start = process_start_time(record.pid);
    EXPECT_TRUE(!start || *start != record.start_time) << name << " still runs";
  }
  EXPECT_FALSE(fs::exists(lab.dir()));
  EXPECT_EQ(link_names(root_links()), root_before);
  EXPECT_EQ(lab.lab({"status"}).exit_status, 1);
}

TEST(LabEndToEnd, UpTwiceIsRefusedUnlessForced) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root for network namespaces";
  TestLab lab("b");
  ASSERT_TRUE(lab.lab({"up", "--dir", kSeed}).ok());
  const auto first = lab.records();
  ASSERT_EQ(first.size(), 3u);
  const CommandResult again = lab.lab({"up", "--dir", kSeed});
  EXPECT_EQ(again.exit_status, 2);
  EXPECT_NE(again.err.find("exists from another run: " + lab.prefix + "R10"), std::string::npos) << again.err;
  // The refused run touched nothing: the first lab still answers.
  EXPECT_TRUE(lab.lab({"show", "R10", "sh", "int", "br"}).ok());
  for (const auto& [name, record] : first) EXPECT_TRUE(record_is_live(record, lab.prefix + name)) << name;

  // Another lab's namespace is not this lab's leftover.
  const std::string foreign = "hvlab-" + std::to_string(::getpid()) + "x-R10";
  ASSERT_TRUE(run_command({"ip", "netns", "add", foreign}).ok());
  const CommandResult forced = lab.lab({"up", "--dir", kSeed, "--force"});
  EXPECT_TRUE(namespace_exists(foreign));
  run_command({"ip", "netns", "del", foreign});
  ASSERT_TRUE(forced.ok()) << forced.describe();
  for (const auto& [name, record] : first) EXPECT_FALSE(record_is_live(record, lab.prefix + name)) << name;
  const auto second = lab.records();
  ASSERT_EQ(second.size(), 3u);
  for (const auto& [name, record] : second) EXPECT_TRUE(record_is_live(record, lab.prefix + name)) << name;
  EXPECT_TRUE(lab.lab({"status"}).ok());
  ASSERT_TRUE(lab.lab({"down"}).ok());
  EXPECT_TRUE(namespaces_with_prefix(lab.prefix).empty());
}

TEST(LabEndToEnd, RefusesWithoutRoot) {
  // As root, drop to nobody in a child; as anyone else, that is already the case.
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    if (::geteuid() == 0) {
      const passwd* nobody = ::getpwnam("nobody");
      if (!nobody || ::setgid(nobody->pw_gid) != 0 || ::setuid(nobody->pw_uid) != 0) ::_exit(99);
      // A build under /root is out of nobody's reach: that says nothing about the lab.
      if (::access(HAVPNC_BINARY, X_OK) != 0) ::_exit(98);
    }
    const CommandResult r = run_command({HAVPNC_BINARY, "lab", "status", "--prefix", "hvlab-nonroot-"});
    const bool said = r.err.find("havpnc lab: must run as root") != std::string::npos;
    ::_exit(r.exit_status == 2 && said ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  if (WEXITSTATUS(status) == 98) GTEST_SKIP() << "user nobody cannot execute " << HAVPNC_BINARY;
  ASSERT_NE(WEXITSTATUS(status), 99) << "could not become nobody";
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

TEST(LabEndToEnd, UnknownDirAndNodeAreRefused) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root";
  TestLab lab("d");
  const CommandResult r = lab.lab({"up", "--dir", "/nonexistent/hvlab"});
  EXPECT_EQ(r.exit_status, 2);
  EXPECT_NE(r.err.find("cannot read /nonexistent/hvlab"), std::string::npos) << r.err;
  EXPECT_TRUE(namespaces_with_prefix(lab.prefix).empty());
  EXPECT_FALSE(fs::exists(lab.dir()));
  EXPECT_EQ(lab.lab({"show", "R10", "sh", "run"}).exit_status, 2);
  EXPECT_EQ(lab.lab({"exec", "R10", "true"}).exit_status, 2);
}


TEST(LabEndToEnd, ConfigsThatCannotBeBuiltLeaveNothing) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root";
  TestLab lab("e");
  const fs::path dir = fs::temp_directory_path() / ("hvlab-dup-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  // The compile gate: R10 twice is an HA pair whose ipc addresses do not match.
  fs::copy_file(kSeed + "/R10.cfg", dir / "a.cfg", fs::copy_options::overwrite_existing);
  fs::copy_file(kSeed + "/R10.cfg", dir / "b.cfg", fs::copy_options::overwrite_existing);
  const CommandResult lint = lab.lab({"up", "--dir", dir.string()});
  EXPECT_EQ(lint.exit_status, 2);
  EXPECT_NE(lint.err.find("has lint errors"), std::string::npos) << lint.err;
  // Two routers of one name cannot both be a namespace.
  fs::copy_file(kSeed + "/R2.cfg", dir / "a.cfg", fs::copy_options::overwrite_existing);
  fs::copy_file(kSeed + "/R2.cfg", dir / "b.cfg", fs::copy_options::overwrite_existing);
  const CommandResult r = lab.lab({"up", "--dir", dir.string()});
  fs::remove_all(dir);
  EXPECT_EQ(r.exit_status, 2);
  EXPECT_NE(r.err.find("two configs have hostname R2"), std::string::npos) << r.err;
  EXPECT_TRUE(namespaces_with_prefix(lab.prefix).empty());
  EXPECT_FALSE(fs::exists(lab.dir()));
  for (const auto& e : fs::directory_iterator(kDefaultStateRoot))
    EXPECT_EQ(e.path().filename().string().find(lab.prefix), std::string::npos) << "staging left: " << e.path();
}

TEST(LabEndToEnd, ARouterThatWillNotStartTakesTheLabDown) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root";
  // A havpnc whose `run` refuses, as a router does on a bad plan or a port in use; `compile`
  // is the real one.
  const fs::path dir = fs::temp_directory_path() / ("hvlab-bin-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path fake = dir / "havpnc";
  std::ofstream(fake) << "#!/bin/sh\n[ \"$1\" = run ] && { echo 'simulated refusal' >&2; exit 2; }\nexec "
                      << HAVPNC_BINARY << " \"$@\"\n";
  fs::permissions(fake, fs::perms::owner_all);
  LabOptions options;
  options.paths.prefix = "hvlab-" + std::to_string(::getpid()) + "f-";
  options.havpnc_binary = fake.string();
  std::ostringstream out;
  std::ostringstream err;
  Lab lab(options, out, err);
  EXPECT_EQ(lab.up(kSeed, false), kLabFailed);
  fs::remove_all(dir);
  // Which router is caught first depends on timing: each says why, from its own log.
  bool reported = false;
  for (const std::string r : {"R10", "R11", "R2"})
    reported = reported || err.str().find("router " + r + " exited; log " + options.paths.dir() + "/" + r +
                                          ".log:\nsimulated refusal") != std::string::npos;
  EXPECT_TRUE(reported) << err.str();
  EXPECT_TRUE(namespaces_with_prefix(options.paths.prefix).empty()) << err.str();
  EXPECT_FALSE(fs::exists(options.paths.dir()));
}

TEST(LabEndToEnd, StrongswanPeerRunsR2) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root";
  if (const std::string missing = strongswan_missing(); !missing.empty()) GTEST_SKIP() << "not installed: " << missing;
  const bool host_pid_file = fs::exists("/run/charon.pid");
  TestLab lab("s");
  const CommandResult up = lab.lab({"up", "--dir", kSeed, "--peer", "strongswan"});
  ASSERT_TRUE(up.ok()) << up.describe() << "\n" << up.out;
  const std::string vici = lab.dir() + "/R2.swan/run/charon.vici";
  EXPECT_NE(up.out.find("R2 running strongSwan (pid "), std::string::npos) << up.out;
  // charon's compiled-in /run/charon.pid went to its private /run, not the host's.
  EXPECT_EQ(fs::exists("/run/charon.pid"), host_pid_file);
  struct stat st {};
  ASSERT_EQ(::stat((lab.dir() + "/R2.swan/run/swanctl.conf").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u) << "it holds the pre-shared key";

  const CommandResult conns = lab.lab({"exec", "R2", "swanctl", "--list-conns", "--uri", "unix://" + vici});
  ASSERT_TRUE(conns.ok()) << conns.describe();
  EXPECT_NE(conns.out.find("MAP2-10: IKEv1"), std::string::npos) << conns.out;
  EXPECT_NE(conns.out.find("local:  6.6.2.0/24"), std::string::npos) << conns.out;
  const CommandResult status = lab.lab({"status"});
  EXPECT_TRUE(status.ok()) << status.out;
  EXPECT_NE(status.out.find("strongSwan, vici " + vici), std::string::npos) << status.out;
  EXPECT_TRUE(lab.lab({"show", "R10", "sh", "int", "br"}).ok()) << "R10 and R11 are still havpnc";
  EXPECT_EQ(lab.lab({"show", "R2", "sh", "int", "br"}).exit_status, 2);
  // charon owns R2's namespace's IKE ports; the underlay still works from there.
  EXPECT_TRUE(lab.lab({"exec", "R2", "ping", "-n", "-c", "1", "-W", "2", "-I", "6.6.25.2", "6.6.156.10"}).ok());

  ASSERT_TRUE(lab.lab({"kill", "R2", "--signal", "TERM"}).ok());
  const CommandResult again = lab.lab({"start", "R2"});
  EXPECT_TRUE(again.ok()) << again.describe();
  const auto records = lab.records();
  ASSERT_TRUE(lab.lab({"down"}).ok());
  for (const auto& [name, record] : records) EXPECT_FALSE(record_is_live(record, lab.prefix + name)) << name;
  EXPECT_TRUE(namespaces_with_prefix(lab.prefix).empty());
  EXPECT_FALSE(fs::exists(lab.dir()));
}

TEST(LabEndToEnd, DownLeavesANamespaceWithAProcessItDidNotStart) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root";
  TestLab lab("g");
  ASSERT_TRUE(lab.lab({"up", "--dir", kSeed}).ok());
  // Someone's long-running command in the transit namespace.
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::execlp("ip", "ip", "netns", "exec", (lab.prefix + "transit").c_str(), "sleep", "30", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  bool inside = false;
  for (int i = 0; i < 100 && !inside; ++i) {
    inside = !run_command({"ip", "netns", "pids", lab.prefix + "transit"}).out.empty();
    if (!inside) ::usleep(10000);
  }
  ASSERT_TRUE(inside);
  const CommandResult down = lab.lab({"down"});
  EXPECT_EQ(down.exit_status, 1);
  EXPECT_NE(down.err.find(lab.prefix + "transit: processes the lab did not start are in it (" + std::to_string(child) + ")"),
            std::string::npos)
      << down.err;
  EXPECT_TRUE(namespace_exists(lab.prefix + "transit"));
  EXPECT_FALSE(namespace_exists(lab.prefix + "R10"));
  EXPECT_EQ(::waitpid(child, nullptr, WNOHANG), 0) << "the lab must not kill what it did not start";
  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  // The lab kept its node list: once the stranger is gone, down finishes the job.
  EXPECT_TRUE(fs::exists(lab.dir() + "/nodes"));
  const CommandResult again = lab.lab({"down"});
  EXPECT_TRUE(again.ok()) << again.describe();
  EXPECT_TRUE(namespaces_with_prefix(lab.prefix).empty());
  EXPECT_FALSE(fs::exists(lab.dir()));
}

}  // namespace
}  // namespace havpnc::lab
