// TSO segmentation and GRO-style coalescing of the TUN's inner packets (runtime/esp/tcp_offload.h).
// Checksums are checked against a plain RFC 1071 reference written here (16-bit big-endian
// words, no tricks), not against the code under test.
#include <gtest/gtest.h>

#include <cstring>

#include "runtime/esp/framing.h"
#include "runtime/esp/tcp_offload.h"
#include "tests/esp/esp_test_support.h"

namespace havpnc::esp::test {
namespace {

using Packet = std::vector<std::uint8_t>;

std::uint16_t ref_sum(const std::vector<std::uint8_t>& bytes) {
  std::uint32_t s = 0;
  for (std::size_t i = 0; i < bytes.size(); i += 2)
    s += (std::uint32_t{bytes[i]} << 8) | (i + 1 < bytes.size() ? bytes[i + 1] : 0u);
  while (s >> 16) s = (s & 0xFFFF) + (s >> 16);
  return static_cast<std::uint16_t>(s);
}

// Reference TCP checksum verification: pseudo-header + segment sums to 0xFFFF.
bool ref_tcp_ok(const Packet& p) {
  const std::size_t ihl = (p[0] & 0x0F) * 4u;
  Packet v(p.begin() + 12, p.begin() + 20);
  v.push_back(0);
  v.push_back(6);
  const std::size_t len = p.size() - ihl;
  v.push_back(static_cast<std::uint8_t>(len >> 8));
  v.push_back(static_cast<std::uint8_t>(len));
  v.insert(v.end(), p.begin() + static_cast<std::ptrdiff_t>(ihl), p.end());
  return ref_sum(v) == 0xFFFF;
}

bool ref_ip_ok(const Packet& p) {
  return ref_sum(Packet(p.begin(), p.begin() + (p[0] & 0x0F) * 4)) == 0xFFFF;
}

std::uint32_t seq_of(const Packet& p) {
  return (std::uint32_t{p[24]} << 24) | (std::uint32_t{p[25]} << 16) | (std::uint32_t{p[26]} << 8) | p[27];
}
std::uint16_t u16(const Packet& p, std::size_t at) { return static_cast<std::uint16_t>((p[at] << 8) | p[at + 1]); }

void set_tcp_checksum(Packet& p) {
  p[36] = p[37] = 0;
  Packet v(p.begin() + 12, p.begin() + 20);
  const std::size_t len = p.size() - 20;
  v.insert(v.end(), {0, 6, static_cast<std::uint8_t>(len >> 8), static_cast<std::uint8_t>(len)});
  v.insert(v.end(), p.begin() + 20, p.end());
  const std::uint16_t c = static_cast<std::uint16_t>(~ref_sum(v));
  p[36] = static_cast<std::uint8_t>(c >> 8);
  p[37] = static_cast<std::uint8_t>(c);
}

void set_ip_checksum(Packet& p) {
  p[10] = p[11] = 0;
  const std::uint16_t c = static_cast<std::uint16_t>(~ref_sum(Packet(p.begin(), p.begin() + 20)));
  p[10] = static_cast<std::uint8_t>(c >> 8);
  p[11] = static_cast<std::uint8_t>(c);
}

// 6.6.146.4:40000 -> 6.6.2.2:5299, IPv4 without options, TCP with a 12-byte timestamp option.
Packet tcp_packet(std::uint32_t seq, std::size_t payload, std::uint8_t flags = 0x10, std::uint8_t first = 0) {
  Packet p = hex("45000000 1c460000 4006 0000 06069204 06060202"
                 "9c40 14b3 00000000 0badcafe 8010 01f6 0000 0000"
                 "0101080a 00112233 44556677");
  p[24] = static_cast<std::uint8_t>(seq >> 24);
  p[25] = static_cast<std::uint8_t>(seq >> 16);
  p[26] = static_cast<std::uint8_t>(seq >> 8);
  p[27] = static_cast<std::uint8_t>(seq);
  p[33] = flags;
  for (std::size_t i = 0; i < payload; ++i) p.push_back(static_cast<std::uint8_t>(first + i * 7));
  p[2] = static_cast<std::uint8_t>(p.size() >> 8);
  p[3] = static_cast<std::uint8_t>(p.size());
  set_ip_checksum(p);
  set_tcp_checksum(p);
  return p;
}

std::vector<Packet> segment(VnetHeader h, Packet super, SegmentStatus* status = nullptr) {
  std::vector<Packet> out;
  std::vector<std::uint8_t> scratch(kMaxIpv4Packet);
  const SegmentStatus s = segment_tso(h, super, scratch, [&](std::span<const std::uint8_t> p) {
    out.emplace_back(p.begin(), p.end());
  });
  if (status != nullptr) *status = s;
  return out;
}

// What the kernel hands over for TSO: NEEDS_CSUM, the TCP checksum field holding the
// pseudo-header sum (not complemented) over the whole TCP length.
VnetHeader tso_header(Packet& super, std::uint16_t gso_size) {
  const std::size_t len = super.size() - 20;
  Packet v(super.begin() + 12, super.begin() + 20);
  v.insert(v.end(), {0, 6, static_cast<std::uint8_t>(len >> 8), static_cast<std::uint8_t>(len)});
  const std::uint16_t ps = ref_sum(v);
  super[36] = static_cast<std::uint8_t>(ps >> 8);
  super[37] = static_cast<std::uint8_t>(ps);
  VnetHeader h;
  h.flags = kVnetNeedsCsum;
  h.gso_type = kVnetGsoTcpv4;
  h.hdr_len = 52;
  h.gso_size = gso_size;
  h.csum_start = 20;
  h.csum_offset = 16;
  return h;
}

TEST(TcpOffload, OnesComplementSumMatchesRfc1071Example) {
  // RFC 1071 §3: 00 01 f2 03 f4 f5 f6 f7 sums to dd f2.
  const Packet b = hex("0001f203f4f5f6f7");
  const std::uint16_t s = ones_complement_sum(b);
  std::uint8_t out[2];
  std::memcpy(out, &s, 2);
  EXPECT_EQ(out[0], 0xdd);
  EXPECT_EQ(out[1], 0xf2);
  for (std::size_t n : {0u, 1u, 3u, 5u, 7u, 9u, 1399u, 1400u}) {
    const Packet d = iota_bytes(0x9d, n);
    const std::uint16_t m = ones_complement_sum(d);
    std::uint8_t o[2];
    std::memcpy(o, &m, 2);
    EXPECT_EQ((o[0] << 8) | o[1], n == 0 ? 0 : ref_sum(d)) << n;
  }
}

TEST(TcpOffload, VnetHeaderRoundTrip) {
  VnetHeader h{kVnetNeedsCsum, kVnetGsoTcpv4, 52, 1348, 20, 16};
  std::uint8_t b[kVnetHeaderLen];
  write_vnet_header(h, b);
  const auto back = read_vnet_header(b);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->gso_size, 1348);
  EXPECT_EQ(back->csum_offset, 16);
  EXPECT_EQ(back->hdr_len, 52);
  EXPECT_FALSE(read_vnet_header(std::span<const std::uint8_t>(b, 9)));
}

TEST(TcpOffload, SegmentsTsoSuperPacketIntoChecksummedPackets) {
  Packet super = tcp_packet(1000, 4000, 0x10 | 0x08 | 0x01 | 0x80);  // ACK PSH FIN CWR
  const Packet original = super;
  const VnetHeader h = tso_header(super, 1348);
  SegmentStatus st;
  const auto segs = segment(h, super, &st);
  ASSERT_EQ(st, SegmentStatus::Ok);
  ASSERT_EQ(segs.size(), 3u);  // 1348 + 1348 + 1304
  Packet payload;
  for (std::size_t i = 0; i < segs.size(); ++i) {
    const Packet& s = segs[i];
    EXPECT_EQ(u16(s, 2), s.size());
    EXPECT_EQ(u16(s, 4), 0x1c46 + i);  // IPv4 ID: first + i
    EXPECT_EQ(seq_of(s), 1000 + 1348 * i);
    EXPECT_TRUE(ref_ip_ok(s)) << i;
    EXPECT_TRUE(ref_tcp_ok(s)) << i;
    EXPECT_TRUE(tcp4_checksum_valid(s, 20)) << i;
    const std::uint8_t f = s[33];
    EXPECT_EQ((f & 0x09) != 0, i == 2) << "FIN/PSH on the last only";
    EXPECT_EQ((f & 0x80) != 0, i == 0) << "CWR on the first only";
    EXPECT_TRUE(f & 0x10);
    EXPECT_TRUE(std::equal(s.begin() + 40, s.begin() + 52, original.begin() + 40)) << "options";
    payload.insert(payload.end(), s.begin() + 52, s.end());
  }
  EXPECT_EQ(segs[2].size(), 52u + 1304u);
  EXPECT_EQ(payload, Packet(original.begin() + 52, original.end()));
}

TEST(TcpOffload, FinishesPartialChecksumOfSinglePacket) {
  Packet p = tcp_packet(7, 100);
  const Packet good = p;
  VnetHeader h = tso_header(p, 0);
  h.gso_type = kVnetGsoNone;
  EXPECT_FALSE(ref_tcp_ok(p));
  const auto out = segment(h, p);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0], good);
}

