// `havpnc lab up --peer strongswan --headend strongswan` for real: R10 and R2 both run
// strongSwan's charon (kernel-libipsec), R10 on the HSRP virtual IPs added statically, R11 not
// started; R2 initiates and a ping crosses the tunnel LAN to LAN. bench/tunnel's
// strongSwan<->strongSwan reference runs in this mode: the test keeps it from rotting.
// Skipped unless root with strongSwan installed.
#include <gtest/gtest.h>

#include <unistd.h>

#include <functional>
#include <string>
#include <vector>

#include "runtime/lab/command.h"
#include "runtime/lab/lab_state.h"
#include "runtime/lab/strongswan_process.h"

namespace havpnc::lab {
namespace {

TEST(LabHeadend, StrongswanHeadendAndPeerCarryAPing) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root";
  if (const std::string missing = strongswan_missing(); !missing.empty()) GTEST_SKIP() << "not installed: " << missing;
  const std::string prefix = "hvlab-" + std::to_string(::getpid()) + "h-";
  auto lab = [&](std::vector<std::string> args) {
    std::vector<std::string> argv{HAVPNC_BINARY, "lab", args.front(), "--prefix", prefix};
    argv.insert(argv.end(), args.begin() + 1, args.end());
    return run_command(argv);
  };
  struct Down {
    std::function<CommandResult(std::vector<std::string>)> lab;
    ~Down() { lab({"down"}); }
  } down{lab};

  const CommandResult up = lab({"up", "--dir", std::string(HAVPNC_SOURCE_DIR) + "/samples/seed", "--peer",
                                "strongswan", "--headend", "strongswan"});
  ASSERT_TRUE(up.ok()) << up.describe() << "\n" << up.out;
  EXPECT_NE(up.out.find("R10 running strongSwan (pid "), std::string::npos) << up.out;
  EXPECT_NE(up.out.find("R2 running strongSwan (pid "), std::string::npos) << up.out;
  EXPECT_EQ(up.out.find("R11 running"), std::string::npos) << up.out;
  const CommandResult status = lab({"status"});
  EXPECT_TRUE(status.ok()) << status.out << status.err;
  EXPECT_NE(status.out.find("R11 (router): namespace " + prefix + "R11, not started"), std::string::npos) << status.out;
  EXPECT_EQ(lab({"start", "R11"}).exit_status, 2) << "R11 would contend for the static virtual IPs";
  const CommandResult addrs = run_command({"ip", "-n", prefix + "R10", "-o", "addr", "show", "Gi0-1"});
  EXPECT_NE(addrs.out.find("6.6.156.100/24"), std::string::npos) << addrs.out;

  const std::string vici = std::string(kDefaultStateRoot) + "/" + prefix + "/R2.swan/run/charon.vici";
  const CommandResult initiate = lab({"exec", "R2", "swanctl", "--initiate", "--ike", "MAP2-10", "--child", "MAP2-10-0",
                                      "--timeout", "30", "--uri", "unix://" + vici});
  ASSERT_TRUE(initiate.ok()) << initiate.describe() << "\n" << initiate.out;
  // Both ends named each other's identity: R2 sent INITIAL-CONTACT (charon logs it at IKE 2).
  const auto r2_log = read_text_file(std::string(kDefaultStateRoot) + "/" + prefix + "/R2.swan/run/charon.log");
  ASSERT_TRUE(r2_log);
  EXPECT_NE(r2_log->find("INITIAL_CONTACT"), std::string::npos);
  const CommandResult ping =
      lab({"exec", "host-R2", "ping", "-n", "-c", "3", "-i", "0.2", "-W", "2", "6.6.146.4"});
  EXPECT_TRUE(ping.ok()) << ping.describe() << "\n" << ping.out;
  EXPECT_TRUE(lab({"down"}).ok());
  EXPECT_TRUE(namespaces_with_prefix(prefix).empty());
}

}  // namespace
}  // namespace havpnc::lab
