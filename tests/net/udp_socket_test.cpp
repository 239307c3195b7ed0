// IKE sockets between two namespaces: binding a VIP that is not there yet (IP_FREEBIND),
// the destination address and ingress interface of each datagram (IP_PKTINFO), and replies
// that leave from the address the request came to.
#include "runtime/net/udp_socket.h"

#include <net/if.h>

#include <boost/asio/io_context.hpp>

#include "runtime/net/error.h"
#include "runtime/net/rtnetlink.h"
#include "tests/net/two_routers.h"
#include "tests/net/wait.h"

namespace havpnc::net {
namespace {

using testing::EnterNetns;
using boost::asio::ip::udp;
Ipv4 v4(const char* text) { return boost::asio::ip::make_address_v4(text); }

struct Got {
  udp::endpoint source;
  Ipv4 destination;
  int ifindex;
  std::string text;
};

std::optional<Got> receive(boost::asio::io_context& io, UdpSocket& s,
                           std::chrono::milliseconds timeout = std::chrono::milliseconds(3000)) {
  std::vector<std::uint8_t> buffer(2048);
  return testing::receive_within(
      io, s,
      [&](std::error_code& ec) -> std::optional<Got> {
        auto d = s.receive(buffer, ec);
        if (!d) return std::nullopt;
        return Got{d->source, d->destination, d->ifindex, {d->payload.begin(), d->payload.end()}};
      },
      timeout);
}

std::span<const std::uint8_t> bytes(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

using UdpTest = testing::TwoRoutersTest;

TEST_F(UdpTest, IkeOnAVipBoundBeforeTheVipExists) {
  boost::asio::io_context io;
  std::optional<UdpSocket> peer, standby;
  int b0 = 0;
  {
    EnterNetns enter(b);
    b0 = static_cast<int>(::if_nametoindex("b0"));
    standby.emplace(open_ike_socket(io.get_executor(), v4("10.98.0.100")));
    UdpOptions strict;
    strict.address = v4("10.98.0.101");
    strict.port = kIkePort;
    strict.freebind = false;
    try {
      UdpSocket s(io.get_executor(), strict);
      ADD_FAILURE() << "bound an absent address without IP_FREEBIND";
    } catch (const NetError& e) {
      EXPECT_EQ(e.error_number(), EADDRNOTAVAIL);
      EXPECT_NE(std::string(e.what()).find("bind UDP 10.98.0.101:500: address not configured"),
                std::string::npos)
          << e.what();
    }
    std::error_code ec;
    standby->send({v4("10.98.0.1"), kIkePort}, bytes("too early"), ec);
    EXPECT_TRUE(ec) << "sent from an address this router does not own yet";
  }
  {
    EnterNetns enter(a);
    peer.emplace(open_ike_socket(io.get_executor(), v4("10.98.0.1")));
  }
  // Takeover: the address arrives, the socket was there all along.
  {
    EnterNetns enter(b);
    Rtnetlink rtnl;
    rtnl.add_address(b0, {v4("10.98.0.100"), 24});
  }
  std::error_code ec;
  peer->send({v4("10.98.0.100"), kIkePort}, bytes("main mode 1"), ec);
  ASSERT_FALSE(ec);
  auto got = receive(io, *standby);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->text, "main mode 1");
  EXPECT_EQ(got->source, udp::endpoint(v4("10.98.0.1"), kIkePort));
  EXPECT_EQ(got->destination, v4("10.98.0.100"));
  EXPECT_EQ(got->ifindex, b0);

  standby->send(got->source, bytes("main mode 2"), ec);
  ASSERT_FALSE(ec);
  got = receive(io, *peer);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->text, "main mode 2");
  EXPECT_EQ(got->source, udp::endpoint(v4("10.98.0.100"), kIkePort));
  EXPECT_EQ(got->destination, v4("10.98.0.1"));
}

TEST_F(UdpTest, WildcardSocketAnswersFromTheAddressEachRequestCameTo) {
  ip(b, {"addr", "add", "10.98.0.100/24", "dev", "b0"});  // secondary, like a VIP
  boost::asio::io_context io;
  std::optional<UdpSocket> peer, router;
  {
    EnterNetns enter(b);
    UdpOptions any;
    any.port = kNatTraversalPort;
    router.emplace(io.get_executor(), any);
    EXPECT_EQ(router->local_endpoint(), udp::endpoint(Ipv4::any(), kNatTraversalPort));
  }
  {
    EnterNetns enter(a);
    UdpOptions o;
    o.address = v4("10.98.0.1");
    o.port = kNatTraversalPort;
    peer.emplace(io.get_executor(), o);
  }
  for (const char* target : {"10.98.0.2", "10.98.0.100"}) {
    SCOPED_TRACE(target);
    std::error_code ec;
    peer->send({v4(target), kNatTraversalPort}, bytes(target), ec);
    ASSERT_FALSE(ec);
    auto request = receive(io, *router);
    ASSERT_TRUE(request);
    EXPECT_EQ(request->destination, v4(target));
    router->send(request->source, bytes("reply"), ec, request->destination);
    ASSERT_FALSE(ec);
    auto reply = receive(io, *peer);
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->source.address(), v4(target));
  }
  // Why it matters: without the source, the kernel picks the primary address, and the
  // peer sees the answer to its request to the VIP come from somewhere else.
  std::error_code ec;
  router->send({v4("10.98.0.1"), kNatTraversalPort}, bytes("unpinned"), ec);
  ASSERT_FALSE(ec);
  auto reply = receive(io, *peer);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->source.address(), v4("10.98.0.2"));
}

TEST_F(UdpTest, PortInUseIsNamed) {
  EnterNetns enter(b);
  boost::asio::io_context io;
  auto first = open_ike_socket(io.get_executor(), v4("10.98.0.2"));
  try {
    auto second = open_ike_socket(io.get_executor(), v4("10.98.0.2"));
    FAIL() << "bound the same address and port twice";
  } catch (const NetError& e) {
    EXPECT_EQ(e.error_number(), EADDRINUSE);
    EXPECT_NE(std::string(e.what()).find("10.98.0.2:500: address and port already in use"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace havpnc::net