TEST(TcpOffload, PassesPlainPacketUnchanged) {
  const Packet p = hex("4500001c 00000000 4001 0000 06069204 06060202 0800f7ff 00000000");
  const auto out = segment(VnetHeader{}, p);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0], p);
}

TEST(TcpOffload, RefusesMalformedOffloadHeaders) {
  Packet super = tcp_packet(1, 3000);
  VnetHeader h = tso_header(super, 1348);
  SegmentStatus st;

  Packet udp = super;
  udp[9] = 17;
  EXPECT_TRUE(segment(h, udp, &st).empty());
  EXPECT_EQ(st, SegmentStatus::Malformed);

  Packet v6 = super;
  v6[0] = 0x65;
  segment(h, v6, &st);
  EXPECT_EQ(st, SegmentStatus::Malformed);

  Packet frag = super;
  frag[6] |= 0x20;  // MF
  segment(h, frag, &st);
  EXPECT_EQ(st, SegmentStatus::Malformed);

  Packet big_thl = super;
  big_thl[32] = 0xF0;  // 60-byte TCP header claimed ...
  big_thl.resize(60);  // ... in a packet that ends before it
  segment(h, big_thl, &st);
  EXPECT_EQ(st, SegmentStatus::Malformed);

  VnetHeader zero = h;
  zero.gso_size = 0;
  segment(zero, super, &st);
  EXPECT_EQ(st, SegmentStatus::Malformed);

  VnetHeader udp_l4 = h;
  udp_l4.gso_type = 5;  // VIRTIO_NET_HDR_GSO_UDP_L4: never enabled on this device
  segment(udp_l4, super, &st);
  EXPECT_EQ(st, SegmentStatus::Unsupported);

  VnetHeader csum_out = VnetHeader{};
  csum_out.flags = kVnetNeedsCsum;
  csum_out.csum_start = static_cast<std::uint16_t>(super.size() - 1);
  csum_out.csum_offset = 0;
  segment(csum_out, super, &st);
  EXPECT_EQ(st, SegmentStatus::Malformed);
  for (std::size_t n = 0; n < 60; ++n) {  // every truncation of a TSO packet
    Packet cut(super.begin(), super.begin() + static_cast<std::ptrdiff_t>(n));
    const auto out = segment(h, cut, &st);
    if (n < 52) {  // the headers themselves are cut
      EXPECT_EQ(st, SegmentStatus::Malformed) << n;
      EXPECT_TRUE(out.empty());
    } else {       // a short payload is one whole, re-checksummed packet
      ASSERT_EQ(out.size(), 1u) << n;
      EXPECT_TRUE(ref_ip_ok(out[0]) && ref_tcp_ok(out[0])) << n;
    }
  }
}

