// HSRP hellos across a bridge (a switch namespace with multicast snooping off, as in the
// lab): v1 to 224.0.0.2 and v2 to 224.0.0.102 on port 1985, received with the ingress
// interface, never looped back to the sender, and each version's socket hearing only its
// own group.
#include "runtime/net/hsrp_socket.h"

#include <net/if.h>

#include <boost/asio/io_context.hpp>

#include "runtime/net/error.h"
#include "tests/net/netns_fixture.h"
#include "tests/net/wait.h"

namespace havpnc::net {
namespace {

using testing::EnterNetns;
using boost::asio::ip::udp;
Ipv4 v4(const char* text) { return boost::asio::ip::make_address_v4(text); }

class HsrpSocketTest : public testing::NetnsTest {
 protected:
  void SetUp() override {
    NetnsTest::SetUp();
    if (IsSkipped()) return;
    sw = add_namespace("sw");
    r10 = add_namespace("r10");
    r11 = add_namespace("r11");
    ip(sw, {"link", "add", "br0", "type", "bridge", "stp_state", "0", "forward_delay", "0",
            "mcast_snooping", "0"});
    ip(sw, {"link", "set", "br0", "up"});
    add_veth(sw, "p10", r10, "Gi0-1");
    add_veth(sw, "p11", r11, "Gi0-1");
    ip(sw, {"link", "set", "p10", "master", "br0"});
    ip(sw, {"link", "set", "p11", "master", "br0"});
    ip(r10, {"addr", "add", "6.6.156.10/24", "dev", "Gi0-1"});
    ip(r11, {"addr", "add", "6.6.156.11/24", "dev", "Gi0-1"});
  }

  std::string sw, r10, r11;
};

struct Hello {
  udp::endpoint source;
  Ipv4 destination;
  int ifindex;
  std::vector<std::uint8_t> bytes;
};

std::optional<Hello> receive(boost::asio::io_context& io, HsrpSocket& s,
                             std::chrono::milliseconds timeout = std::chrono::milliseconds(3000)) {
  std::vector<std::uint8_t> buffer(1500);
  return testing::receive_within(
      io, s,
      [&](std::error_code& ec) -> std::optional<Hello> {
        auto d = s.receive(buffer, ec);
        if (!d) return std::nullopt;
        return Hello{d->source, d->destination, d->ifindex, {d->payload.begin(), d->payload.end()}};
      },
      timeout);
}

// An RFC 2281 §5.1 hello: version 0, op hello, state active, 3/10 s, priority 110, group 2,
// "cisco", VIP 6.6.156.100. The bytes only travel here; HSRP itself decodes them elsewhere.
const std::vector<std::uint8_t> kHelloV1{0, 0, 16, 3, 10, 110, 2, 0, 'c', 'i', 's', 'c',
                                         'o', 0, 0, 0, 6, 6, 156, 100};

TEST_F(HsrpSocketTest, HellosCrossTheBridgeForBothVersions) {
  boost::asio::io_context io;
  for (auto version : {HsrpVersion::V1, HsrpVersion::V2}) {
    SCOPED_TRACE(static_cast<int>(version));
    std::optional<HsrpSocket> sender, listener;
    int r11_ifindex = 0;
    {
      EnterNetns enter(r10);
      sender.emplace(io.get_executor(), "Gi0-1", version);
    }
    {
      EnterNetns enter(r11);
      listener.emplace(io.get_executor(), "Gi0-1", version);
      r11_ifindex = static_cast<int>(::if_nametoindex("Gi0-1"));
    }
    EXPECT_EQ(listener->ifindex(), r11_ifindex);
    std::error_code ec;
    sender->send(kHelloV1, ec);
    ASSERT_FALSE(ec) << ec.message();
    auto hello = receive(io, *listener);
    ASSERT_TRUE(hello);
    EXPECT_EQ(hello->bytes, kHelloV1);
    // From the interface's own address (RFC 2281: the real address, not the VIP).
    EXPECT_EQ(hello->source, udp::endpoint(v4("6.6.156.10"), kHsrpPort));
    EXPECT_EQ(hello->destination, hsrp_group_address(version));
    EXPECT_EQ(hello->ifindex, r11_ifindex);
    // IP_MULTICAST_LOOP off: the sender does not hear itself.
    EXPECT_FALSE(receive(io, *sender, std::chrono::milliseconds(200)));
  }
  EXPECT_EQ(hsrp_group_address(HsrpVersion::V1), v4("224.0.0.2"));
  EXPECT_EQ(hsrp_group_address(HsrpVersion::V2), v4("224.0.0.102"));
}

TEST_F(HsrpSocketTest, EachVersionHearsOnlyItsGroup) {
  boost::asio::io_context io;
  std::optional<HsrpSocket> sender_v2, listener_v1, listener_v2;
  {
    EnterNetns enter(r10);
    sender_v2.emplace(io.get_executor(), "Gi0-1", HsrpVersion::V2);
  }
  {
    EnterNetns enter(r11);
    listener_v1.emplace(io.get_executor(), "Gi0-1", HsrpVersion::V1);
    listener_v2.emplace(io.get_executor(), "Gi0-1", HsrpVersion::V2);
  }
  std::error_code ec;
  sender_v2->send(kHelloV1, ec);
  ASSERT_FALSE(ec);
  EXPECT_TRUE(receive(io, *listener_v2));
  EXPECT_FALSE(receive(io, *listener_v1, std::chrono::milliseconds(200)));
}

TEST_F(HsrpSocketTest, UnknownInterfaceIsNamed) {
  EnterNetns enter(r10);
  boost::asio::io_context io;
  try {
    HsrpSocket s(io.get_executor(), "Gi9-9", HsrpVersion::V1);
    FAIL() << "opened HSRP on a missing interface";
  } catch (const NetError& e) {
    EXPECT_STREQ(e.what(), "HSRP on interface 'Gi9-9': no such interface");
  }
}

}  // namespace
}  // namespace havpnc::net
