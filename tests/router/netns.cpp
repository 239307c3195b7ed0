#include "tests/router/netns.h"

#include <fcntl.h>
#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace havpnc::router::testing {

Output run(const std::vector<std::string>& argv) {
  int pipefd[2];
  if (::pipe2(pipefd, O_CLOEXEC) < 0) return {};
  const pid_t pid = ::fork();
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
  Output out;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(pipefd[0], buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR))
    if (n > 0) out.text.append(buf, static_cast<std::size_t>(n));
  ::close(pipefd[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  out.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

std::optional<std::string> namespaces_unavailable() {
  if (::geteuid() != 0) return "needs root (network namespaces, veth, raw sockets)";
  if (run({"ip", "-V"}).status != 0) return "the ip command (iproute2) is not installed";
  if (!std::filesystem::exists("/proc/self/ns/net")) return "kernel without network namespaces";
  return std::nullopt;
}

std::vector<std::string> namespaces_with_prefix(const std::string& prefix) {
  std::vector<std::string> out;
  std::istringstream lines(run({"ip", "netns", "list"}).text);
  std::string line;
  while (std::getline(lines, line))
    if (line.rfind(prefix, 0) == 0) out.push_back(line.substr(0, line.find(' ')));
  return out;
}

bool eventually(const std::function<bool()>& done, std::chrono::milliseconds limit) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return done();
}

namespace {
std::atomic<int> counter{0};
}

Namespaces::Namespaces()
    : prefix_("hvrt-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-") {}

Namespaces::~Namespaces() { remove_all(); }

std::string Namespaces::add(const std::string& suffix) {
  const std::string name = prefix_ + suffix;
  const Output r = run({"ip", "netns", "add", name});
  if (r.status != 0) throw std::runtime_error("ip netns add " + name + ": " + r.text);
  names_.push_back(name);
  ip(name, {"link", "set", "lo", "up"});
  return name;
}

void Namespaces::ip(const std::string& ns, const std::vector<std::string>& args) {
  std::vector<std::string> argv{"ip", "-n", ns};
  argv.insert(argv.end(), args.begin(), args.end());
  const Output r = run(argv);
  if (r.status != 0) {
    std::string cmd;
    for (const auto& a : argv) cmd += a + " ";
    throw std::runtime_error(cmd + "failed: " + r.text);
  }
}

std::vector<std::string> Namespaces::remove_all() {
  for (auto it = names_.rbegin(); it != names_.rend(); ++it) run({"ip", "netns", "del", *it});
  names_.clear();
  return namespaces_with_prefix(prefix_);
}

EnterNetns::EnterNetns(const std::string& name) {
  original_ = ::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
  if (original_ < 0) throw std::runtime_error("open own netns: " + std::string(std::strerror(errno)));
  const int target = ::open(("/run/netns/" + name).c_str(), O_RDONLY | O_CLOEXEC);
  if (target < 0 || ::setns(target, CLONE_NEWNET) < 0) {
    const int e = errno;
    if (target >= 0) ::close(target);
    ::close(original_);
    throw std::runtime_error("enter netns " + name + ": " + std::strerror(e));
  }
  ::close(target);
}

EnterNetns::~EnterNetns() {
  // Failing to return would run every later test in the wrong namespace: stop loudly.
  if (::setns(original_, CLONE_NEWNET) < 0) std::abort();
  ::close(original_);
}

}  // namespace havpnc::router::testing