struct Written {
  VnetHeader header;
  Packet packet;
};

std::vector<Written> drain(TcpCoalescer& c) {
  std::vector<Written> out;
  c.drain([&](std::span<const std::uint8_t> b) {
    out.push_back({*read_vnet_header(b), Packet(b.begin() + kVnetHeaderLen, b.end())});
  });
  return out;
}

TEST(TcpOffload, CoalescesInOrderSegmentsAndKernelResegmentsThemIdentically) {
  // The sender's view: a super-packet cut into segments (as the peer's TunEdge does) ...
  Packet super = tcp_packet(5000, 1348 * 5 + 200, 0x18);
  const auto segs = segment(tso_header(super, 1348), super);
  ASSERT_EQ(segs.size(), 6u);
  TcpCoalescer c;
  for (const Packet& s : segs) ASSERT_TRUE(c.add(s));
  const auto out = drain(c);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(c.counters().coalesced, 5u);
  const Written& w = out[0];
  EXPECT_EQ(w.header.flags, kVnetNeedsCsum);
  EXPECT_EQ(w.header.gso_type, kVnetGsoTcpv4);
  EXPECT_EQ(w.header.gso_size, 1348);
  EXPECT_EQ(w.header.hdr_len, 52);
  EXPECT_EQ(w.header.csum_start, 20);
  EXPECT_EQ(w.header.csum_offset, 16);
  EXPECT_EQ(u16(w.packet, 2), w.packet.size());
  EXPECT_TRUE(ref_ip_ok(w.packet));
  EXPECT_EQ(w.packet[33], 0x18);  // PSH of the last segment kept
  // CHECKSUM_PARTIAL as the kernel completes it when it does not segment (forwarding to a
  // device with checksum offload off): sum from csum_start, field included, complemented.
  Packet completed = w.packet;
  const std::uint16_t partial = ones_complement_sum(std::span<const std::uint8_t>(completed).subspan(20));
  const std::uint16_t full = static_cast<std::uint16_t>(~partial);
  std::memcpy(completed.data() + 36, &full, 2);
  EXPECT_TRUE(ref_tcp_ok(completed)) << "pseudo-header sum in the TCP checksum field is wrong";
  // ... and what the kernel does with it: segments equal to the originals, bit for bit.
  const auto again = segment(w.header, w.packet);
  ASSERT_EQ(again.size(), segs.size());
  for (std::size_t i = 0; i < segs.size(); ++i) EXPECT_EQ(again[i], segs[i]) << i;
  EXPECT_TRUE(c.empty());
}

