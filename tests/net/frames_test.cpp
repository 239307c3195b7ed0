// ARP frames (RFC 826, RFC 5227 §2.3 announcements), the IPv4 header a raw socket hands
// over (RFC 791 §3.1), the RFC 1071 checksum, and the small value types.
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "runtime/net/arp_frame.h"
#include "runtime/net/error.h"
#include "runtime/net/ipv4_header.h"
#include "runtime/net/types.h"
#include "runtime/net/udp_frame.h"

namespace havpnc::net {
namespace {

Ipv4 ip(const char* text) { return boost::asio::ip::make_address_v4(text); }
const MacAddress kVmac{0x00, 0x00, 0x0c, 0x07, 0xac, 0x02};  // HSRP v1 group 2

TEST(ArpFrame, GratuitousReplyLayoutByteForByte) {
  auto bytes = encode_arp(gratuitous_arp(ip("6.6.156.100"), kVmac, ArpOp::Reply));
  const std::vector<std::uint8_t> expected{
      0xff, 0xff, 0xff, 0xff, 0xff, 0xff,  // Ethernet destination: broadcast
      0x00, 0x00, 0x0c, 0x07, 0xac, 0x02,  // Ethernet source: the virtual MAC
      0x08, 0x06,                          // EtherType ARP
      0x00, 0x01, 0x08, 0x00, 6, 4,        // Ethernet / IPv4, lengths 6 and 4
      0x00, 0x02,                          // reply
      0x00, 0x00, 0x0c, 0x07, 0xac, 0x02, 6, 6, 156, 100,   // sender
      0x00, 0x00, 0x0c, 0x07, 0xac, 0x02, 6, 6, 156, 100};  // target (arping -A form)
  ASSERT_EQ(bytes.size(), 60u);
  EXPECT_EQ(std::vector<std::uint8_t>(bytes.begin(), bytes.begin() + 42), expected);
  for (std::size_t i = 42; i < bytes.size(); ++i) EXPECT_EQ(bytes[i], 0) << i;
}

TEST(ArpFrame, GratuitousRequestHasZeroTargetMac) {
  auto f = gratuitous_arp(ip("6.6.156.100"), kVmac, ArpOp::Request);
  EXPECT_EQ(f.target_mac, MacAddress{});
  EXPECT_TRUE(f.is_gratuitous());
  auto back = decode_arp(encode_arp(f));
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, f);
}

TEST(ArpFrame, DecodesUnpaddedFrameFromAVeth) {
  auto bytes = encode_arp(gratuitous_arp(ip("10.0.0.1"), kVmac, ArpOp::Reply));
  auto f = decode_arp(std::span(bytes).first(42));
  ASSERT_TRUE(f);
  EXPECT_EQ(f->op, ArpOp::Reply);
  EXPECT_EQ(f->sender_ip, ip("10.0.0.1"));
}

TEST(ArpFrame, RejectsWhatIsNotEthernetIpv4Arp) {
  auto good = encode_arp(gratuitous_arp(ip("10.0.0.1"), kVmac, ArpOp::Request));
  ArpDecodeError e{};
  EXPECT_FALSE(decode_arp(std::span(good).first(41), &e));
  EXPECT_EQ(e, ArpDecodeError::Truncated);
  auto ipv4 = good;
  ipv4[12] = 0x08;
  ipv4[13] = 0x00;
  EXPECT_FALSE(decode_arp(ipv4, &e));
  EXPECT_EQ(e, ArpDecodeError::NotArp);
  auto token_ring = good;
  token_ring[15] = 6;  // hardware type 6 (IEEE 802)
  EXPECT_FALSE(decode_arp(token_ring, &e));
  EXPECT_EQ(e, ArpDecodeError::NotEthernetIpv4);
  auto long_hw = good;
  long_hw[18] = 8;
  EXPECT_FALSE(decode_arp(long_hw, &e));
  EXPECT_EQ(e, ArpDecodeError::NotEthernetIpv4);
  auto rarp = good;
  rarp[21] = 3;  // RARP request
  EXPECT_FALSE(decode_arp(rarp, &e));
  EXPECT_EQ(e, ArpDecodeError::UnknownOp);
}

std::vector<std::uint8_t> ipv4_packet(std::uint8_t ihl_words, std::uint16_t total,
                                      std::size_t buffer_size) {
  std::vector<std::uint8_t> p(std::max<std::size_t>(buffer_size, 20), 0xab);
  p[0] = static_cast<std::uint8_t>(0x40 | ihl_words);
  p[2] = static_cast<std::uint8_t>(total >> 8);
  p[3] = static_cast<std::uint8_t>(total);
  p[8] = 64;
  p[9] = 50;
  const std::uint8_t src[4] = {6, 6, 25, 2}, dst[4] = {6, 6, 156, 100};
  std::copy(src, src + 4, p.begin() + 12);
  std::copy(dst, dst + 4, p.begin() + 16);
  p.resize(buffer_size);  // a buffer shorter than a header is cut after it is written
  return p;
}

TEST(Ipv4Header, StripsHeaderWithOptionsAndTrailingPadding) {
  auto p = ipv4_packet(6, 24 + 10, 60);  // 4 bytes of options, 10 payload, padded to 60
  auto parsed = parse_ipv4(p);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->header.source, ip("6.6.25.2"));
  EXPECT_EQ(parsed->header.destination, ip("6.6.156.100"));
  EXPECT_EQ(parsed->header.protocol, 50);
  EXPECT_EQ(parsed->header.ttl, 64);
  EXPECT_EQ(parsed->header.header_length, 24u);
  EXPECT_EQ(parsed->payload.size(), 10u);
  EXPECT_EQ(parsed->payload.data(), p.data() + 24);
}

