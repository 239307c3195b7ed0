// TUN in a namespace: an ICMP echo sent by the kernel is routed into the device, read by the
// test through the io_context, answered, and the answer arrives at the ICMP socket — a ping
// through the device, which is the data path's shape (kernel -> TUN -> havpnc -> TUN ->
// kernel). Also a route steered into the TUN, and the error for a name that is taken.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <iostream>

#include <boost/asio/io_context.hpp>

#include "runtime/net/descriptor.h"
#include "runtime/net/error.h"
#include "runtime/net/ipv4_header.h"
#include "runtime/net/rtnetlink.h"
#include "runtime/net/tun_device.h"
#include "tests/net/netns_fixture.h"
#include "tests/net/wait.h"

namespace havpnc::net {
namespace {

using testing::EnterNetns;
using Bytes = std::vector<std::uint8_t>;

Ipv4 v4(const char* text) { return boost::asio::ip::make_address_v4(text); }

class TunTest : public testing::NetnsTest {
 protected:
  void SetUp() override {
    NetnsTest::SetUp();
    if (IsSkipped()) return;
    if (!std::filesystem::exists("/dev/net/tun"))
      GTEST_SKIP() << "skipped: /dev/net/tun is missing (kernel without CONFIG_TUN?)";
  }
};

void put16(Bytes& b, std::size_t at, std::uint16_t v) {
  b[at] = static_cast<std::uint8_t>(v >> 8);
  b[at + 1] = static_cast<std::uint8_t>(v);
}

// Turns an ICMP echo request (IPv4, no options) into its reply in place.
bool make_echo_reply(Bytes& packet) {
  auto parsed = parse_ipv4(packet);
  if (!parsed || parsed->header.protocol != IPPROTO_ICMP || parsed->header.header_length != 20 ||
      parsed->payload.size() < 8 || parsed->payload[0] != 8)
    return false;
  packet.resize(parsed->header.total_length);
  std::swap_ranges(packet.begin() + 12, packet.begin() + 16, packet.begin() + 16);
  packet[20] = 0;  // echo reply
  put16(packet, 22, 0);
  put16(packet, 22, internet_checksum(std::span(packet).subspan(20)));
  put16(packet, 10, 0);
  put16(packet, 10, internet_checksum(std::span(packet).first(20)));
  return true;
}

struct IcmpSocket {
  UniqueFd fd{::socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMP)};

  void send_echo(const Ipv4& to, std::uint16_t seq) {
    Bytes icmp(8 + 32, 0x5a);
    icmp[0] = 8;
    icmp[1] = 0;
    put16(icmp, 2, 0);
    put16(icmp, 4, 0x4856);
    put16(icmp, 6, seq);
    put16(icmp, 2, internet_checksum(icmp));
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(to.to_uint());
    ASSERT_EQ(::sendto(fd.get(), icmp.data(), icmp.size(), 0, reinterpret_cast<sockaddr*>(&sa),
                       sizeof sa),
              static_cast<ssize_t>(icmp.size()))
        << std::strerror(errno);
  }