TEST(TcpOffload, SinglePacketsGoOutUntouchedWithAnEmptyHeader) {
  TcpCoalescer c;
  const Packet a = tcp_packet(1, 0);           // pure ACK: no payload, not a candidate
  const Packet b = tcp_packet(1, 10, 0x02);    // SYN
  ASSERT_TRUE(c.add(a));
  ASSERT_TRUE(c.add(b));
  const auto out = drain(c);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].packet, a);
  EXPECT_EQ(out[1].packet, b);
  EXPECT_EQ(out[0].header.flags, 0);
  EXPECT_EQ(out[0].header.gso_type, kVnetGsoNone);
}

TEST(TcpOffload, DoesNotMergeAcrossGapsPshOrBadChecksums) {
  TcpCoalescer c;
  c.add(tcp_packet(100, 500));
  c.add(tcp_packet(700, 500));  // gap: 600 expected
  c.add(tcp_packet(1200, 500, 0x18));
  c.add(tcp_packet(1700, 500));  // after PSH: a new group
  Packet bad = tcp_packet(2200, 500);
  bad[60] ^= 1;
  c.add(bad);
  auto out = drain(c);
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(seq_of(out[0].packet), 100u);
  EXPECT_EQ(seq_of(out[1].packet), 700u);
  EXPECT_EQ(out[1].packet.size(), 52u + 1000u);  // 700 + 1200(PSH) merged
  EXPECT_EQ(seq_of(out[2].packet), 1700u);
  EXPECT_EQ(out[2].packet.size(), 52u + 500u);   // the corrupt 2200 was not glued on
  EXPECT_EQ(out[3].packet, bad);                 // passed on as it came, for TCP to drop
  EXPECT_EQ(c.counters().bad_checksum, 1u);
}