TEST(Ipv4Header, RejectsEveryLengthThatLies) {
  Ipv4HeaderError e{};
  EXPECT_FALSE(parse_ipv4(ipv4_packet(5, 20, 19), &e));
  EXPECT_EQ(e, Ipv4HeaderError::Truncated);
  auto v6 = ipv4_packet(5, 40, 40);
  v6[0] = 0x65;
  EXPECT_FALSE(parse_ipv4(v6, &e));
  EXPECT_EQ(e, Ipv4HeaderError::NotVersion4);
  EXPECT_FALSE(parse_ipv4(ipv4_packet(4, 40, 40), &e));
  EXPECT_EQ(e, Ipv4HeaderError::BadHeaderLength);
  EXPECT_FALSE(parse_ipv4(ipv4_packet(15, 60, 40), &e));  // options beyond the buffer
  EXPECT_EQ(e, Ipv4HeaderError::Truncated);
  EXPECT_FALSE(parse_ipv4(ipv4_packet(5, 41, 40), &e));
  EXPECT_EQ(e, Ipv4HeaderError::BadTotalLength);
  EXPECT_FALSE(parse_ipv4(ipv4_packet(6, 20, 40), &e));  // total below the header
  EXPECT_EQ(e, Ipv4HeaderError::BadTotalLength);
  EXPECT_TRUE(parse_ipv4(ipv4_packet(5, 20, 20)));        // empty payload is fine
}

TEST(InternetChecksum, Rfc1071Example) {
  // RFC 1071 §3: the words 0001 f203 f4f5 f6f7 sum (end-around carry) to ddf2.
  const std::uint8_t words[8] = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
  EXPECT_EQ(internet_checksum(words), static_cast<std::uint16_t>(~0xddf2));
  const std::uint8_t odd[3] = {0x01, 0x02, 0x03};  // last byte padded with zero
  EXPECT_EQ(internet_checksum(odd), static_cast<std::uint16_t>(~(0x0102 + 0x0300)));
}

TEST(NetTypes, PrefixAndMacParsing) {
  auto p = parse_prefix("6.6.146.0/24");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->to_string(), "6.6.146.0/24");
  EXPECT_EQ(parse_prefix("6.6.146.4")->length, 32);
  EXPECT_FALSE(parse_prefix("6.6.146.0/33"));
  EXPECT_FALSE(parse_prefix("6.6.146.0/"));
  EXPECT_FALSE(parse_prefix("6.6.146.0/2x"));
  EXPECT_FALSE(parse_prefix("6.6.146/24"));
  auto mac = parse_mac("00:00:0c:9f:f0:02");
  ASSERT_TRUE(mac);
  EXPECT_EQ(to_string(*mac), "00:00:0c:9f:f0:02");
  EXPECT_FALSE(parse_mac("00:00:0c:9f:f0"));
  EXPECT_FALSE(parse_mac("00-00-0c-9f-f0-02"));
  EXPECT_FALSE(parse_mac("00:00:0c:9f:f0:g2"));
}

