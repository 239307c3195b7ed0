// Outer headers and the RFC 3948 port-4500 demultiplexer.
#include <gtest/gtest.h>

#include "runtime/esp/framing.h"
#include "tests/esp/esp_test_support.h"

namespace havpnc::esp::test {
namespace {

TEST(Framing, OuterIpv4HeaderForEsp) {
  std::vector<std::uint8_t> buf(20);
  OuterIpv4 h;
  h.source = Ipv4Address{0x06061902};       // 6.6.25.2
  h.destination = Ipv4Address{0x06069C64};  // 6.6.156.100
  h.identification = 0x1234;
  h.dont_fragment = true;
  ASSERT_EQ(write_outer_ipv4(buf, h, 100), 20u);
  // Checksum 0x66ae from an independent RFC 1071 sum in Python over the header with it zeroed.
  EXPECT_EQ(buf, hex("45000078123440004032" "66ae" "06061902 06069c64"));
  EXPECT_EQ(ipv4_header_checksum(buf), 0u);  // a valid header sums to 0xFFFF
}

TEST(Framing, OuterIpv4RejectsOversizeAndShortBuffer) {
  std::vector<std::uint8_t> buf(20);
  EXPECT_EQ(write_outer_ipv4(buf, OuterIpv4{}, 65516), 0u);
  EXPECT_EQ(write_outer_ipv4(buf, OuterIpv4{}, 65515), 20u);
  std::vector<std::uint8_t> small(19);
  EXPECT_EQ(write_outer_ipv4(small, OuterIpv4{}, 10), 0u);
}

TEST(Framing, UdpHeaderHasZeroChecksum) {
  std::vector<std::uint8_t> buf(8);
  ASSERT_EQ(write_udp_header(buf, kNatTPort, kNatTPort, 100), 8u);
  EXPECT_EQ(buf, hex("1194 1194 006c 0000"));
  EXPECT_EQ(write_udp_header(buf, 1, 2, 65528), 0u);
}

TEST(Framing, Classifies4500Payloads) {
  EXPECT_EQ(classify_udp_4500(hex("ff")), Udp4500Kind::NatKeepalive);
  EXPECT_EQ(classify_udp_4500(hex("")), Udp4500Kind::Invalid);
  EXPECT_EQ(classify_udp_4500(hex("00")), Udp4500Kind::Invalid);
  EXPECT_EQ(classify_udp_4500(hex("ffff")), Udp4500Kind::Invalid);
  EXPECT_EQ(classify_udp_4500(hex("00000000")), Udp4500Kind::Invalid);  // marker without IKE header
  std::vector<std::uint8_t> ike(4 + 28, 0x11);
  std::fill(ike.begin(), ike.begin() + 4, 0);
  EXPECT_EQ(classify_udp_4500(ike), Udp4500Kind::Ike);
  EXPECT_FALSE(is_esp_in_udp(ike));
  EXPECT_EQ(classify_udp_4500(hex("00004321")), Udp4500Kind::Invalid);  // SPI but no sequence
  EXPECT_TRUE(is_esp_in_udp(hex("00004321 00000001")));
  EXPECT_TRUE(is_esp_in_udp(hex("00000001 00000000")));  // first byte zero is still an SPI
}

TEST(Framing, EspInUdpIsTheEspPacketUnchanged) {
  // RFC 3948 §2.1: the receiver hands the UDP payload to ESP as is.
  auto out = make_sa(Transform::AesCbc128HmacSha1, Direction::Outbound);
  SaTable table;
  ASSERT_TRUE(table.add(make_sa(Transform::AesCbc128HmacSha1, Direction::Inbound)));
  FixedIvSource ivs;
  const auto inner = sample_inner();
  std::vector<std::uint8_t> datagram(kIpv4HeaderLen + kUdpHeaderLen + out->encapsulated_size(inner.size()));
  std::span<std::uint8_t> esp_area(datagram.data() + 28, datagram.size() - 28);
  const EncapResult r = out->encapsulate(inner, t0(), ivs, esp_area);
  ASSERT_EQ(r.status, EncapStatus::Ok);
  ASSERT_EQ(write_udp_header(std::span(datagram).subspan(20), kNatTPort, kNatTPort, r.length), 8u);
  OuterIpv4 h{out->tunnel_source(), out->tunnel_destination(), kIpProtoUdp};
  ASSERT_EQ(write_outer_ipv4(datagram, h, 8 + r.length), 20u);
  const std::span<const std::uint8_t> payload(datagram.data() + 28, r.length);
  ASSERT_TRUE(is_esp_in_udp(payload));
  std::vector<std::uint8_t> plain(payload.size());
  const DecapResult d = table.decapsulate(payload, t0(), plain);
  ASSERT_EQ(d.drop, DropReason::None);
  EXPECT_EQ(std::vector<std::uint8_t>(d.inner.begin(), d.inner.end()), inner);
}

}  // namespace
}  // namespace havpnc::esp::test
