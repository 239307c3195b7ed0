// R2's plan as strongSwan configuration: the seed's crypto map, ISAKMP policy, transform set
// with PFS, ACL and DPD become one IKEv1 connection; the key is written in hex (no quoting a
// key can break); what strongSwan cannot express is refused by name.
#include <gtest/gtest.h>

#include "runtime/lab/strongswan_config.h"
#include "seed_plans.h"

namespace havpnc::lab {
namespace {

plan::Plan seed_r2() {
  for (plan::Plan& p : testing::seed_plans())
    if (p.hostname == "R2") return p;
  throw std::runtime_error("no R2 in the seed");
}

bool has(const std::string& text, const std::string& line) { return text.find(line) != std::string::npos; }

TEST(LabStrongswan, SeedR2IsOneIkev1Connection) {
  const StrongswanConfig c = strongswan_config(seed_r2(), "/run/charon.vici", "/run/charon.log");
  ASSERT_EQ(c.error, "");
  const std::string& s = c.swanctl_conf;
  EXPECT_TRUE(has(s, "    MAP2-10 {\n        version = 1\n        aggressive = no\n")) << s;
  EXPECT_TRUE(has(s, "local_addrs = 6.6.25.2\n        remote_addrs = 6.6.156.100\n")) << s;
  EXPECT_TRUE(has(s, "proposals = aes128-sha1-modp1024\n")) << s;
  EXPECT_TRUE(has(s, "reauth_time = 86400s\n")) << s;
  EXPECT_TRUE(has(s, "dpd_delay = 10s\n")) << s;
  EXPECT_TRUE(has(s, "local_ts = 6.6.2.0/24\n                remote_ts = 6.6.146.0/24\n")) << s;
  EXPECT_TRUE(has(s, "esp_proposals = aes128-sha1-modp1024\n")) << s;
  EXPECT_TRUE(has(s, "life_time = 3600s\n")) << s;
  EXPECT_TRUE(has(s, "replay_window = 1024\n")) << s;
  // "cisco", in hex.
  EXPECT_TRUE(has(s, "        id-remote = 6.6.156.100\n        secret = 0x636973636f\n")) << s;
  EXPECT_FALSE(has(s, "cisco"));
  EXPECT_TRUE(has(c.strongswan_conf, "socket = unix:///run/charon.vici\n"));
  EXPECT_TRUE(has(c.strongswan_conf, "kernel-libipsec kernel-netlink"));
  EXPECT_TRUE(has(c.strongswan_conf, "path = /run/charon.log\n"));
}

TEST(LabStrongswan, NamesTheOnePeerSoCharonSendsInitialContact) {
  const StrongswanConfig c = strongswan_config(seed_r2(), "/v", "/l");
  ASSERT_EQ(c.error, "");
  EXPECT_TRUE(has(c.swanctl_conf, "        remote {\n            auth = psk\n            id = 6.6.156.100\n        }\n"))
      << c.swanctl_conf;
  plan::Plan two = seed_r2();
  two.crypto_maps[0].entries[0].peers.push_back(plan::Ipv4{0x06069C65});  // 6.6.156.101
  const StrongswanConfig c2 = strongswan_config(two, "/v", "/l");
  ASSERT_EQ(c2.error, "");
  EXPECT_TRUE(has(c2.swanctl_conf, "remote_addrs = 6.6.156.100,6.6.156.101\n")) << c2.swanctl_conf;
  EXPECT_TRUE(has(c2.swanctl_conf, "        remote {\n            auth = psk\n        }\n")) << c2.swanctl_conf;
}

// A head-end's crypto map with `redundancy HSRP` terminates IKE and ESP on the group's
// virtual IP (the address R2's `set peer` names), as IOS does.
TEST(LabStrongswan, HeadendUsesTheRedundancyGroupsVirtualIp) {
  for (const plan::Plan& p : testing::seed_plans()) {
    if (p.hostname != "R10") continue;
    const StrongswanConfig c = strongswan_config(p, "/v", "/l");
    ASSERT_EQ(c.error, "");
    const std::string& s = c.swanctl_conf;
    EXPECT_TRUE(has(s, "local_addrs = 6.6.156.100\n        remote_addrs = 6.6.25.2\n")) << s;
    EXPECT_TRUE(has(s, "        local {\n            auth = psk\n            id = 6.6.156.100\n")) << s;
    EXPECT_TRUE(has(s, "            id = 6.6.25.2\n")) << s;
    EXPECT_TRUE(has(s, "local_ts = 6.6.146.0/24\n                remote_ts = 6.6.2.0/24\n")) << s;
    EXPECT_TRUE(has(s, "        id-remote = 6.6.25.2\n        secret = 0x636973636f\n")) << s;
    plan::Plan nameless = p;
    for (auto& g : nameless.hsrp_groups) g.name.reset();
    EXPECT_EQ(strongswan_config(nameless, "/v", "/l").error,
              "crypto map MAP2 redundancy HSRP: no HSRP group with a virtual IP");
    return;
  }
  FAIL() << "no R10 in the seed";
}

TEST(LabStrongswan, RefusesWhatItCannotExpress) {
  plan::Plan p = seed_r2();
  p.isakmp_policies[0].authentication = plan::IkeAuthentication::RsaSig;
  EXPECT_NE(strongswan_config(p, "/v", "/l").error.find("only does PSK"), std::string::npos);
  p = seed_r2();
  p.isakmp_policies[0].group = 7;
  EXPECT_EQ(strongswan_config(p, "/v", "/l").error, "isakmp policy 10: group 7 has no strongSwan name");
  p = seed_r2();
  p.crypto_map_bindings.clear();
  EXPECT_EQ(strongswan_config(p, "/v", "/l").error, "R2 has no crypto map entry on an interface with an address");
  p = seed_r2();
  p.transform_sets[0].esp_encryption = plan::EspEncryption::Seal;
  EXPECT_EQ(strongswan_config(p, "/v", "/l").error, "transform-set SET2: its ESP cipher has no strongSwan name");
}

TEST(LabStrongswan, SelectorsWithProtocolsAndPortsAndOddMapNames) {
  plan::Plan p = seed_r2();
  p.crypto_maps[0].name = "VPN.1";
  p.crypto_map_bindings[0].map = "VPN.1";
  auto& sel = p.crypto_maps[0].entries[0].selectors;
  sel[0].protocol = 6;
  sel[0].remote_ports = {443, 443};
  sel.push_back(sel[0]);
  sel.back().action = plan::SelectorAction::Deny;
  const StrongswanConfig c = strongswan_config(p, "/v", "/l");
  ASSERT_EQ(c.error, "");
  EXPECT_TRUE(has(c.swanctl_conf, "    VPN_1-10 {\n")) << c.swanctl_conf;
  EXPECT_TRUE(has(c.swanctl_conf, "local_ts = 6.6.2.0/24[6]\n                remote_ts = 6.6.146.0/24[6/443]\n"))
      << c.swanctl_conf;
  EXPECT_FALSE(has(c.swanctl_conf, "VPN_1-10-1 {")) << "a deny line is no child SA";
}

plan::TrafficSelector line(plan::SelectorAction action, const char* local, const char* remote,
                           std::uint32_t protocol = 0, plan::PortRange remote_ports = {}) {
  plan::TrafficSelector s;
  s.action = action;
  s.local = *plan::Ipv4Prefix::parse(local);
  s.remote = *plan::Ipv4Prefix::parse(remote);
  s.protocol = protocol;
  s.remote_ports = remote_ports;
  return s;
}
constexpr auto kPermit = plan::SelectorAction::Permit;
constexpr auto kDeny = plan::SelectorAction::Deny;

// The text of child `name` up to its closing brace.
std::string child_block(const std::string& conf, const std::string& name) {
  const auto at = conf.find("            " + name + " {\n");
  if (at == std::string::npos) return {};
  return conf.substr(at, conf.find("            }\n", at) + 14 - at);
}

// The seed's one permit line is the one child it always was, byte for byte.
TEST(LabStrongswan, OnePermitLineIsOneChild) {
  const StrongswanConfig c = strongswan_config(seed_r2(), "/v", "/l");
  ASSERT_EQ(c.error, "");
  EXPECT_EQ(child_block(c.swanctl_conf, "MAP2-10-0"),
            "            MAP2-10-0 {\n"
            "                mode = tunnel\n"
            "                local_ts = 6.6.2.0/24\n"
            "                remote_ts = 6.6.146.0/24\n"
            "                esp_proposals = aes128-sha1-modp1024\n"
            "                life_time = 3600s\n"
            "                rekey_time = 3240s\n"
            "                replay_window = 1024\n"
            "                dpd_action = restart\n"
            "                start_action = none\n"
            "            }\n")
      << c.swanctl_conf;
  EXPECT_FALSE(has(c.swanctl_conf, "MAP2-10-1 {"));
}

// One SA pair per permit line (as havpnc and IOS negotiate): each line is a CHILD_SA of the
// one IKE connection, with the entry's proposals, PFS, lifetimes and DPD action alike.
TEST(LabStrongswan, EachPermitLineIsItsOwnChild) {
  plan::Plan p = seed_r2();
  auto& sel = p.crypto_maps[0].entries[0].selectors;
  sel.push_back(line(kDeny, "6.6.3.0/24", "6.6.146.0/24"));  // overlaps no later permit
  sel.push_back(line(kPermit, "6.6.22.0/24", "6.6.146.0/24"));
  sel.push_back(line(kPermit, "6.6.2.0/24", "6.6.147.0/24", 17, {53, 53}));
  const StrongswanConfig c = strongswan_config(p, "/v", "/l");
  ASSERT_EQ(c.error, "");
  const std::string first = child_block(c.swanctl_conf, "MAP2-10-0");
  const std::string second = child_block(c.swanctl_conf, "MAP2-10-1");
  const std::string third = child_block(c.swanctl_conf, "MAP2-10-2");
  ASSERT_NE(second, "") << c.swanctl_conf;
  ASSERT_NE(third, "") << c.swanctl_conf;
  EXPECT_FALSE(has(c.swanctl_conf, "MAP2-10-3 {")) << "the deny line is no child";
  EXPECT_TRUE(has(second, "local_ts = 6.6.22.0/24\n                remote_ts = 6.6.146.0/24\n")) << second;
  EXPECT_TRUE(has(third, "local_ts = 6.6.2.0/24[17]\n                remote_ts = 6.6.147.0/24[17/53]\n")) << third;
  // Everything but the name and the selectors is the first child's.
  auto settings = [](std::string block) {
    block.erase(0, block.find("                esp_proposals"));
    return block;
  };
  EXPECT_EQ(settings(second), settings(first));
  EXPECT_EQ(settings(third), settings(first));
  // Still one IKE connection and one key.
  EXPECT_EQ(c.swanctl_conf.find("    MAP2-10 {\n"), c.swanctl_conf.rfind("    MAP2-10 {\n"));
  EXPECT_EQ(c.swanctl_conf.find("id-remote"), c.swanctl_conf.rfind("id-remote"));
}

// A deny line ahead of a permit it overlaps exempts traffic IOS would leave in the clear;
// swanctl cannot say so, so the ACL is refused by line number rather than protected.
TEST(LabStrongswan, RefusesADenyThatALaterPermitOverlaps) {
  plan::Plan p = seed_r2();
  auto& e = p.crypto_maps[0].entries[0];
  e.acl = "VPN-ACL";
  e.selectors.insert(e.selectors.begin(), line(kDeny, "6.6.2.128/25", "6.6.146.0/24", 6, {22, 22}));
  EXPECT_EQ(strongswan_config(p, "/v", "/l").error,
            "crypto map MAP2 10: access-list VPN-ACL line 1 (deny) overlaps permit line 2: "
            "strongSwan has no deny within a connection's children");
  // Disjoint by protocol, by port, by address: expressible (the deny selects nothing a
  // permit does).
  for (const plan::TrafficSelector& permit :
       {line(kPermit, "6.6.2.0/24", "6.6.146.0/24", 17), line(kPermit, "6.6.2.0/24", "6.6.146.0/24", 6, {443, 443}),
        line(kPermit, "6.6.2.0/25", "6.6.146.0/24")}) {
    e.selectors.resize(1);
    e.selectors.push_back(permit);
    EXPECT_EQ(strongswan_config(p, "/v", "/l").error, "") << permit.protocol << " " << permit.local.to_string();
  }
  // A deny of `ip` overlaps a later permit of any protocol; the line number is the ACL's.
  e.selectors = {line(kPermit, "6.6.22.0/24", "6.6.146.0/24"), line(kDeny, "6.6.0.0/16", "6.6.146.4/32"),
                 line(kPermit, "6.6.2.0/24", "6.6.146.0/24", 1)};
  EXPECT_EQ(strongswan_config(p, "/v", "/l").error,
            "crypto map MAP2 10: access-list VPN-ACL line 2 (deny) overlaps permit line 3: "
            "strongSwan has no deny within a connection's children");
}

}  // namespace
}  // namespace havpnc::lab
