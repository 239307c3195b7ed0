// The --export-keys records, byte for byte as Wireshark 4.0's UATs read them.
#include <gtest/gtest.h>

#include "runtime/crypto/key_export.h"

namespace havpnc::crypto {
namespace {

Secret bytes(std::initializer_list<std::uint8_t> b) { return Secret(std::vector<std::uint8_t>(b)); }

ike::ChildSa child() {
  ike::ChildSa c;
  c.local.address = {6, 6, 156, 100};
  c.remote.address = {6, 6, 25, 2};
  c.inbound_spi = 0x0a0b0c0d;
  c.outbound_spi = 0xc1234567;
  c.initiator_cookie = {1, 2, 3, 4, 5, 6, 7, 8};
  c.inbound_encryption_key = bytes({0x11, 0x22});
  c.inbound_integrity_key = bytes({0x33});
  c.outbound_encryption_key = bytes({0xaa, 0xbb});
  c.outbound_integrity_key = bytes({0xcc, 0xdd});
  return c;
}

TEST(KeyExport, EspSaRecordsOutboundThenInboundWithTheReceiversSpi) {
  const auto r = esp_sa_records(child());
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0],
            R"("IPv4","6.6.156.100","6.6.25.2","0xc1234567","AES-CBC [RFC3602]","0xaabb","HMAC-SHA-1-96 [RFC2404]","0xccdd")");
  EXPECT_EQ(r[1],
            R"("IPv4","6.6.25.2","6.6.156.100","0x0a0b0c0d","AES-CBC [RFC3602]","0x1122","HMAC-SHA-1-96 [RFC2404]","0x33")");
}

TEST(KeyExport, GcmAndSha256Names) {
  ike::ChildSa c = child();
  c.transform = {ike::kEspTransformAes, 256, ike::EspIntegrity::HmacSha256};
  EXPECT_NE(esp_sa_records(c)[0].find(R"("AES-CBC [RFC3602]","0xaabb","HMAC-SHA-256-128 [RFC4868]")"),
            std::string::npos);
  c.transform = {ike::kEspTransformAesGcm16, 128, ike::EspIntegrity::None};
  c.outbound_integrity_key = Secret();
  EXPECT_NE(esp_sa_records(c)[0].find(R"("AES-GCM with 16 octet ICV [RFC4106]","0xaabb","NULL","")"),
            std::string::npos);
  c.transform.esp_id = 99;  // nothing Wireshark knows: no record, a comment saying so
  EXPECT_TRUE(esp_sa_records(c).empty());
  const auto lines = export_lines_for_ipsec_sa(c);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].front(), '#');
}

TEST(KeyExport, Ikev1RecordIsBareHexCookieAndKa) {
  ike::IkeSa sa;
  sa.initiator_cookie = {0xde, 0xad, 0xbe, 0xef, 0, 1, 2, 3};
  sa.encryption_key = bytes({0x00, 0x0f, 0xf0});
  EXPECT_EQ(ikev1_decryption_record(sa), "deadbeef00010203,000ff0");
  const auto lines = export_lines_for_ike_sa(sa);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].front(), '#');
  EXPECT_EQ(lines[1], "deadbeef00010203,000ff0");
  EXPECT_TRUE(ikev1_decryption_record(ike::IkeSa{}).empty());
}

TEST(KeyExport, RemovalNotesAreCommentsWithoutKeys) {
  const auto gone = export_lines_for_ipsec_sa_removed(0x0a0b0c0d, 0xc1234567);
  ASSERT_EQ(gone.size(), 1u);
  EXPECT_EQ(gone[0], "# IPsec SA 0x0a0b0c0d/0xc1234567 removed");
  EXPECT_EQ(export_lines_for_ike_sa_deleted({1, 2, 3, 4, 5, 6, 7, 8})[0], "# ISAKMP SA 0102030405060708 deleted");
}

}  // namespace
}  // namespace havpnc::crypto
