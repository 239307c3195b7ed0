#pragma once
// Network namespaces for tests that need real sockets and devices. Every namespace is named
// "hvnet-<pid>-<n>-<suffix>", created with `ip netns add`, wired with veth pairs whose two
// ends are created directly inside test namespaces (the root namespace never holds either
// end), and deleted in TearDown — also when an assertion failed. Namespaces of an earlier
// test process that died (its <pid> is gone) are deleted at the next SetUp.
//
// The test body moves its own thread into a namespace with EnterNetns: sockets, TUN
// devices and netlink requests made there belong to that namespace and keep working after
// the thread moves on, so one test can drive two "routers" from one thread and one
// io_context.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace havpnc::net::testing {

struct CommandResult {
  int status = -1;  // exit status, or -1 if it did not exit normally
  std::string output;
};
// Runs argv without a shell; stdout and stderr are captured together.
CommandResult run_command(const std::vector<std::string>& argv);

// Why this process cannot run namespace tests, or nullopt.
std::optional<std::string> namespace_tests_unavailable();

class EnterNetns {
 public:
  explicit EnterNetns(const std::string& name);
  ~EnterNetns();
  EnterNetns(const EnterNetns&) = delete;
  EnterNetns& operator=(const EnterNetns&) = delete;

 private:
  int original_ = -1;
};

class NetnsTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Creates a namespace with lo up; returns its full name.
  std::string add_namespace(std::string_view suffix);
  // veth pair: `if_a` in `ns_a`, `if_b` in `ns_b`, both up.
  void add_veth(const std::string& ns_a, const std::string& if_a, const std::string& ns_b,
                const std::string& if_b);
  // `ip -n NS args...`; fails the test (and throws to end it) if ip fails.
  std::string ip(const std::string& ns, const std::vector<std::string>& args);
  // `ip netns exec NS argv...`
  std::string exec(const std::string& ns, const std::vector<std::string>& argv);

  const std::string& prefix() const { return prefix_; }

 private:
  std::string prefix_;
  std::vector<std::string> namespaces_;
};

// All namespaces whose name starts with `prefix`.
std::vector<std::string> namespaces_with_prefix(const std::string& prefix);

}  // namespace havpnc::net::testing
