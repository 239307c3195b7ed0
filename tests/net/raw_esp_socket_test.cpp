// Raw ESP (IP protocol 50) between two namespaces: addresses reported from the IPv4 header,
// the header stripped, and the bound address deciding both the source of what is sent and
// which socket hears what — the standby's socket on the VIP hears nothing until it owns it.
#include "runtime/net/raw_esp_socket.h"

#include <net/if.h>

#include <boost/asio/io_context.hpp>

#include "runtime/net/error.h"
#include "runtime/net/rtnetlink.h"
#include "tests/net/two_routers.h"
#include "tests/net/wait.h"

namespace havpnc::net {
namespace {

using testing::EnterNetns;
Ipv4 v4(const char* text) { return boost::asio::ip::make_address_v4(text); }

// SPI 0x00001000, sequence number 1, then 32 bytes standing in for IV, data and ICV.
std::vector<std::uint8_t> esp_packet(std::uint8_t fill) {
  std::vector<std::uint8_t> p{0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x01};
  p.resize(40, fill);
  return p;
}

struct Received {
  Ipv4 source, destination;
  std::vector<std::uint8_t> esp;
};

std::optional<Received> receive(boost::asio::io_context& io, RawEspSocket& s,
                                std::chrono::milliseconds timeout = std::chrono::milliseconds(3000)) {
  std::vector<std::uint8_t> buffer(2048);
  return testing::receive_within(
      io, s,
      [&](std::error_code& ec) -> std::optional<Received> {
        auto d = s.receive(buffer, ec);
        if (!d) return std::nullopt;
        return Received{d->source, d->destination, {d->esp.begin(), d->esp.end()}};
      },
      timeout);
}

using RawEspTest = testing::TwoRoutersTest;

TEST_F(RawEspTest, EspCrossesBetweenNamespacesWithAddressesAndNoIpHeader) {
  boost::asio::io_context io;
  std::optional<RawEspSocket> in_a, in_b;
  {
    EnterNetns enter(a);
    in_a.emplace(io.get_executor(), v4("10.98.0.1"));
  }
  {
    EnterNetns enter(b);
    in_b.emplace(io.get_executor(), v4("10.98.0.2"));
  }
  std::error_code ec;
  in_a->send(v4("10.98.0.2"), esp_packet(0x11), ec);
  ASSERT_FALSE(ec) << ec.message();
  auto got = receive(io, *in_b);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->source, v4("10.98.0.1"));
  EXPECT_EQ(got->destination, v4("10.98.0.2"));
  EXPECT_EQ(got->esp, esp_packet(0x11));

  in_b->send(v4("10.98.0.1"), esp_packet(0x22), ec);
  ASSERT_FALSE(ec);
  got = receive(io, *in_a);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->source, v4("10.98.0.2"));
  EXPECT_EQ(got->esp, esp_packet(0x22));
  EXPECT_EQ(in_a->malformed_packets(), 0u);
}

TEST_F(RawEspTest, SocketOnTheVipHearsOnlyTheVipAndSendsFromIt) {
  boost::asio::io_context io;
  std::optional<RawEspSocket> peer, real, vip;
  {
    EnterNetns enter(a);
    peer.emplace(io.get_executor(), v4("10.98.0.1"));
  }
  {
    EnterNetns enter(b);
    real.emplace(io.get_executor(), v4("10.98.0.2"));
    // The standby binds the VIP before owning it (IP_FREEBIND).
    vip.emplace(io.get_executor(), v4("10.98.0.100"));
    try {
      RawEspSocket strict(io.get_executor(), v4("10.98.0.101"), /*freebind=*/false);
      ADD_FAILURE() << "bound an address that is not configured without IP_FREEBIND";
    } catch (const NetError& e) {
      EXPECT_EQ(e.error_number(), EADDRNOTAVAIL) << e.what();
    }
  }
  std::error_code ec;
  // Takeover: the VIP is added; the socket was bound all along.
  ip(b, {"addr", "add", "10.98.0.100/24", "dev", "b0"});
  peer->send(v4("10.98.0.100"), esp_packet(0x33), ec);
  ASSERT_FALSE(ec);
  auto got = receive(io, *vip);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->destination, v4("10.98.0.100"));
  EXPECT_FALSE(receive(io, *real, std::chrono::milliseconds(200)))
      << "the socket bound to the real address heard ESP for the VIP";

  vip->send(v4("10.98.0.1"), esp_packet(0x44), ec);
  ASSERT_FALSE(ec);
  got = receive(io, *peer);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->source, v4("10.98.0.100"));
}

}  // namespace
}  // namespace havpnc::net
