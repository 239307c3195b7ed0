// The model side: `crypto ipsec profile` is a definition, `security key` (havpnc extension) is
// read, and sso_channel_key() picks the key IOS would use for the ipc remote-ip.
#include <gtest/gtest.h>

#include "compiler/model/json.h"
#include "compiler/model/sso_channel_key.h"
#include "tests/sso_channel_key/channel_key_configs.h"

namespace havpnc::channel_key_test {
namespace {

TEST(ChannelKeyModel, IpsecProfileIsADefinitionAndItsLinesAreKept) {
  const auto d = parse(seed_with("R10", ios_protection("SsoPairKey-2026", "6.6.146.11")));
  ASSERT_TRUE(d.ipsec_profiles.contains("SSO-PROTECT"));
  const auto* def = d.references.find_definition(model::StructureKind::IpsecProfile, "SSO-PROTECT");
  ASSERT_NE(def, nullptr);
  EXPECT_EQ(def->range.line, 104u);
  EXPECT_EQ(d.references.uses_of(model::StructureKind::IpsecProfile, "SSO-PROTECT").size(), 1u);
  EXPECT_TRUE(model::References::definitions_modelled(model::StructureKind::IpsecProfile));
  // The profile's `set transform-set` is recognised (ignored), not an unknown line.
  EXPECT_EQ(d.lines.unrecognized, 0u);
  EXPECT_TRUE(d.unrecognized.empty());
  ASSERT_TRUE(d.inter_device);
  EXPECT_EQ(d.inter_device->scheme_standby->value, "HSRP");
  EXPECT_EQ(d.inter_device->security_ipsec->value, "SSO-PROTECT");
}

TEST(ChannelKeyModel, IsakmpKeyForTheRemoteIp) {
  const auto d = parse(seed_with("R10", ios_protection("SsoPairKey-2026", "6.6.146.11")));
  const auto k = model::sso_channel_key(d);
  ASSERT_TRUE(k);
  EXPECT_EQ(k->source, model::SsoChannelKey::Source::IsakmpKey);
  EXPECT_EQ(k->key->text, Secret(std::string_view("SsoPairKey-2026")));
  EXPECT_EQ(k->key_range.line, 103u);
  EXPECT_EQ(k->description(), "crypto isakmp key for 6.6.146.11");
}

TEST(ChannelKeyModel, NoKeyForTheRemoteIp) {
  const auto d = parse(seed_with("R10", ios_protection("SsoPairKey-2026", "6.6.146.12")));
  EXPECT_FALSE(model::sso_channel_key(d));
  EXPECT_EQ(model::sso_remote_ip(d)->value.to_string(), "6.6.146.11");
}

TEST(ChannelKeyModel, WithoutSecurityIpsecThereIsNoKeyEvenWithAPsk) {
  const auto d = parse(seed_with("R10", "crypto isakmp key SsoPairKey-2026 address 6.6.146.11\n"));
  EXPECT_FALSE(model::sso_channel_key(d));
}

TEST(ChannelKeyModel, LongestMaskWinsAndTheGlobalKeyOnATie) {
  const auto d = parse(seed_with("R10",
                                 "crypto keyring SSO\n"
                                 " pre-shared-key address 6.6.146.11 key FromKeyring-2026\n"
                                 "crypto isakmp key Subnet-2026 address 6.6.146.0 255.255.255.0\n" +
                                     ios_protection("Host-2026", "6.6.146.11")));
  auto k = model::sso_channel_key(d);
  ASSERT_TRUE(k);
  EXPECT_EQ(k->source, model::SsoChannelKey::Source::IsakmpKey);
  EXPECT_EQ(k->key->text, Secret(std::string_view("Host-2026")));

  const auto only_keyring = parse(seed_with("R10",
                                            "crypto keyring SSO\n"
                                            " pre-shared-key address 6.6.146.11 key FromKeyring-2026\n"
                                            "crypto isakmp key Subnet-2026 address 6.6.146.0 255.255.255.0\n"
                                            "crypto ipsec profile SSO-PROTECT\n"
                                            "redundancy inter-device\n security ipsec SSO-PROTECT\n"));
  k = model::sso_channel_key(only_keyring);
  ASSERT_TRUE(k);
  EXPECT_EQ(k->source, model::SsoChannelKey::Source::KeyringKey);
  EXPECT_EQ(k->key->text, Secret(std::string_view("FromKeyring-2026")));
  EXPECT_EQ(k->description(), "keyring SSO pre-shared-key for 6.6.146.11");
}

TEST(ChannelKeyModel, AShutAssociationIsNotTheSsoOne) {
  const auto d = parse(
      "ipc zone default\n"
      " association 1\n  shutdown\n  protocol sctp\n   local-port 5000\n    local-ip 10.0.0.1\n"
      "   remote-port 5000\n    remote-ip 10.0.0.2\n"
      " association 2\n  no shutdown\n  protocol sctp\n   local-port 5001\n    local-ip 10.0.1.1\n"
      "   remote-port 5001\n    remote-ip 10.0.1.2\n"
      "crypto isakmp key OnOne-2026 address 10.0.0.2\n"
      "crypto isakmp key OnTwo-2026 address 10.0.1.2\n"
      "crypto ipsec profile P\n"
      "redundancy inter-device\n scheme standby HSRP\n security ipsec P\n");
  const auto k = model::sso_channel_key(d);
  ASSERT_TRUE(k);
  EXPECT_EQ(k->key->text, Secret(std::string_view("OnTwo-2026")));
}

TEST(ChannelKeyModel, HavpncSecurityKeyExtension) {
  const auto d = parse(seed_with("R10", "redundancy inter-device\n security key 0 Direct-2026\n"));
  ASSERT_TRUE(d.inter_device && d.inter_device->security_key);
  EXPECT_EQ(d.lines.unrecognized, 0u);
  const auto k = model::sso_channel_key(d);
  ASSERT_TRUE(k);
  EXPECT_EQ(k->source, model::SsoChannelKey::Source::SecurityKey);
  EXPECT_EQ(k->key->encryption_type, 0u);
  EXPECT_EQ(k->description(), "redundancy inter-device security key");

  const auto seven = parse(seed_with("R10", "redundancy inter-device\n security key 7 0822455D0A16\n"));
  ASSERT_TRUE(seven.inter_device->security_key);
  EXPECT_EQ(seven.inter_device->security_key->key.encryption_type, 7u);
  const auto plain = parse(seed_with("R10", "redundancy inter-device\n security key 12345678\n"));
  ASSERT_TRUE(plain.inter_device->security_key);
  EXPECT_EQ(plain.inter_device->security_key->key.text, Secret(std::string_view("12345678")));
  // Type 6 needs the master key, which is never in a config.
  const auto six = parse(seed_with("R10", "redundancy inter-device\n security key 6 ABCDEF\n"));
  EXPECT_FALSE(six.inter_device->security_key);
  EXPECT_FALSE(six.diagnostics.empty());
}

TEST(ChannelKeyModel, TheModelDumpNeverHoldsTheKey) {
  const auto d = parse(seed_with("R10", ios_protection("SsoPairKey-2026", "6.6.146.11") +
                                            "redundancy inter-device\n security key 0 Direct-2026\n"));
  model::SourceFiles files;
  const std::string dump = model::to_json(d, files).dump();
  EXPECT_EQ(dump.find("SsoPairKey-2026"), std::string::npos);
  EXPECT_EQ(dump.find("Direct-2026"), std::string::npos);
  EXPECT_NE(dump.find("\"security_key\""), std::string::npos);
  EXPECT_NE(dump.find("SSO-PROTECT"), std::string::npos);
}

}  // namespace
}  // namespace havpnc::channel_key_test
