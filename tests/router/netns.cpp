#include "tests/router/netns.h"

#include "tests/net/netns_fixture.h"

#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <thread>

namespace havpnc::router::testing {

// The process and namespace plumbing is tests/net's; this file adds the router tests' owner.
Output run(const std::vector<std::string>& argv) {
  net::testing::CommandResult r = net::testing::run_command(argv);
  return {r.status, std::move(r.output)};
}

std::optional<std::string> namespaces_unavailable() { return net::testing::namespace_tests_unavailable(); }

std::vector<std::string> namespaces_with_prefix(const std::string& prefix) {
  return net::testing::namespaces_with_prefix(prefix);
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
