// Gratuitous ARP from one namespace, seen on the wire in the other (AF_PACKET capture) and
// in its neighbour table: the announcement moves the VIP from a stale MAC to the HSRP
// virtual MAC, and back to an interface MAC.
#include "runtime/net/gratuitous_arp.h"

#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <poll.h>
#include <sys/socket.h>

#include "runtime/net/descriptor.h"
#include "runtime/net/error.h"
#include "tests/net/two_routers.h"

namespace havpnc::net {
namespace {

using testing::EnterNetns;
Ipv4 v4(const char* text) { return boost::asio::ip::make_address_v4(text); }
const MacAddress kVmac{0x00, 0x00, 0x0c, 0x07, 0xac, 0x02};

// ARP frames arriving on one interface.
class ArpCapture {
 public:
  explicit ArpCapture(const char* interface_name) {
    fd_ = UniqueFd(::socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_ARP)));
    sockaddr_ll ll{};
    ll.sll_family = AF_PACKET;
    ll.sll_protocol = htons(ETH_P_ARP);
    ll.sll_ifindex = static_cast<int>(::if_nametoindex(interface_name));
    if (!fd_ || ::bind(fd_.get(), reinterpret_cast<sockaddr*>(&ll), sizeof ll) < 0)
      throw NetError("capture", errno);
  }

  // The next ARP frame for `address`, skipping the kernel's own ARP traffic.
  std::optional<ArpFrame> next_for(const Ipv4& address) {
    for (int i = 0; i < 30; ++i) {
      pollfd p{fd_.get(), POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      std::uint8_t buf[1514];
      ssize_t n = ::recv(fd_.get(), buf, sizeof buf, 0);
      if (n <= 0) continue;
      auto f = decode_arp(std::span(buf, static_cast<std::size_t>(n)));
      if (f && f->sender_ip == address) return f;
    }
    return std::nullopt;
  }

 private:
  UniqueFd fd_;
};

class GratuitousArpTest : public testing::TwoRoutersTest {
 protected:
  std::string neighbour(const char* address) {
    return ip(b, {"neigh", "show", address, "dev", "b0"});
  }
};

TEST_F(GratuitousArpTest, AnnouncementReachesThePeerAndMovesItsNeighbourEntry) {
  // b believes the VIP is at an old MAC (the router that was Active before).
  ip(b, {"neigh", "add", "10.98.0.100", "lladdr", "02:00:00:00:00:99", "dev", "b0", "nud",
         "stale"});
  std::optional<ArpCapture> capture;
  {
    EnterNetns enter(b);
    capture.emplace("b0");
  }
  std::optional<GratuitousArp> garp;
  {
    EnterNetns enter(a);
    garp.emplace("a0");
  }
  std::error_code ec;
  garp->announce(v4("10.98.0.100"), ec, kVmac, ArpOp::Reply);
  ASSERT_FALSE(ec) << ec.message();
  auto seen = capture->next_for(v4("10.98.0.100"));
  ASSERT_TRUE(seen);
  EXPECT_EQ(seen->op, ArpOp::Reply);
  EXPECT_EQ(seen->ethernet_destination, kBroadcastMac);
  EXPECT_EQ(seen->ethernet_source, kVmac);
  EXPECT_EQ(seen->sender_mac, kVmac);
  EXPECT_TRUE(seen->is_gratuitous());
  EXPECT_NE(neighbour("10.98.0.100").find("00:00:0c:07:ac:02"), std::string::npos)
      << neighbour("10.98.0.100");

  // The request form with the interface's own MAC (e.g. `standby use-bia`).
  garp->announce(v4("10.98.0.100"), ec, std::nullopt, ArpOp::Request);
  ASSERT_FALSE(ec);
  seen = capture->next_for(v4("10.98.0.100"));
  ASSERT_TRUE(seen);
  EXPECT_EQ(seen->op, ArpOp::Request);
  EXPECT_EQ(seen->sender_mac, garp->interface_mac());
  EXPECT_EQ(seen->target_mac, MacAddress{});
  EXPECT_NE(neighbour("10.98.0.100").find(to_string(garp->interface_mac())), std::string::npos)
      << neighbour("10.98.0.100");
}

TEST_F(GratuitousArpTest, RefusesInterfacesWithoutArp) {
  EnterNetns enter(a);
  try {
    GratuitousArp lo("lo");
    FAIL() << "ARP on loopback";
  } catch (const NetError& e) {
    EXPECT_STREQ(e.what(), "gratuitous ARP on lo: not an Ethernet interface (ARP needs one)");
  }
  EXPECT_THROW(GratuitousArp("nope0"), NetError);
}

}  // namespace
}  // namespace havpnc::net