TEST(NetError, OperatorSentences) {
  EXPECT_NE(explain_errno(EPERM).find("must run as root"), std::string::npos);
  EXPECT_EQ(explain_errno(EEXIST), "already exists");
  EXPECT_EQ(explain_errno(ENODEV), "no such interface");
  try {
    throw_errno("add address 6.6.156.100/24 on eth1 (ifindex 3)", EEXIST);
  } catch (const NetError& e) {
    EXPECT_STREQ(e.what(), "add address 6.6.156.100/24 on eth1 (ifindex 3): already exists");
    EXPECT_EQ(e.error_number(), EEXIST);
  }
}

// An HSRP hello as a whole frame from the virtual MAC: Ethernet to the group's multicast MAC,
// IPv4 with TTL 1 and a header checksum that sums to zero, UDP with a pseudo-header checksum
// that sums to zero, padded to 60 bytes.
TEST(UdpFrame, HsrpHelloFromTheVirtualMac) {
  const Ipv4 group = Ipv4::from_string("224.0.0.2");
  EXPECT_EQ(to_string(multicast_mac(group)), "01:00:5e:00:00:02");
  EXPECT_EQ(to_string(multicast_mac(Ipv4::from_string("224.0.0.102"))), "01:00:5e:00:00:66");
  EXPECT_EQ(to_string(multicast_mac(Ipv4::from_string("239.255.1.2"))), "01:00:5e:7f:01:02");
  UdpFrame f;
  f.ethernet_destination = multicast_mac(group);
  f.ethernet_source = {0x00, 0x00, 0x0c, 0x07, 0xac, 0x02};
  f.source = Ipv4::from_string("6.6.156.10");
  f.destination = group;
  f.source_port = f.destination_port = 1985;
  f.ttl = 1;
  f.tos = 0xc0;
  f.identification = 7;
  const std::vector<std::uint8_t> payload(20, 0xab);  // an HSRPv1 message is 20 bytes
  const auto frame = encode_udp_frame(f, payload);
  ASSERT_EQ(frame.size(), 14u + 20 + 8 + 20);
  EXPECT_EQ(frame[12], 0x08);
  EXPECT_EQ(frame[13], 0x00);
  EXPECT_TRUE(std::equal(f.ethernet_source.begin(), f.ethernet_source.end(), frame.begin() + 6));
  const auto packet = parse_ipv4(std::span<const std::uint8_t>(frame).subspan(14));
  ASSERT_TRUE(packet);
  EXPECT_EQ(packet->header.ttl, 1);
  EXPECT_EQ(packet->header.protocol, 17);
  EXPECT_EQ(packet->header.source, f.source);
  EXPECT_EQ(packet->header.destination, group);
  EXPECT_EQ(frame[15], 0xc0);
  EXPECT_EQ(internet_checksum(std::span<const std::uint8_t>(frame).subspan(14, 20)), 0);
  const auto udp = packet->payload;
  ASSERT_EQ(udp.size(), 28u);
  EXPECT_EQ(udp[0] << 8 | udp[1], 1985);
  EXPECT_EQ(udp[4] << 8 | udp[5], 28);
  const std::uint8_t header[] = {6, 6, 156, 10, 224, 0, 0, 2, 0, 17, 0, 28};
  std::vector<std::uint8_t> pseudo(sizeof header + udp.size());
  std::copy(std::begin(header), std::end(header), pseudo.begin());
  std::copy(udp.begin(), udp.end(), pseudo.begin() + sizeof header);
  EXPECT_EQ(internet_checksum(pseudo), 0);
  EXPECT_TRUE(std::equal(payload.begin(), payload.end(), udp.begin() + 8));

  // Short payloads are padded to the Ethernet minimum; impossible ones give nothing.
  EXPECT_EQ(encode_udp_frame(f, std::vector<std::uint8_t>(2)).size(), 60u);
  EXPECT_TRUE(encode_udp_frame(f, std::vector<std::uint8_t>(kMaxUdpPayload + 1)).empty());
}

}  // namespace
}  // namespace havpnc::net
