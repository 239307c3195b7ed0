#include <gtest/gtest.h>

#include "compiler/model/json.h"
#include "compiler/model/redact.h"
#include "frontend_test_util.h"

namespace havpnc::frontend::testing {
namespace {

TEST(Device, HostnameVersionRoutesEngineBannersLines) {
  auto d = parse(
      "version 15.2\n"
      "hostname R10\n"
      "no crypto engine onboard 0\n"
      "ip route 0.0.0.0 0.0.0.0 6.6.156.1\n"
      "ip route 10.0.0.0 255.0.0.0 Null0 250 name blackhole\n"
      "ip route 10.0.0.1 255.0.0.0 1.1.1.1\n"  // host bits set
      "banner motd ^C\n"
      "Authorized access only\n"
      "!\n"
      "^C\n"
      "banner exec # one-liner #\n"
      "line con 0\n"
      " logging synchronous\n"
      "line vty 0 4\n"
      " login\n"
      "end\n");
  EXPECT_EQ(d.version->value, "15.2");
  EXPECT_EQ(d.hostname->value, "R10");
  EXPECT_EQ(d.display_name(), "R10");
  ASSERT_EQ(d.crypto_engines.size(), 1u);
  EXPECT_FALSE(d.crypto_engines[0].enabled);
  ASSERT_EQ(d.static_routes.size(), 2u);
  EXPECT_EQ(d.static_routes[0].next_hop->value.to_string(), "6.6.156.1");
  EXPECT_EQ(d.static_routes[1].interface->value, "Null0");
  EXPECT_EQ(d.static_routes[1].distance->value, 250u);
  EXPECT_TRUE(has_diagnostic_at(d, "syntax-invalid", 6));
  ASSERT_EQ(d.banners.size(), 2u);
  EXPECT_EQ(d.banners[0].kind, "motd");
  EXPECT_EQ(d.banners[0].text, "\nAuthorized access only\n!\n");
  EXPECT_EQ(d.banners[1].text, " one-liner ");
  ASSERT_EQ(d.terminal_lines.size(), 2u);
  EXPECT_EQ(d.terminal_lines[1].kind, "vty");
  EXPECT_EQ(*d.terminal_lines[1].last, 4u);
  // The banner's `!` line is a comment line to a reader; everything else is accounted for.
  EXPECT_EQ(d.lines.total, 16u);
  EXPECT_EQ(d.lines.comment, 1u);
  EXPECT_EQ(d.lines.ignored, 2u);  // the two line-block settings
  EXPECT_EQ(d.lines.unrecognized, 0u);
  EXPECT_EQ(d.lines.typed, 13u);
}

TEST(Device, AbbreviatedAndFlatConfigAsTheSeedWritesIt) {
  // The seed's own text: no indentation, abbreviations, `in`/`out`.
  auto d = parse(
      "crypto isakmp policy 10\n"
      "encr aes\n"
      "authentication pre-share\n"
      "group 2\n"
      "crypto isakmp key cisco address 6.6.156.100\n"
      "crypto map MAP2 redundancy replay-interval in 1000 out 1000\n"
      "int g0/0\n"
      "crypto map MAP2\n"
      "ipc zone default\n"
      "association 1\n"
      "no shutdown\n"
      "protocol sctp\n"
      "local-port 5000\n"
      "local-ip 6.6.146.10\n"
      "interface GigabitEthernet0/1\n"
      "ip address 6.6.156.10 255.255.255.0\n"
      "standby 2 ip 6.6.156.100\n"
      "crypto map MAP2 redundancy HSRP stateful\n"
      "redundancy inter-device\n"
      "scheme standby HSRP\n");
  EXPECT_EQ(d.status, model::ParseStatus::Passed) << d.unrecognized.size();
  EXPECT_EQ(d.isakmp_policies.at(10).encryption.value, model::IkeCipher::Aes128);
  EXPECT_EQ(d.isakmp_policies.at(10).group.value, model::DhGroup::G2);
  EXPECT_EQ(d.crypto_maps.at("MAP2").replay_interval->outbound->value, 1000u);
  EXPECT_EQ(d.interfaces.at("GigabitEthernet0/0").crypto_map->map.value, "MAP2");
  EXPECT_EQ(d.interfaces.at("GigabitEthernet0/0").written_as, "g0/0");
  EXPECT_FALSE(d.ipc_zone->associations.at(0).shutdown.value);
  EXPECT_EQ(d.interfaces.at("GigabitEthernet0/1").crypto_map->redundancy_group->value, "HSRP");
  EXPECT_EQ(d.inter_device->scheme_standby->value, "HSRP");
}

TEST(Device, SecretsNeverReachJsonOrUnrecognizedText) {
  auto d = parse(
      "crypto isakmp key Sup3rS3cr3t address 6.6.25.2\n"
      "crypto keyring KR\n"
      " pre-shared-key address 1.2.3.4 key Sup3rS3cr3t\n"
      "interface Gi0/0\n"
      " standby 1 authentication md5 key-string Sup3rS3cr3t\n"
      "enable secret 5 Sup3rS3cr3t\n"
      "username admin password 0 Sup3rS3cr3t\n"
      "crypto isakmp key Sup3rS3cr3t adress 6.6.25.2\n"  // a typo: an unrecognized line
      "snmp-server community Sup3rS3cr3t RO\n");
  model::SourceFiles files;
  files.add("test.cfg");
  const std::string json = model::to_json(d, files).dump();
  EXPECT_EQ(json.find("Sup3rS3cr3t"), std::string::npos);
  EXPECT_NE(json.find("<redacted>"), std::string::npos);
  EXPECT_GE(d.unrecognized.size(), 4u);
  for (const auto& u : d.unrecognized) EXPECT_EQ(u.text.find("Sup3rS3cr3t"), std::string::npos) << u.text;
}

TEST(Redact, SecretBearingKeywords) {
  EXPECT_EQ(model::redact_secrets("enable secret 5 $1$abc"), "enable secret 5 <redacted>");
  EXPECT_EQ(model::redact_secrets(" key-string 7 0822455D0A16"), " key-string 7 <redacted>");
  EXPECT_EQ(model::redact_secrets("tacacs-server key s3"), "tacacs-server key <redacted>");
  EXPECT_EQ(model::redact_secrets("ip domain-name example.com"), "ip domain-name example.com");
}

}  // namespace
}  // namespace havpnc::frontend::testing