  // The echo reply with our id and `seq`, from `from`.
  bool await_reply(const Ipv4& from, std::uint16_t seq) {
    for (int i = 0; i < 20; ++i) {
      pollfd p{fd.get(), POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      std::uint8_t buf[1500];
      ssize_t n = ::recv(fd.get(), buf, sizeof buf, 0);
      if (n <= 0) continue;
      auto parsed = parse_ipv4(std::span(buf, static_cast<std::size_t>(n)));
      if (!parsed || parsed->header.source != from || parsed->payload.size() < 8) continue;
      const auto& icmp = parsed->payload;
      if (icmp[0] == 0 && (icmp[4] << 8 | icmp[5]) == 0x4856 && (icmp[6] << 8 | icmp[7]) == seq)
        return true;
    }
    return false;
  }
};

// Reads packets from the TUN until an echo request shows up, answers it through the TUN.
bool answer_one_echo(boost::asio::io_context& io, TunDevice& tun, Ipv4 expected_destination) {
  Bytes buffer(2000);
  auto answered = testing::receive_within(io, tun, [&](std::error_code& ec) -> std::optional<bool> {
    for (;;) {
      std::size_t n = tun.read(buffer, ec);
      if (ec) return std::nullopt;
      Bytes packet(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(n));
      auto parsed = parse_ipv4(packet);
      // IPv6 router solicitations and the like also reach the TUN: not ours, skip them.
      if (!parsed || parsed->header.destination != expected_destination) continue;
      if (!make_echo_reply(packet)) continue;
      tun.write(packet, ec);
      return !ec;
    }
  });
  return answered.value_or(false);
}

TEST_F(TunTest, PingThroughTheDeviceAndARouteSteeredIntoIt) {
  auto ns = add_namespace("tun");
  EnterNetns in(ns);
  boost::asio::io_context io;
  Rtnetlink rtnl;
  TunDevice tun(io.get_executor(), "hvtun0");
  EXPECT_EQ(tun.name(), "hvtun0");
  tun.set_mtu(1400);
  tun.set_up(true);
  rtnl.add_address(tun.ifindex(), {v4("10.99.0.1"), 24});
  auto link = rtnl.link("hvtun0");
  ASSERT_TRUE(link);
  EXPECT_EQ(link->ifindex, tun.ifindex());
  EXPECT_EQ(link->mtu, 1400u);
  EXPECT_TRUE(link->line_protocol_up());

  IcmpSocket icmp;
  ASSERT_TRUE(icmp.fd) << std::strerror(errno);
  icmp.send_echo(v4("10.99.0.2"), 1);
  ASSERT_TRUE(answer_one_echo(io, tun, v4("10.99.0.2")));
  EXPECT_TRUE(icmp.await_reply(v4("10.99.0.2"), 1));

  // A crypto ACL's remote subnet is routed into the TUN: 6.6.2.0/24 as in the seed.
  Route r;
  r.destination = {v4("6.6.2.0"), 24};
  r.oif = tun.ifindex();
  rtnl.add_route(r);
  icmp.send_echo(v4("6.6.2.4"), 2);
  ASSERT_TRUE(answer_one_echo(io, tun, v4("6.6.2.4")));
  EXPECT_TRUE(icmp.await_reply(v4("6.6.2.4"), 2));

  // For scale: round trips through the device, one at a time.
  constexpr int kRounds = 200;
  auto start = std::chrono::steady_clock::now();
  int ok = 0;
  for (int i = 0; i < kRounds; ++i) {
    icmp.send_echo(v4("6.6.2.4"), static_cast<std::uint16_t>(100 + i));
    if (answer_one_echo(io, tun, v4("6.6.2.4")) &&
        icmp.await_reply(v4("6.6.2.4"), static_cast<std::uint16_t>(100 + i)))
      ++ok;
  }
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(ok, kRounds);
  std::cout << "[figure] ping through TUN (kernel->TUN->userspace->TUN->kernel): "
            << us / kRounds << " us per round trip over " << kRounds << "\n";
}

TEST_F(TunTest, ANameThatIsTakenIsRefusedWithAClearMessage) {
  auto ns = add_namespace("tunname");
  EnterNetns in(ns);
  boost::asio::io_context io;
  TunDevice first(io.get_executor(), "hvtun0");
  try {
    TunDevice second(io.get_executor(), "hvtun0");
    FAIL() << "a second device with the same name was created";
  } catch (const NetError& e) {
    EXPECT_NE(std::string(e.what()).find("'hvtun0': an interface with that name already exists"),
              std::string::npos)
        << e.what();
  }
  try {
    TunDevice veth_name(io.get_executor(), "lo");
    FAIL() << "took over lo";
  } catch (const NetError& e) {
    EXPECT_NE(std::string(e.what()).find("'lo'"), std::string::npos) << e.what();
  }
  EXPECT_THROW(TunDevice(io.get_executor(), "a-name-longer-than-15"), NetError);
  // A template lets the kernel number the device.
  TunDevice numbered(io.get_executor(), "hvt%d");
  EXPECT_EQ(numbered.name().rfind("hvt", 0), 0u);
  EXPECT_NE(numbered.name(), "hvt%d");
}

}  // namespace
}  // namespace havpnc::net
