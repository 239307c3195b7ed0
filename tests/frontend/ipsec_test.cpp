#include <gtest/gtest.h>

#include "frontend_test_util.h"

namespace havpnc::frontend::testing {
namespace {

TEST(Ipsec, TransformSetsWithKeySizesAndMode) {
  auto d = parse(
      "crypto ipsec transform-set SET2 esp-aes esp-sha-hmac\n"
      " mode tunnel\n"
      "crypto ipsec transform-set STRONG esp-aes 256 esp-sha256-hmac\n"
      " mode transport\n"
      "crypto ipsec transform-set GCM esp-gcm 256\n"
      "crypto ipsec transform-set BAD esp-aes 100 esp-sha-hmac\n"
      "crypto ipsec transform-set BAD2 esp-rot13\n");
  const auto& set2 = d.transform_sets.at("SET2");
  ASSERT_EQ(set2.transforms.size(), 2u);
  EXPECT_EQ(set2.transforms[0].value.cipher, model::EspCipher::Aes128);
  EXPECT_EQ(set2.transforms[1].value.integrity, model::EspIntegrity::Sha1);
  EXPECT_EQ(set2.mode.value, model::TransformSet::Mode::Tunnel);
  EXPECT_FALSE(set2.mode.defaulted);
  const auto& strong = d.transform_sets.at("STRONG");
  EXPECT_EQ(strong.transforms[0].value.cipher, model::EspCipher::Aes256);
  EXPECT_EQ(strong.transforms[0].value.ios_name, "esp-aes 256");
  EXPECT_EQ(strong.mode.value, model::TransformSet::Mode::Transport);
  EXPECT_EQ(d.transform_sets.at("GCM").transforms[0].value.cipher, model::EspCipher::Gcm256);
  EXPECT_TRUE(d.transform_sets.at("GCM").mode.defaulted);
  EXPECT_TRUE(has_diagnostic_at(d, "syntax-invalid", 6));
  EXPECT_TRUE(has_diagnostic_at(d, "syntax-invalid", 7));
  EXPECT_FALSE(d.transform_sets.count("BAD"));
}

TEST(Ipsec, GlobalSecurityAssociationSettings) {
  auto d = parse(
      "crypto ipsec security-association replay window-size 1024\n"
      "crypto ipsec security-association lifetime seconds 1800\n"
      "crypto ipsec security-association lifetime kilobytes 100000\n");
  EXPECT_EQ(d.ipsec.replay_window.value, 1024u);
  EXPECT_FALSE(d.ipsec.replay_window.defaulted);
  EXPECT_EQ(d.ipsec.lifetime_seconds.value, 1800u);
  EXPECT_EQ(d.ipsec.lifetime_kilobytes.value, 100000u);
  auto defaults = parse("hostname R\n");
  EXPECT_EQ(defaults.ipsec.replay_window.value, 64u);
  EXPECT_TRUE(defaults.ipsec.replay_window.defaulted);
  auto bad = parse("crypto ipsec security-association replay window-size 100\n");
  EXPECT_TRUE(has_diagnostic_at(bad, "syntax-invalid", 1));
}

TEST(Ipsec, CryptoMapEntriesSortedWithEverySetting) {
  auto d = parse(
      "crypto map MAP2 20 ipsec-isakmp\n"
      " set peer 6.6.25.3\n"
      "crypto map MAP2 10 ipsec-isakmp\n"
      " description to R2\n"
      " set peer 6.6.25.2\n"
      " set peer 6.6.25.4 default\n"
      " set transform-set SET2 SET3\n"
      " set pfs group2\n"
      " set security-association lifetime seconds 900\n"
      " set security-association replay window-size 512\n"
      " match address HA_VPN\n"
      " reverse-route static\n"
      "crypto map MAP2 redundancy replay-interval in 1000 out 1000\n"
      "crypto map MAP2 local-address Gi0/1\n");
  const auto& map = d.crypto_maps.at("MAP2");
  ASSERT_EQ(map.entries.size(), 2u);
  const auto& e = map.entries[0];
  EXPECT_EQ(e.sequence.value, 10u);
  EXPECT_EQ(e.description->value, "to R2");
  ASSERT_EQ(e.peers.size(), 2u);
  EXPECT_EQ(e.transform_sets.size(), 2u);
  EXPECT_EQ(e.pfs->value, model::DhGroup::G2);
  EXPECT_EQ(e.lifetime.seconds->value, 900u);
  EXPECT_EQ(e.replay.window_size->value, 512u);
  EXPECT_EQ(e.match_address->value, "HA_VPN");
  EXPECT_TRUE(e.reverse_route);
  EXPECT_EQ(map.entries[1].sequence.value, 20u);
  ASSERT_TRUE(map.replay_interval);
  EXPECT_EQ(map.replay_interval->inbound->value, 1000u);
  EXPECT_EQ(map.replay_interval->outbound->value, 1000u);
  EXPECT_EQ(map.local_address->value, "GigabitEthernet0/1");
}

TEST(Ipsec, SetPfsAloneIsGroupOne) {
  auto d = parse("crypto map M 1 ipsec-isakmp\n set pfs\n set pfs group5000\n");
  EXPECT_EQ(d.crypto_maps.at("M").entries[0].pfs->value, model::DhGroup::G1);
  EXPECT_TRUE(has_diagnostic_at(d, "syntax-invalid", 3));
}

}  // namespace
}  // namespace havpnc::frontend::testing
