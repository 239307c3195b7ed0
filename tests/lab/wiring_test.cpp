// The seed's wiring as `ip` commands: every one names a lab namespace (nothing in the root
// namespace), veths are created with their peer moved straight into the other namespace,
// bridges have snooping off, and routers' static routes carry the lab metric.
#include <gtest/gtest.h>

#include <algorithm>

#include "runtime/lab/command.h"
#include "runtime/lab/wiring.h"
#include "seed_plans.h"

namespace havpnc::lab {
namespace {

std::vector<std::string> lines(const std::vector<Argv>& commands) {
  std::vector<std::string> out;
  for (const Argv& a : commands) out.push_back(command_line(a));
  return out;
}

bool has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

TEST(LabWiring, SeedCommandsStayInTheLabsNamespaces) {
  const DeriveResult d = derive_topology(testing::seed_plans());
  ASSERT_TRUE(d.topology) << d.error;
  LabPaths paths{"hvx-", "/run/havpnc/lab"};
  const auto commands = wiring_commands(*d.topology, paths);
  for (const Argv& a : commands) {
    ASSERT_GE(a.size(), 4u);
    EXPECT_EQ(a[0], "ip");
    const bool scoped = (a[1] == "-n" || (a[1] == "netns" && (a[2] == "add" || a[2] == "exec"))) &&
                        a[a[1] == "-n" ? 2 : 3].rfind("hvx-", 0) == 0;
    EXPECT_TRUE(scoped) << command_line(a);
    // A veth's peer never stays where `ip` runs.
    if (std::find(a.begin(), a.end(), "veth") != a.end()) {
      ASSERT_GE(a.size(), 2u);
      EXPECT_EQ(a[a.size() - 2], "netns") << command_line(a);
      EXPECT_EQ(a.back().rfind("hvx-", 0), 0u) << command_line(a);
    }
  }
  const auto l = lines(commands);
  EXPECT_TRUE(has(l, "ip netns add hvx-R10"));
  EXPECT_TRUE(has(l, "ip -n hvx-R2 link add Gi0-0 type veth peer name eth0 netns hvx-transit"));
  EXPECT_TRUE(has(l, "ip -n hvx-R10 link add Gi0-1 type veth peer name R10-Gi0-1 netns hvx-switch"));
  EXPECT_TRUE(has(l, "ip -n hvx-switch link set R10-Gi0-1 master br1"));
  EXPECT_TRUE(has(l, "ip -n hvx-switch link add br1 type bridge stp_state 0 forward_delay 0 mcast_snooping 0"));
  EXPECT_TRUE(has(l, "ip -n hvx-R10 addr add 6.6.156.10/24 dev Gi0-1"));
  EXPECT_TRUE(has(l, "ip -n hvx-transit addr add 6.6.156.1/24 dev eth1"));
  EXPECT_TRUE(has(l, "ip -n hvx-R2 route add default via 6.6.25.1 metric 1000"));
  EXPECT_TRUE(has(l, "ip -n hvx-host-R10-R11 route add default via 6.6.146.1"));
  EXPECT_TRUE(has(l, "ip netns exec hvx-transit sysctl -qw net.ipv4.ip_forward=1"));
  EXPECT_FALSE(has(l, "ip netns exec hvx-switch sysctl -qw net.ipv4.ip_forward=1"));
  for (const auto& s : l) EXPECT_EQ(s.find("6.6.156.100"), std::string::npos) << "the VIP is HSRP's: " << s;
  // Creation before use: every namespace exists before the first command that names it.
  const auto first_use = [&](const std::string& word) {
    for (std::size_t i = 0; i < l.size(); ++i)
      if (l[i].find(word) != std::string::npos) return i;
    return l.size();
  };
  EXPECT_EQ(first_use("hvx-switch"), first_use("ip netns add hvx-switch"));
  EXPECT_LT(first_use("master br1"), first_use("ip -n hvx-switch link set br1 up"));
}

TEST(LabWiring, RestoringRoutesReplacesThem) {
  const DeriveResult d = derive_topology(testing::seed_plans());
  ASSERT_TRUE(d.topology) << d.error;
  const auto l = lines(route_commands(*d.topology->find_node("R10"), LabPaths{"hvx-", "/x"}, true));
  EXPECT_EQ(l, std::vector<std::string>{"ip -n hvx-R10 route replace default via 6.6.156.1 metric 1000"});
}

TEST(LabCommand, FailureNamesTheCommandAndItsStderr) {
  const CommandResult r = run_command({"ip", "link", "show", "dev", "hv-no-such0"});
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.describe().rfind("`ip link show dev hv-no-such0` exited 1: ", 0), 0u) << r.describe();
  EXPECT_NE(r.describe().find("hv-no-such0"), std::string::npos);
  const CommandResult missing = run_command({"/nonexistent/hv-tool"});
  EXPECT_EQ(missing.exit_status, -1);
  EXPECT_NE(missing.describe().find("could not start"), std::string::npos);
  const CommandResult ok = run_command({"sh", "-c", "printf out; printf err >&2; exit 3"});
  EXPECT_EQ(ok.exit_status, 3);
  EXPECT_EQ(ok.out, "out");
  EXPECT_EQ(ok.err, "err");
  EXPECT_EQ(command_line({"echo", "a b", "it's"}), "echo 'a b' 'it'\\''s'");
}

// Only the switch namespace gets br_netfilter's sysctls; a charon head-end gets its HSRP
// virtual IPs with its interfaces' prefix lengths.
TEST(LabWiring, BridgeNetfilterOffAndStaticVirtualIps) {
  const auto plans = testing::seed_plans();
  const DeriveResult d = derive_topology(plans);
  ASSERT_TRUE(d.topology) << d.error;
  LabPaths paths{"hvx-", "/run/havpnc/lab"};
  const auto nf = lines(bridge_netfilter_off_commands(*d.topology, paths));
  ASSERT_EQ(nf.size(), 1u);
  EXPECT_EQ(nf[0], "ip netns exec hvx-switch sysctl -qw net.bridge.bridge-nf-call-iptables=0 "
                   "net.bridge.bridge-nf-call-ip6tables=0 net.bridge.bridge-nf-call-arptables=0");
  const Node* r10 = d.topology->find_node("R10");
  ASSERT_NE(r10, nullptr);
  const auto vips = lines(static_virtual_ip_commands(*r10, plans[0], paths));
  ASSERT_EQ(plans[0].hostname, "R10");
  EXPECT_EQ(vips, (std::vector<std::string>{"ip -n hvx-R10 addr add 6.6.146.1/24 dev Gi0-0",
                                            "ip -n hvx-R10 addr add 6.6.156.100/24 dev Gi0-1"}));
}

}  // namespace
}  // namespace havpnc::lab
