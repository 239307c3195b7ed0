#include <gtest/gtest.h>

#include "frontend_test_util.h"

namespace havpnc::frontend::testing {
namespace {

TEST(Isakmp, PolicyWithDefaultsMarked) {
  auto d = parse(
      "crypto isakmp policy 10\n"
      " encr aes 256\n"
      " authentication pre-share\n"
      " group 14\n");
  const auto& p = d.isakmp_policies.at(10);
  EXPECT_EQ(p.encryption.value, model::IkeCipher::Aes256);
  EXPECT_FALSE(p.encryption.defaulted);
  EXPECT_EQ(p.encryption.range.line, 2u);
  EXPECT_EQ(p.hash.value, model::IkeHash::Sha1);  // IOS default
  EXPECT_TRUE(p.hash.defaulted);
  EXPECT_EQ(p.hash.range.line, 1u);                // defaults point at the policy line
  EXPECT_EQ(p.authentication.value, model::IkeAuth::PreShare);
  EXPECT_EQ(p.group.value, model::DhGroup::G14);
  EXPECT_EQ(p.lifetime_seconds.value, 86400u);
  EXPECT_TRUE(p.lifetime_seconds.defaulted);
}

TEST(Isakmp, InvalidPolicyValues) {
  auto d = parse(
      "crypto isakmp policy 10\n"
      " encr aes 100\n"
      " hash sha3\n"
      " group 3\n"
      " lifetime 10\n"
      " authentication magic\n");
  for (std::uint32_t line = 2; line <= 6; ++line) EXPECT_TRUE(has_diagnostic_at(d, "syntax-invalid", line)) << line;
  EXPECT_TRUE(d.isakmp_policies.at(10).group.defaulted);
}

TEST(Isakmp, KeysKeepalivesAndKeyrings) {
  auto d = parse(
      "crypto isakmp key cisco address 6.6.25.2\n"
      "crypto isakmp key 6 ABCDEF address 10.0.0.0 255.255.255.0 no-xauth\n"
      "crypto isakmp key s3cr3t hostname peer.example.net\n"
      "crypto isakmp keepalive 10 3 periodic\n"
      "crypto isakmp nat keepalive 20\n"
      "crypto keyring KR\n"
      " pre-shared-key address 1.2.3.4 key 0 kr-key\n");
  ASSERT_EQ(d.isakmp_keys.size(), 4u);
  EXPECT_EQ(d.isakmp_keys[0].address->value.to_string(), "6.6.25.2");
  EXPECT_TRUE(d.isakmp_keys[0].mask.defaulted);
  EXPECT_TRUE(d.isakmp_keys[0].matches(*model::Ipv4::parse("6.6.25.2")));
  EXPECT_FALSE(d.isakmp_keys[0].matches(*model::Ipv4::parse("6.6.25.3")));
  EXPECT_EQ(d.isakmp_keys[1].key.encryption_type, 6u);
  EXPECT_TRUE(d.isakmp_keys[1].no_xauth);
  EXPECT_TRUE(d.isakmp_keys[1].matches(*model::Ipv4::parse("10.0.0.77")));
  EXPECT_EQ(d.isakmp_keys[2].hostname->value, "peer.example.net");
  EXPECT_EQ(d.isakmp_keys[3].keyring, "KR");
  EXPECT_TRUE(d.isakmp_keys[3].key.text == Secret("kr-key"));
  ASSERT_TRUE(d.isakmp_keepalive);
  EXPECT_EQ(d.isakmp_keepalive->interval_seconds.value, 10u);
  EXPECT_EQ(d.isakmp_keepalive->retry_seconds.value, 3u);
  EXPECT_EQ(d.isakmp_keepalive->mode.value, model::IsakmpKeepalive::Mode::Periodic);
  EXPECT_EQ(d.isakmp_nat_keepalive->value, 20u);
  EXPECT_TRUE(d.keyrings.count("KR"));
}

TEST(Isakmp, KeepaliveDefaultsToOnDemandWithTwoSecondRetry) {
  auto d = parse("crypto isakmp keepalive 30\n");
  EXPECT_EQ(d.isakmp_keepalive->retry_seconds.value, 2u);
  EXPECT_TRUE(d.isakmp_keepalive->retry_seconds.defaulted);
  EXPECT_EQ(d.isakmp_keepalive->mode.value, model::IsakmpKeepalive::Mode::OnDemand);
}

}  // namespace
}  // namespace havpnc::frontend::testing
