#include "tests/net/netns_fixture.h"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <sstream>
#include <stdexcept>

namespace havpnc::net::testing {
namespace {

constexpr const char* kPrefix = "hvnet-";

std::atomic<int> counter{0};

std::vector<std::string> list_namespaces() {
  std::vector<std::string> names;
  auto r = run_command({"ip", "netns", "list"});
  std::istringstream lines(r.output);
  std::string line;
  while (std::getline(lines, line)) {
    auto space = line.find(' ');
    names.push_back(line.substr(0, space));
  }
  return names;
}

// hvnet-<pid>-... of a process that no longer exists: a test that crashed before TearDown.
void reap_stale_namespaces() {
  for (const auto& name : list_namespaces()) {
    if (name.rfind(kPrefix, 0) != 0) continue;
    auto rest = name.substr(std::strlen(kPrefix));
    auto dash = rest.find('-');
    if (dash == std::string::npos) continue;
    pid_t pid = 0;
    try {
      pid = static_cast<pid_t>(std::stol(rest.substr(0, dash)));
    } catch (const std::exception&) {
      continue;
    }
    if (pid > 0 && ::kill(pid, 0) < 0 && errno == ESRCH)
      run_command({"ip", "netns", "del", name});
  }
}

}  // namespace

CommandResult run_command(const std::vector<std::string>& argv) {
  int pipefd[2];
  if (::pipe2(pipefd, O_CLOEXEC) < 0) return {};
  pid_t pid = ::fork();
  if (pid < 0) {
    ::close(pipefd[0]);
    ::close(pipefd[1]);
    return {};
  }
  if (pid == 0) {
    ::dup2(pipefd[1], 1);
    ::dup2(pipefd[1], 2);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  ::close(pipefd[1]);
  CommandResult r;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(pipefd[0], buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR))
    if (n > 0) r.output.append(buf, static_cast<std::size_t>(n));
  ::close(pipefd[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

std::optional<std::string> namespace_tests_unavailable() {
  if (::geteuid() != 0) return "namespace tests need root (network namespaces, veth, raw sockets)";
  if (run_command({"ip", "-V"}).status != 0) return "the ip command (iproute2) is not installed";
  if (!std::filesystem::exists("/proc/self/ns/net")) return "kernel without network namespaces";
  return std::nullopt;
}

std::vector<std::string> namespaces_with_prefix(const std::string& prefix) {
  std::vector<std::string> out;
  for (auto& n : list_namespaces())
    if (n.rfind(prefix, 0) == 0) out.push_back(n);
  return out;
}

EnterNetns::EnterNetns(const std::string& name) {
  original_ = ::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
  if (original_ < 0) throw std::runtime_error("open own netns: " + std::string(strerror(errno)));
  int target = ::open(("/run/netns/" + name).c_str(), O_RDONLY | O_CLOEXEC);
  if (target < 0 || ::setns(target, CLONE_NEWNET) < 0) {
    int e = errno;
    if (target >= 0) ::close(target);
    ::close(original_);
    throw std::runtime_error("enter netns " + name + ": " + strerror(e));
  }
  ::close(target);
}

EnterNetns::~EnterNetns() {
  // Going back cannot fail for a namespace we came from; if it did, every later test would
  // run in the wrong namespace, so stop loudly.
  if (::setns(original_, CLONE_NEWNET) < 0) std::abort();
  ::close(original_);
}

void NetnsTest::SetUp() {
  if (auto why = namespace_tests_unavailable()) GTEST_SKIP() << "skipped: " << *why;
  reap_stale_namespaces();
  prefix_ = std::string(kPrefix) + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-";
}

void NetnsTest::TearDown() {
  for (auto it = namespaces_.rbegin(); it != namespaces_.rend(); ++it) {
    auto r = run_command({"ip", "netns", "del", *it});
    EXPECT_EQ(r.status, 0) << "ip netns del " << *it << ": " << r.output;
  }
  namespaces_.clear();
  if (!prefix_.empty()) {
    EXPECT_TRUE(namespaces_with_prefix(prefix_).empty()) << "namespaces left behind";
  }
}

std::string NetnsTest::add_namespace(std::string_view suffix) {
  std::string name = prefix_ + std::string(suffix);
  auto r = run_command({"ip", "netns", "add", name});
  if (r.status != 0) {
    ADD_FAILURE() << "ip netns add " << name << ": " << r.output;
    throw std::runtime_error("cannot create namespace " + name);
  }
  namespaces_.push_back(name);
  ip(name, {"link", "set", "lo", "up"});
  return name;
}

std::string NetnsTest::ip(const std::string& ns, const std::vector<std::string>& args) {
  std::vector<std::string> argv{"ip", "-n", ns};
  argv.insert(argv.end(), args.begin(), args.end());
  auto r = run_command(argv);
  if (r.status != 0) {
    std::string cmd;
    for (const auto& a : argv) cmd += a + " ";
    ADD_FAILURE() << cmd << "failed: " << r.output;
    throw std::runtime_error("command failed: " + cmd);
  }
  return r.output;
}

std::string NetnsTest::exec(const std::string& ns, const std::vector<std::string>& argv) {
  std::vector<std::string> full{"ip", "netns", "exec", ns};
  full.insert(full.end(), argv.begin(), argv.end());
  auto r = run_command(full);
  if (r.status != 0) {
    ADD_FAILURE() << "ip netns exec " << ns << " " << argv.front() << " failed: " << r.output;
    throw std::runtime_error("command failed in " + ns);
  }
  return r.output;
}

void NetnsTest::add_veth(const std::string& ns_a, const std::string& if_a,
                         const std::string& ns_b, const std::string& if_b) {
  ip(ns_a, {"link", "add", if_a, "type", "veth", "peer", "name", if_b, "netns", ns_b});
  ip(ns_a, {"link", "set", if_a, "up"});
  ip(ns_b, {"link", "set", if_b, "up"});
}

}  // namespace havpnc::net::testing
