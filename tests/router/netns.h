#pragma once
// Throw-away network namespaces for the router's tests, with tests/net's discipline: names
// "hvrt-<pid>-<n>-<suffix>", veths created directly between test namespaces (the root
// namespace never holds an end), every namespace deleted by the owner's destructor — also
// after a failed assertion — and checked gone.
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace havpnc::router::testing {

struct Output {
  int status = -1;  // exit status; -1 when it did not exit normally
  std::string text; // stdout and stderr together
};

// argv without a shell.
Output run(const std::vector<std::string>& argv);

// Why namespace tests cannot run here (not root, no iproute2), or nullopt.
std::optional<std::string> namespaces_unavailable();

std::vector<std::string> namespaces_with_prefix(const std::string& prefix);

// Polls `done` every 50 ms until it holds or `limit` passes.
bool eventually(const std::function<bool()>& done, std::chrono::milliseconds limit);

class Namespaces {
 public:
  Namespaces();   // picks the prefix
  ~Namespaces();  // deletes every namespace it created
  Namespaces(const Namespaces&) = delete;
  Namespaces& operator=(const Namespaces&) = delete;

  // Creates prefix + suffix with lo up; throws std::runtime_error when `ip` fails.
  std::string add(const std::string& suffix);
  // `ip -n NS args...`; throws std::runtime_error with the command and its output on failure.
  void ip(const std::string& ns, const std::vector<std::string>& args);
  // Deletes them all now; returns the names still present with the prefix (should be none).
  std::vector<std::string> remove_all();
  const std::string& prefix() const { return prefix_; }

 private:
  std::string prefix_;
  std::vector<std::string> names_;
};

// Moves the calling thread into a namespace for its lifetime: sockets and netlink requests
// made meanwhile belong to it.
class EnterNetns {
 public:
  explicit EnterNetns(const std::string& name);
  ~EnterNetns();
  EnterNetns(const EnterNetns&) = delete;
  EnterNetns& operator=(const EnterNetns&) = delete;

 private:
  int original_ = -1;
};

}  // namespace havpnc::router::testing
