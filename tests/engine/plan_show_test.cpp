// `show running-config` from a plan (keys never printed) and IOS `show ip interface brief`
// columns, through the registry with abbreviations.
#include <gtest/gtest.h>

#include "runtime/control/plan_show.h"

namespace havpnc::control {
namespace {

plan::Plan sample() {
  plan::Plan p;
  p.hostname = "R11";
  p.interfaces.push_back({"GigabitEthernet0/1", plan::Ipv4Prefix::parse("6.6.156.11/24"), {}, false});
  plan::PreSharedKey k;
  k.address = *plan::Ipv4::parse("6.6.25.2");
  k.key = Secret(std::string_view{"TopSecretPsk"});
  p.pre_shared_keys.push_back(k);
  plan::HsrpGroup g;
  g.interface = "GigabitEthernet0/1";
  g.group = 2;
  g.virtual_ip = plan::Ipv4::parse("6.6.156.100");
  g.preempt = true;
  g.authentication = plan::HsrpAuthKind::Md5;
  g.authentication_key = Secret(std::string_view{"HsrpMd5Key"});
  g.name = "HSRP";
  g.tracks.push_back({3, 30, false});
  p.hsrp_groups.push_back(g);
  p.crypto_map_bindings.push_back({"GigabitEthernet0/1", "MAP2", "HSRP", true});
  return p;
}

TEST(PlanShow, RunningConfigInIosFormWithoutKeys) {
  const std::string text = show_running_config(sample());
  EXPECT_TRUE(text.starts_with("Building configuration...\n\nCurrent configuration : "));
  for (const char* line :
       {"hostname R11\n", "crypto isakmp key <redacted> address 6.6.25.2\n",
        "interface GigabitEthernet0/1\n ip address 6.6.156.11 255.255.255.0\n standby 2 ip 6.6.156.100\n standby 2 preempt\n",
        " standby 2 authentication md5 key-string <redacted>\n", " standby 2 name HSRP\n",
        " standby 2 track 3 decrement 30\n", " crypto map MAP2 redundancy HSRP stateful\n", "end\n"})
    EXPECT_NE(text.find(line), std::string::npos) << line << "\n" << text;
  EXPECT_EQ(text.find("TopSecretPsk"), std::string::npos);
  EXPECT_EQ(text.find("HsrpMd5Key"), std::string::npos);
}

TEST(PlanShow, InterfaceBriefColumnsAsIos) {
  const std::vector<InterfaceStatus> rows = {
      {"GigabitEthernet0/0", plan::Ipv4Prefix::parse("6.6.146.11/24"), false, true, "eth1"},
      {"GigabitEthernet0/1", plan::Ipv4Prefix::parse("6.6.156.11/24"), false, false, "eth0"},
      {"GigabitEthernet0/2", std::nullopt, true, false, ""}};
  EXPECT_EQ(show_ip_interface_brief(rows),
            "Interface                  IP-Address      OK? Method Status                Protocol\n"
            "GigabitEthernet0/0         6.6.146.11      YES manual up                    up\n"
            "GigabitEthernet0/1         6.6.156.11      YES manual down                  down\n"
            "GigabitEthernet0/2         unassigned      YES manual administratively down down\n");
  const auto json = to_json(rows);
  EXPECT_EQ(json[0]["linux_interface"], "eth1");
  EXPECT_TRUE(json[2]["ip_address"].is_null());
}

TEST(PlanShow, RegisteredCommandsAnswerAbbreviationsAndJsonIsRedacted) {
  const plan::Plan p = sample();
  ShowRegistry registry;
  int calls = 0;
  register_plan_show(registry, p, [&] {
    ++calls;
    return std::vector<InterfaceStatus>{};
  });
  EXPECT_TRUE(registry.execute("sh run", Format::Text).ok);
  EXPECT_TRUE(registry.execute("sh int br", Format::Text).ok);
  EXPECT_TRUE(registry.execute("sh ip int br", Format::Json).ok);
  EXPECT_EQ(calls, 2);  // live state is read per request
  const ShowReply json = registry.execute("show running-config", Format::Json);
  ASSERT_TRUE(json.ok);
  EXPECT_EQ(json.body.find("TopSecretPsk"), std::string::npos);
  EXPECT_NE(json.body.find("<redacted>"), std::string::npos);
}

}  // namespace
}  // namespace havpnc::control