TEST(TcpOffload, LargerSegmentAfterSmallerStartsNewItem) {
  TcpCoalescer c;
  c.add(tcp_packet(0, 500));
  c.add(tcp_packet(500, 400));   // shorter last: fine
  c.add(tcp_packet(900, 400));   // after a short one: no
  c.add(tcp_packet(1300, 600));  // larger than the group's size: no
  const auto out = drain(c);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].header.gso_size, 500);
  EXPECT_EQ(out[0].packet.size(), 52u + 900u);
}

TEST(TcpOffload, InterleavedFlowsMergePerFlowAndKeepOrder) {
  TcpCoalescer c;
  auto other = [](std::uint32_t seq) {
    Packet p = tcp_packet(seq, 300);
    p[20] = 0x9c;  // source port 40001
    p[21] = 0x41;
    set_tcp_checksum(p);
    return p;
  };
  c.add(tcp_packet(0, 300));
  c.add(other(0));
  c.add(tcp_packet(300, 300));
  c.add(other(300));
  const auto out = drain(c);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].packet[21], 0x40);
  EXPECT_EQ(out[1].packet[21], 0x41);
  EXPECT_EQ(out[0].packet.size(), 52u + 600u);
  EXPECT_EQ(out[1].packet.size(), 52u + 600u);
}

TEST(TcpOffload, BarrierOfSameHostsBlocksMerge) {
  TcpCoalescer c;
  c.add(tcp_packet(0, 300));
  c.add(tcp_packet(300, 10, 0x11));  // FIN|ACK of the same connection: not a candidate
  c.add(tcp_packet(300, 300));
  EXPECT_EQ(drain(c).size(), 3u);
}

TEST(TcpOffload, StopsAtItemLimitAndNever64KiB) {
  TcpCoalescer c(2);
  EXPECT_TRUE(c.add(tcp_packet(0, 10, 0x02)));
  EXPECT_TRUE(c.add(tcp_packet(0, 10, 0x02)));
  EXPECT_FALSE(c.add(tcp_packet(0, 10, 0x02)));
  drain(c);
  std::uint32_t seq = 0;
  for (int i = 0; i < 60; ++i, seq += 1348) ASSERT_TRUE(c.add(tcp_packet(seq, 1348))) << i;
  const auto out = drain(c);
  ASSERT_EQ(out.size(), 2u);  // 48 * 1348 + 52 fits in 65535; the 49th does not
  EXPECT_LE(out[0].packet.size(), kMaxIpv4Packet);
  EXPECT_EQ(out[0].packet.size(), 52u + 48u * 1348u);
}

TEST(TcpOffload, HostileBytesNeverCrash) {
  std::uint32_t x = 12345;
  auto rnd = [&] {
    x = x * 1103515245u + 12345u;
    return static_cast<std::uint8_t>(x >> 16);
  };
  TcpCoalescer c(8);
  std::vector<std::uint8_t> scratch(kMaxIpv4Packet);
  for (int round = 0; round < 3000; ++round) {
    Packet p(rnd() % 120);
    for (auto& b : p) b = rnd();
    if (p.size() > 20 && round % 2 == 0) {
      p[0] = 0x45;
      p[9] = 6;
    }
    VnetHeader h{static_cast<std::uint8_t>(rnd() & 1), static_cast<std::uint8_t>(rnd() % 2 ? 1 : rnd()),
                 rnd(), static_cast<std::uint16_t>(rnd() % 64), static_cast<std::uint16_t>(rnd() % 130),
                 static_cast<std::uint16_t>(rnd() % 40)};
    segment_tso(h, p, scratch, [](std::span<const std::uint8_t>) {});
    if (!c.add(p)) drain(c);
  }
  drain(c);
  SUCCEED();
}

}  // namespace
}  // namespace havpnc::esp::test
