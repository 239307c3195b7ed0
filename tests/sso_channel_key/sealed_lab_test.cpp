// The acceptance lab (tests/sso_acceptance/lab), whose R10 and R11 protect the SSO channel the
// IOS way (`security ipsec SSO-PROF`, `crypto ipsec profile`, a `crypto isakmp key` for each
// other's ipc address), under `havpnc lab` (namespaces hvck-<pid>-*, root only): both routers
// say `Security: Configured (AES-256-GCM, key from crypto isakmp key for ...)`, a link and a
// power-off failover keep R2's SAs (the standby was synced over the sealed channel), and no
// log says SSO_CLEARTEXT, reports a refused record, or holds the key. About 40 s.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "runtime/lab/command.h"
#include "runtime/lab/lab_state.h"

namespace havpnc::lab {
namespace {

namespace fs = std::filesystem;

// The lab configs' channel key: it must reach no log, show or command output.
constexpr char kKey[] = "Sso-Lab-Channel-Key";

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

int count(const std::string& text, const std::string& part) {
  int n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

struct SealedLab {
  std::string prefix = "hvck-" + std::to_string(::getpid()) + "-";
  fs::path configs = SSO_ACCEPTANCE_LAB_DIR;

  ~SealedLab() { lab({"down"}); }

  CommandResult lab(std::vector<std::string> args) const {
    std::vector<std::string> argv{HAVPNC_BINARY, "lab", args.front(), "--prefix", prefix};
    argv.insert(argv.end(), args.begin() + 1, args.end());
    return run_command(argv);
  }
  fs::path state(const std::string& file) const { return fs::path(kDefaultStateRoot) / prefix / file; }
};

TEST(SealedSsoLab, FailsOverWithTheChannelSealedByTheIsakmpKey) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root for network namespaces";
  SealedLab lab;
  for (const char* router : {"R10", "R11"}) {
    ASSERT_EQ(count(read(lab.configs / (std::string(router) + ".cfg")), kKey), 1)
        << router << ".cfg no longer keys the channel with the key this test looks for";
  }
  const CommandResult up = lab.lab({"up", "--dir", lab.configs.string()});
  ASSERT_TRUE(up.ok()) << up.out << up.err;

  for (const char* router : {"R10", "R11"}) {
    struct stat st {};
    ASSERT_EQ(::stat(lab.state(std::string(router) + ".plan.json").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u) << router << "'s plan holds the channel key";
  }
  // Ten seconds for HSRP to elect and the standby to be bulk-synced, checked by the failover
  // tool itself ("settled"), which refuses to start otherwise.
  const CommandResult fo = lab.lab({"failover", "--repeat", "2", "--mode", "link,crash", "--rate", "100"});
  EXPECT_TRUE(fo.ok()) << fo.out << fo.err;
  EXPECT_EQ(count(fo.out, "SAs unchanged"), 2) << fo.out;
  EXPECT_EQ(count(fo.out, "standby holds every SA"), 2) << fo.out;

  for (auto [router, peer] : {std::pair{"R10", "6.6.146.11"}, std::pair{"R11", "6.6.146.10"}}) {
    const CommandResult show = lab.lab({"show", router, "show", "redundancy", "inter-device"});
    EXPECT_NE(show.out.find(std::string("Security: Configured (AES-256-GCM, key from crypto isakmp key for ") +
                            peer + ")"),
              std::string::npos)
        << router << ": " << show.out;
    const std::string log = read(lab.state(std::string(router) + ".log"));
    EXPECT_EQ(count(log, "SSO_CLEARTEXT"), 0) << router;
    EXPECT_EQ(count(log, "SSO_CHANNEL"), 0) << router;
    EXPECT_EQ(count(log, kKey), 0) << router;
    EXPECT_EQ(count(show.out, kKey), 0) << router;
  }
  EXPECT_EQ(count(fo.out + fo.err + up.out + up.err, kKey), 0);
}

}  // namespace
}  // namespace havpnc::lab
