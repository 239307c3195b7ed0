// The kernel's side of runtime/esp/tcp_offload, in a throw-away namespace (root; skips
// otherwise): a TUN opened with offload, a real TCP listener behind it. The test plays the
// remote TCP peer through the TUN: the kernel must accept one coalesced GSO write of eight
// segments and deliver all their bytes to the socket; and what the socket sends back must
// arrive as TSO super-packets that segment_tso cuts into packets with valid checksums.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <cstring>
#include <optional>

#include "runtime/esp/tcp_offload.h"
#include "runtime/net/rtnetlink.h"
#include "runtime/net/tun_device.h"
#include "tests/net/netns_fixture.h"

namespace havpnc::esp::test {
namespace {

using Packet = std::vector<std::uint8_t>;
using net::testing::EnterNetns;

constexpr std::uint16_t kServerPort = 7777;
constexpr std::uint16_t kPeerPort = 40000;
const std::uint8_t kServer[4] = {10, 77, 0, 1};
const std::uint8_t kPeer[4] = {10, 77, 0, 2};

void put16(Packet& p, std::size_t at, std::uint32_t v) {
  p[at] = static_cast<std::uint8_t>(v >> 8);
  p[at + 1] = static_cast<std::uint8_t>(v);
}
void put32(Packet& p, std::size_t at, std::uint32_t v) {
  put16(p, at, v >> 16);
  put16(p, at + 2, v & 0xFFFF);
}
std::uint32_t get32(std::span<const std::uint8_t> p, std::size_t at) {
  return (std::uint32_t{p[at]} << 24) | (std::uint32_t{p[at + 1]} << 16) | (std::uint32_t{p[at + 2]} << 8) | p[at + 3];
}

// Peer -> server TCP segment with full checksums (computed with the sums tcp_offload_test
// checks against an RFC 1071 reference).
Packet segment_from_peer(std::uint32_t seq, std::uint32_t ack, std::uint8_t flags, const Packet& data,
                         bool mss_option = false) {
  const std::size_t thl = mss_option ? 24 : 20;
  Packet p(20 + thl, 0);
  p[0] = 0x45;
  put16(p, 4, 0x0101);
  p[6] = 0x40;  // DF
  p[8] = 64;
  p[9] = 6;
  std::memcpy(p.data() + 12, kPeer, 4);
  std::memcpy(p.data() + 16, kServer, 4);
  put16(p, 20, kPeerPort);
  put16(p, 22, kServerPort);
  put32(p, 24, seq);
  put32(p, 28, ack);
  p[32] = static_cast<std::uint8_t>(thl / 4 << 4);
  p[33] = flags;
  put16(p, 34, 65535);
  if (mss_option) {  // RFC 793 MSS option: keeps the server's segments within the TUN MTU
    p[40] = 2;
    p[41] = 4;
    put16(p, 42, 1360);
  }
  p.insert(p.end(), data.begin(), data.end());
  put16(p, 2, static_cast<std::uint32_t>(p.size()));
  const std::uint16_t ip_sum = static_cast<std::uint16_t>(~ones_complement_sum({p.data(), 20}));
  std::memcpy(p.data() + 10, &ip_sum, 2);
  Packet ph(p.begin() + 12, p.begin() + 20);
  ph.insert(ph.end(), {0, 6, static_cast<std::uint8_t>((p.size() - 20) >> 8), static_cast<std::uint8_t>(p.size() - 20)});
  const std::uint16_t tcp_sum = static_cast<std::uint16_t>(~ones_complement_sum({p.data() + 20, p.size() - 20}, ones_complement_sum(ph)));
  std::memcpy(p.data() + 36, &tcp_sum, 2);
  return p;
}

bool readable(int fd, int timeout_ms) {
  pollfd pfd{fd, POLLIN, 0};
  return ::poll(&pfd, 1, timeout_ms) == 1;
}

void write_plain(net::TunDevice& tun, const Packet& packet) {
  Packet framed(kVnetHeaderLen, 0);  // no offload for this one
  framed.insert(framed.end(), packet.begin(), packet.end());
  std::error_code ec;
  tun.write(framed, ec);
  ASSERT_FALSE(ec) << ec.message();
}

// Next IPv4 TCP packet from the server's port (others, e.g. IPv6 solicitations, skipped),
// with its virtio_net_hdr.
std::optional<std::pair<VnetHeader, Packet>> read_from_server(net::TunDevice& tun) {
  Packet buf(kVnetHeaderLen + kMaxIpv4Packet);
  for (int tries = 0; tries < 50; ++tries) {
    if (!readable(tun.native_handle(), 2000)) return std::nullopt;
    std::error_code ec;
    const std::size_t n = tun.read(buf, ec);
    if (ec || n < kVnetHeaderLen + 40) continue;
    Packet p(buf.begin() + kVnetHeaderLen, buf.begin() + static_cast<std::ptrdiff_t>(n));
    if (p[0] != 0x45 || p[9] != 6 || ((p[20] << 8) | p[21]) != kServerPort) continue;
    return std::pair(*read_vnet_header(buf), p);
  }
  return std::nullopt;
}

class TunOffloadTest : public net::testing::NetnsTest {};

TEST_F(TunOffloadTest, KernelTakesCoalescedWritesAndHandsOverTsoSuperPackets) {
  if (auto why = net::testing::namespace_tests_unavailable()) GTEST_SKIP() << *why;
  const auto ns = add_namespace("tso");
  EnterNetns in(ns);
  boost::asio::io_context io;
  net::TunDevice tun(io.get_executor(), "hvtso0", /*offload=*/true);
  ASSERT_TRUE(tun.offload());
  tun.set_mtu(1400);
  tun.set_up(true);
  net::Rtnetlink rtnl;
  rtnl.add_address(tun.ifindex(), {boost::asio::ip::make_address_v4("10.77.0.1"), 24});

  const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(listener, 0);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(kServerPort);
  std::memcpy(&sa.sin_addr, kServer, 4);
  ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&sa), sizeof sa), 0) << std::strerror(errno);
  ASSERT_EQ(::listen(listener, 1), 0);

  // Handshake, played by the test as the remote peer.
  const std::uint32_t isn = 1000;
  write_plain(tun, segment_from_peer(isn, 0, 0x02, {}, /*mss_option=*/true));
  std::optional<std::pair<VnetHeader, Packet>> synack;
  while ((synack = read_from_server(tun)) && synack->second[33] != 0x12) {}
  ASSERT_TRUE(synack) << "no SYN-ACK through the TUN";
  const std::uint32_t server_isn = get32(synack->second, 24);
  write_plain(tun, segment_from_peer(isn + 1, server_isn + 1, 0x10, {}));
  ASSERT_TRUE(readable(listener, 2000));
  const int conn = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
  ASSERT_GE(conn, 0);

  // Eight 1000-byte segments -> one coalesced GSO write.
  TcpCoalescer coalescer;
  Packet sent;
  for (int i = 0; i < 8; ++i) {
    Packet data(1000);
    for (std::size_t k = 0; k < data.size(); ++k) data[k] = static_cast<std::uint8_t>(i * 31 + k);
    sent.insert(sent.end(), data.begin(), data.end());
    ASSERT_TRUE(coalescer.add(segment_from_peer(isn + 1 + 1000u * static_cast<std::uint32_t>(i), server_isn + 1,
                                                i == 7 ? 0x18 : 0x10, data)));
  }
  int writes = 0;
  coalescer.drain([&](std::span<const std::uint8_t> bytes) {
    ++writes;
    std::error_code ec;
    tun.write(bytes, ec);
    EXPECT_FALSE(ec) << "the kernel refused the GSO write: " << ec.message();
  });
  EXPECT_EQ(writes, 1);
  Packet received;
  Packet chunk(16384);
  while (received.size() < sent.size() && readable(conn, 2000)) {
    const ssize_t n = ::read(conn, chunk.data(), chunk.size());
    if (n <= 0) break;
    received.insert(received.end(), chunk.begin(), chunk.begin() + n);
  }
  EXPECT_EQ(received, sent);

  // The server answers with 30000 bytes: its TCP may hand the TUN super-packets; each is
  // cut into packets whose checksums verify and whose bytes are the server's, in order.
  Packet reply(30000);
  for (std::size_t k = 0; k < reply.size(); ++k) reply[k] = static_cast<std::uint8_t>(k * 13);
  ASSERT_EQ(::write(conn, reply.data(), reply.size()), static_cast<ssize_t>(reply.size()));
  Packet got;
  int super_packets = 0;
  std::vector<std::uint8_t> scratch(kMaxIpv4Packet);
  std::uint32_t next = server_isn + 1;
  while (got.size() < reply.size()) {
    auto r = read_from_server(tun);
    if (!r) break;
    if (r->first.gso_type != kVnetGsoNone) ++super_packets;
    ASSERT_EQ(segment_tso(r->first, r->second, scratch, [&](std::span<const std::uint8_t> s) {
      EXPECT_LE(s.size(), 1400u);
      EXPECT_EQ(ones_complement_sum(s.first(20)), 0xFFFF);
      EXPECT_TRUE(tcp4_checksum_valid(s, 20));
      const std::size_t thl = std::size_t{s[32]} >> 4 << 2;
      if (get32(s, 24) != next || s.size() == 20 + thl) return;  // retransmission or pure ACK
      got.insert(got.end(), s.begin() + static_cast<std::ptrdiff_t>(20 + thl), s.end());
      next += static_cast<std::uint32_t>(s.size() - 20 - thl);
    }), SegmentStatus::Ok);
    write_plain(tun, segment_from_peer(isn + 1 + 8000, next, 0x10, {}));  // ACK what arrived
  }
  EXPECT_EQ(got, reply);
  EXPECT_GT(super_packets, 0) << "the kernel never used TSO towards the TUN";
  ::close(conn);
  ::close(listener);
}

}  // namespace
}  // namespace havpnc::esp::test
