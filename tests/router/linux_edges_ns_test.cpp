// LinuxEdges against a real kernel: two namespaces joined by a veth ("a" is the router,
// "b" the wire's far end). The host's actions become an HSRP hello heard in b, IKE and ESP
// packets from the bound address, a stamped VIP and route that are there, then gone, and
// failures that come back as sentences instead of exceptions. Skipped unless root.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <functional>
#include <optional>
#include <thread>

#include "runtime/engine/host.h"
#include "runtime/log/logger.h"
#include "runtime/net/arp_watch.h"
#include "runtime/net/cleanup.h"
#include "runtime/net/link_monitor.h"
#include "runtime/net/hsrp_socket.h"
#include "runtime/net/raw_esp_socket.h"
#include "runtime/net/rtnetlink.h"
#include "runtime/net/sysctl.h"
#include "runtime/net/udp_socket.h"
#include "runtime/router/event_pump.h"
#include "runtime/router/linux_edges.h"
#include "tests/router/netns.h"

namespace havpnc::router {
namespace {

using namespace std::chrono_literals;
using testing::EnterNetns;

const std::string kGi01 = "GigabitEthernet0/1";
constexpr engine::Ipv4 kOwn = 0x06069C0A;   // 6.6.156.10
constexpr engine::Ipv4 kPeer = 0x06069C0B;  // 6.6.156.11
constexpr engine::Ipv4 kVip = 0x06069C64;   // 6.6.156.100
net::Ipv4 v4(engine::Ipv4 a) { return net::Ipv4(a); }

class LinuxEdgesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (auto why = testing::namespaces_unavailable()) GTEST_SKIP() << "skipped: " << *why;
    spaces.emplace();
    a = spaces->add("a");
    b = spaces->add("b");
    spaces->ip(a, {"link", "add", "e0", "type", "veth", "peer", "name", "e0", "netns", b});
    spaces->ip(a, {"addr", "add", "6.6.156.10/24", "dev", "e0"});
    spaces->ip(b, {"addr", "add", "6.6.156.11/24", "dev", "e0"});
    spaces->ip(a, {"link", "set", "e0", "up"});
    spaces->ip(b, {"link", "set", "e0", "up"});
    {
      EnterNetns in(b);
      hsrp_b.emplace(io.get_executor(), "e0", net::HsrpVersion::V1);
      ike_b.emplace(net::open_ike_socket(io.get_executor(), v4(kPeer)));
      esp_b.emplace(io.get_executor(), v4(kPeer));
    }
    EnterNetns in(a);
    rtnl.emplace();
    cleanup.emplace(*rtnl);
    sockets.hsrp.push_back({kGi01, std::make_unique<net::HsrpSocket>(io.get_executor(), "e0",
                                                                     net::HsrpVersion::V1)});
    sockets.udp.push_back({kOwn, 500, std::make_unique<net::UdpSocket>(
                                          net::open_ike_socket(io.get_executor(), v4(kOwn)))});
    sockets.esp.push_back({kOwn, std::make_unique<net::RawEspSocket>(io.get_executor(), v4(kOwn))});
    edges.emplace(*rtnl, *cleanup, sockets);
    edges->add_bindings({{kGi01, "e0"}, {"GigabitEthernet0/2", ""}});
  }

  void TearDown() override {
    if (spaces && !a.empty()) {
      // The VIP owner puts e0's ARP settings back through /proc/sys/net, which is the
      // namespace of the calling thread: destroy it inside "a".
      EnterNetns in(a);
      edges.reset();
    }
    edges.reset();
    cleanup.reset();
    rtnl.reset();
    sockets = {};
    hsrp_b.reset();
    ike_b.reset();
    esp_b.reset();
    if (spaces) {
      EXPECT_TRUE(spaces->remove_all().empty()) << "namespaces left behind";
    }
  }

  std::string ip_a(const std::vector<std::string>& args) {
    std::vector<std::string> argv{"ip", "-n", a};
    argv.insert(argv.end(), args.begin(), args.end());
    return testing::run(argv).text;
  }

  // Non-blocking sockets: poll for up to 3 s.
  template <typename Receive>
  auto receive(Receive r) -> decltype(r()) {
    decltype(r()) got;
    testing::eventually([&] { return (got = r()).has_value(); }, 3000ms);
    return got;
  }

  boost::asio::io_context io;
  std::optional<testing::Namespaces> spaces;
  std::string a, b;
  std::optional<net::HsrpSocket> hsrp_b;
  std::optional<net::UdpSocket> ike_b;
  std::optional<net::RawEspSocket> esp_b;
  std::optional<net::Rtnetlink> rtnl;
  std::optional<net::Cleanup> cleanup;
  SocketSet sockets;
  std::optional<LinuxEdges> edges;
  std::vector<std::uint8_t> buffer = std::vector<std::uint8_t>(2048);
};

TEST_F(LinuxEdgesTest, VipIsAddedOnceWithdrawnAndSweptWhenTheRouterGoes) {
  const engine::InterfaceAddress vip{kGi01, kVip, 32};
  auto r = edges->add_address(vip);
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_FALSE(r.already_present);
  EXPECT_NE(ip_a({"-4", "addr", "show", "dev", "e0"}).find("inet 6.6.156.100/32"), std::string::npos);
  r = edges->add_address(vip);
  EXPECT_TRUE(r.ok && r.already_present) << "EEXIST is 'already present', not a failure";
  r = edges->remove_address(vip);
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_EQ(ip_a({"-4", "addr", "show", "dev", "e0"}).find("6.6.156.100"), std::string::npos);
  EXPECT_TRUE(edges->remove_address(vip).ok) << "already gone is what we wanted";

  // What is still recorded when the router goes is withdrawn by Cleanup.
  ASSERT_TRUE(edges->add_address(vip).ok);
  edges.reset();
  cleanup.reset();
  EXPECT_EQ(ip_a({"-4", "addr", "show", "dev", "e0"}).find("6.6.156.100"), std::string::npos);
}

TEST_F(LinuxEdgesTest, RouteIsStampedAndRemoved) {
  const engine::Route route{0x0A630000, 24, kGi01, 0};  // 10.99.0.0/24 dev Gi0/1
  auto r = edges->add_route(route);
  ASSERT_TRUE(r.ok) << r.error;
  const std::string routes = ip_a({"-4", "route", "show"});
  EXPECT_NE(routes.find("10.99.0.0/24 dev e0 proto 168"), std::string::npos) << routes;
  EXPECT_TRUE(edges->add_route(route).already_present);
  EXPECT_TRUE(edges->remove_route(route).ok);
  EXPECT_EQ(ip_a({"-4", "route", "show"}).find("10.99.0.0"), std::string::npos);
}

TEST_F(LinuxEdgesTest, FailuresComeBackAsSentences) {
  auto r = edges->add_address({"GigabitEthernet0/2", kVip, 32});
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error, "GigabitEthernet0/2 is bound to no Linux interface");
  r = edges->send({engine::Transport::Udp, kOwn, 1985, 0x0A000001, 1985, kGi01, 1, {1, 2}});
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("HSRP is only sent to 224.0.0.2 or 224.0.0.102, not 10.0.0.1"),
            std::string::npos);
  r = edges->send({engine::Transport::Udp, 0x06069C63, 500, kPeer, 500, "", 64, {1}});
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error, "no UDP socket is open on 6.6.156.99:500");
  r = edges->send({engine::Transport::Udp, kOwn, 1985, 0xE0000066, 1985, kGi01, 1, {1}});
  EXPECT_EQ(r.error, "no HSRP v2 socket is open on GigabitEthernet0/1");
  r = edges->gratuitous_arp({"GigabitEthernet0/2", kVip, {}});
  EXPECT_FALSE(r.ok);
  spaces->ip(a, {"link", "del", "e0"});
  r = edges->add_address({kGi01, kVip, 32});
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error, "GigabitEthernet0/1: Linux interface e0 no longer exists");
}

TEST_F(LinuxEdgesTest, HelloIkeAndEspLeaveFromTheBoundSocketsAndArrive) {
  std::optional<engine::EdgeResult> r;
  {
    EnterNetns in(a);  // the ARP socket is opened on first use, in the caller's namespace
    r = edges->gratuitous_arp({kGi01, kVip, {0, 0, 0x0c, 0x07, 0xac, 0x02}});
  }
  EXPECT_TRUE(r->ok) << r->error;

  ASSERT_TRUE(edges->send({engine::Transport::Udp, kOwn, 1985, 0xE0000002, 1985, kGi01, 1,
                           {0, 0, 16, 3, 10, 110, 2, 0}}).ok);
  const auto hello = receive([&] {
    std::error_code ec;
    auto d = hsrp_b->receive(buffer, ec);
    return d ? std::optional<std::pair<net::Ipv4, std::size_t>>({d->source.address().to_v4(), d->payload.size()})
             : std::nullopt;
  });
  ASSERT_TRUE(hello);
  EXPECT_EQ(hello->first, v4(kOwn));
  EXPECT_EQ(hello->second, 8u);

  ASSERT_TRUE(edges->send({engine::Transport::Udp, 0, 500, kPeer, 500, "", 64, {9, 9, 9}}).ok)
      << "source 0: the one socket on the port";
  const auto ike = receive([&] {
    std::error_code ec;
    auto d = ike_b->receive(buffer, ec);
    return d ? std::optional<net::Ipv4>(d->source.address().to_v4()) : std::nullopt;
  });
  ASSERT_TRUE(ike);
  EXPECT_EQ(*ike, v4(kOwn));

  const std::vector<std::uint8_t> esp{0, 0, 0x10, 0x01, 0, 0, 0, 1, 0xAB, 0xCD};
  ASSERT_TRUE(edges->send({engine::Transport::Esp, kOwn, 0, kPeer, 0, "", 64, esp}).ok);
  const auto got = receive([&] {
    std::error_code ec;
    auto d = esp_b->receive(buffer, ec);
    return d ? std::optional<std::vector<std::uint8_t>>({d->esp.begin(), d->esp.end()}) : std::nullopt;
  });
  ASSERT_TRUE(got);
  EXPECT_EQ(*got, esp);
}

TEST_F(LinuxEdgesTest, BindingsMapBothWaysAndByIfindex) {
  EXPECT_EQ(edges->linux_name(kGi01), "e0");
  EXPECT_EQ(edges->ios_name("e0"), kGi01);
  EXPECT_FALSE(edges->linux_name("GigabitEthernet0/2")) << "bound to nothing";
  int ifindex = 0;
  {
    EnterNetns in(a);
    ifindex = static_cast<int>(::if_nametoindex("e0"));
  }
  EXPECT_EQ(edges->ios_name_of_ifindex(ifindex), kGi01);
  edges->add_binding("Tunnel0", "lo");  // a device registered later (the TUN's place)
  EXPECT_EQ(edges->ios_name("lo"), "Tunnel0");
  EXPECT_EQ(edges->ios_name_of_ifindex(1), "Tunnel0");
}

// Records what the pump hands the host.
class Recorder final : public engine::Component {
 public:
  std::string_view name() const override { return "recorder"; }
  std::vector<engine::Subscription> subscriptions() const override {
    return {{engine::Transport::Udp, 1985}, {engine::Transport::Udp, 500},
            {engine::Transport::Esp, 0}};
  }
  void datagram(const engine::Datagram& d, TimePoint, engine::Actions&) override {
    datagrams.push_back(d);
  }
  void link_changed(const engine::LinkChange& c, TimePoint, engine::Actions&) override {
    links.push_back(c);
  }
  std::vector<engine::Datagram> datagrams;
  std::vector<engine::LinkChange> links;
};

TEST_F(LinuxEdgesTest, PumpDeliversDatagramsAndLineProtocolTransitionsWithIosNames) {
  std::optional<net::LinkMonitor> monitor;
  {
    EnterNetns in(a);
    monitor.emplace(io.get_executor());
  }
  engine::FakeTimerService timers;
  log::Logger logger;
  engine::Host host(timers, *edges, logger);
  auto owned = std::make_unique<Recorder>();
  Recorder& seen = *owned;
  host.add(std::move(owned));
  EventPump pump(host, *edges, sockets, *rtnl, *monitor);
  const auto initial = pump.read_link_states();
  EXPECT_EQ(initial.at(kGi01), true);
  host.start();
  pump.start();
  const auto run_until = [&](const std::function<bool()>& done,
                             std::chrono::milliseconds limit = 3000ms) {
    const auto end = std::chrono::steady_clock::now() + limit;
    while (!done() && std::chrono::steady_clock::now() < end) io.run_one_for(50ms);
    return done();
  };

  std::error_code ec;
  const std::vector<std::uint8_t> hello{0, 0, 16, 3, 10, 110, 2, 0};
  hsrp_b->send(hello, ec);
  ASSERT_FALSE(ec) << ec.message();
  ike_b->send({boost::asio::ip::address_v4(kOwn), 500}, std::vector<std::uint8_t>{1, 2, 3}, ec);
  esp_b->send(v4(kOwn), std::vector<std::uint8_t>{0, 0, 0, 7, 0, 0, 0, 1}, ec);
  ASSERT_TRUE(run_until([&] { return seen.datagrams.size() >= 3; }));
  for (const engine::Datagram& d : seen.datagrams) {
    EXPECT_EQ(d.source, kPeer);
    if (d.transport == engine::Transport::Esp) {
      EXPECT_EQ(d.destination, kOwn);
      EXPECT_EQ(d.payload.size(), 8u);
    } else if (d.destination_port == 1985) {
      EXPECT_EQ(d.interface, kGi01);
      EXPECT_EQ(d.destination, 0xE0000002u);
      EXPECT_EQ(d.payload, hello);
    } else {
      EXPECT_EQ(d.destination_port, 500);
      EXPECT_EQ(d.interface, kGi01) << "ingress ifindex mapped to the IOS name";
      EXPECT_EQ(d.destination, kOwn);
    }
  }

  // An MTU change is a link event but not a line-protocol transition: nothing reported.
  spaces->ip(a, {"link", "set", "e0", "mtu", "1400"});
  run_until([] { return false; }, 500ms);
  EXPECT_TRUE(seen.links.empty());
  // The peer's end going down takes the carrier away: line protocol down, then up again.
  spaces->ip(b, {"link", "set", "e0", "down"});
  ASSERT_TRUE(run_until([&] { return !seen.links.empty(); }));
  EXPECT_EQ(seen.links[0].interface, kGi01);
  EXPECT_FALSE(seen.links[0].up);
  spaces->ip(b, {"link", "set", "e0", "up"});
  ASSERT_TRUE(run_until([&] { return seen.links.size() >= 2; }));
  EXPECT_TRUE(seen.links[1].up);
  EXPECT_EQ(seen.links.size(), 2u) << "one report per transition";
  EXPECT_EQ(pump.counters().link_changes, 2u);
}

// The Ethernet source of the first HSRP datagram (UDP to port 1985) seen on `interface`, in
// the caller's namespace: an AF_PACKET socket opened before the send, read until `limit`.
class HelloCapture {
 public:
  explicit HelloCapture(const char* interface) {
    fd_ = ::socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, htons(ETH_P_IP));
    sockaddr_ll ll{};
    ll.sll_family = AF_PACKET;
    ll.sll_protocol = htons(ETH_P_IP);
    ll.sll_ifindex = static_cast<int>(::if_nametoindex(interface));
    if (fd_ >= 0) ::bind(fd_, reinterpret_cast<sockaddr*>(&ll), sizeof ll);
  }
  ~HelloCapture() {
    if (fd_ >= 0) ::close(fd_);
  }
  std::optional<net::MacAddress> source_of_next_hello() {
    std::optional<net::MacAddress> got;
    testing::eventually([&] {
      std::uint8_t f[2048];
      ssize_t n;
      while ((n = ::recv(fd_, f, sizeof f, 0)) > 0) {
        // Ethernet 14, IPv4 without options (IHL 5), UDP destination port at 14 + 20 + 2.
        if (n >= 42 && f[23] == 17 && (f[14] & 0x0f) == 5 && (f[36] << 8 | f[37]) == 1985) {
          net::MacAddress m{};
          std::copy(f + 6, f + 12, m.begin());
          got = m;
          return true;
        }
      }
      return false;
    }, 3000ms);
    return got;
  }

 private:
  int fd_ = -1;
};

// HSRPv1 hello, group 2, state Active, priority 100, text key "cisco", VIP 6.6.156.100.
const std::vector<std::uint8_t> kActiveHelloGroup2{0, 0, 16, 3, 10, 100, 2, 0, 'c', 'i', 's', 'c',
                                                   'o', 0, 0, 0, 6, 6, 156, 100};
const net::MacAddress kVmac{0x00, 0x00, 0x0c, 0x07, 0xac, 0x02};

// Issue 6: the Active owns the virtual MAC for real. The VIP sits on a macvlan carrying
// 0000.0c07.ac02; the peer's ARP for it is answered with that MAC and never with e0's own,
// the gratuitous ARP and the Active's hellos leave from it, IKE/ESP arriving on the macvlan
// are attributed to Gi0/1, the lifetime is refreshed, and leaving Active removes it all.
TEST_F(LinuxEdgesTest, VipOnAMacvlanIsAnsweredAndAnnouncedWithTheVirtualMac) {
  EnterNetns in(a);  // sysctls and the ARP socket belong to the caller's namespace
  edges->vips().add_group({kGi01, "e0", 2, kVmac, {v4(kVip)}});
  edges->vips().probe();
  ASSERT_TRUE(edges->vips().modes().at(kGi01).macvlan) << edges->vips().modes().at(kGi01).detail;
  EXPECT_EQ(ip_a({"link", "show"}).find("hvh"), std::string::npos) << "the probe leaves nothing";
  EXPECT_EQ(net::read_interface_sysctl(net::IpFamily::V4, "e0", "arp_ignore"), "1");
  EXPECT_EQ(net::read_interface_sysctl(net::IpFamily::V4, "e0", "arp_announce"), "2");
  const auto e0_mac = rtnl->link("e0")->mac;

  std::optional<net::ArpWatch> watch_b;
  std::optional<HelloCapture> hellos_b;
  {
    EnterNetns peer(b);
    watch_b.emplace(io.get_executor(), "e0");
    hellos_b.emplace("e0");
  }
  // Standby (no VIP placed): hellos leave from the interface MAC.
  ASSERT_TRUE(edges->send({engine::Transport::Udp, kOwn, 1985, 0xE0000002, 1985, kGi01, 1,
                           kActiveHelloGroup2}).ok);
  EXPECT_EQ(hellos_b->source_of_next_hello(), e0_mac);

  auto r = edges->add_address({kGi01, kVip, 32});
  ASSERT_TRUE(r.ok) << r.error;
  const int e0 = static_cast<int>(::if_nametoindex("e0"));
  const std::string name = "hvh2." + std::to_string(e0);
  const auto macvlan = rtnl->link(name);
  ASSERT_TRUE(macvlan) << ip_a({"link", "show"});
  EXPECT_EQ(macvlan->mac, kVmac);
  EXPECT_EQ(macvlan->kind, "macvlan");
  const std::string on_macvlan = ip_a({"-4", "addr", "show", "dev", name});
  EXPECT_NE(on_macvlan.find("inet 6.6.156.100/32"), std::string::npos) << on_macvlan;
  EXPECT_NE(on_macvlan.find("valid_lft " + std::to_string(kValidSeconds) + "sec"), std::string::npos) << on_macvlan;
  EXPECT_EQ(ip_a({"-4", "addr", "show", "dev", "e0"}).find("6.6.156.100"), std::string::npos);
  EXPECT_EQ(edges->ios_name_of_ifindex(macvlan->ifindex), kGi01);

  ASSERT_TRUE(edges->gratuitous_arp({kGi01, kVip, {}}).ok);
  // The peer asks (ping: ARP, then ICMP to the VIP and back through the macvlan).
  const auto ping = testing::run({"ip", "netns", "exec", b, "ping", "-c", "1", "-W", "2", "6.6.156.100"});
  EXPECT_EQ(ping.status, 0) << ping.text;
  bool garp_seen = false;
  int replies_virtual = 0, replies_interface = 0;
  testing::eventually([&] {
    std::error_code ec;
    while (auto f = watch_b->receive(ec)) {
      if (f->sender_ip != v4(kVip)) continue;
      if (f->is_gratuitous() && f->sender_mac == kVmac && f->ethernet_source == kVmac) garp_seen = true;
      if (f->op == net::ArpOp::Reply && !f->is_gratuitous()) {
        if (f->sender_mac == kVmac) ++replies_virtual;
        if (f->sender_mac == e0_mac) ++replies_interface;
      }
    }
    return garp_seen && replies_virtual > 0;
  }, 3000ms);
  EXPECT_TRUE(garp_seen) << "gratuitous ARP from the virtual MAC";
  EXPECT_GT(replies_virtual, 0) << "the VIP answers ARP with the virtual MAC";
  EXPECT_EQ(replies_interface, 0) << "e0 must not answer for the VIP (arp_ignore)";
  const auto neigh = testing::run({"ip", "-n", b, "neigh", "show", "6.6.156.100"}).text;
  EXPECT_NE(neigh.find("00:00:0c:07:ac:02"), std::string::npos) << neigh;

  // Active: the hello leaves from the virtual MAC, and still reaches the peer's socket.
  ASSERT_TRUE(edges->send({engine::Transport::Udp, kOwn, 1985, 0xE0000002, 1985, kGi01, 1,
                           kActiveHelloGroup2}).ok);
  EXPECT_EQ(hellos_b->source_of_next_hello(), kVmac);
  const auto hello = receive([&] {
    std::error_code ec;
    std::optional<net::Ipv4> got;
    while (auto d = hsrp_b->receive(buffer, ec))
      if (d->payload.size() == kActiveHelloGroup2.size()) got = d->source.address().to_v4();
    return got;
  });
  EXPECT_EQ(hello, v4(kOwn));

  // Refreshes keep the VIP across more than its lifetime; the repeats go out meanwhile.
  TimePoint now = std::chrono::steady_clock::now();
  for (int i = 0; i < 30; ++i) {
    now += 100ms;
    for (const LogRecord& rec : edges->tick(now)) EXPECT_NE(rec.severity, Severity::Error) << rec.text;
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_NE(ip_a({"-4", "addr", "show", "dev", name}).find("6.6.156.100"), std::string::npos);

  // Leaving Active: VIP and macvlan gone, hellos from the interface MAC again.
  ASSERT_TRUE(edges->remove_address({kGi01, kVip, 32}).ok);
  EXPECT_FALSE(rtnl->link(name));
  EXPECT_EQ(ip_a({"-4", "addr", "show"}).find("6.6.156.100"), std::string::npos);
  ASSERT_TRUE(edges->send({engine::Transport::Udp, kOwn, 1985, 0xE0000002, 1985, kGi01, 1,
                           kActiveHelloGroup2}).ok);
  EXPECT_EQ(hellos_b->source_of_next_hello(), e0_mac);
}

// Where no macvlan can sit (here: a device that is a bridge port), the VIP goes on the
// interface itself with the interface MAC, still with a lifetime — and the mode says why.
TEST_F(LinuxEdgesTest, WithoutAMacvlanTheVipUsesTheInterfaceMacAndSaysSo) {
  EnterNetns in(a);
  spaces->ip(a, {"link", "add", "br9", "type", "bridge"});
  spaces->ip(a, {"link", "add", "d9", "type", "veth", "peer", "name", "d9p"});
  spaces->ip(a, {"link", "set", "d9", "master", "br9"});
  spaces->ip(a, {"link", "set", "d9", "up"});
  edges->add_binding("GigabitEthernet0/3", "d9");
  edges->vips().add_group({"GigabitEthernet0/3", "d9", 7, {0, 0, 0x0c, 0x07, 0xac, 0x07}, {v4(0x0A090964)}});
  edges->vips().probe();
  const OwnershipMode mode = edges->vips().modes().at("GigabitEthernet0/3");
  EXPECT_FALSE(mode.macvlan);
  EXPECT_NE(mode.detail.find("d9 takes no macvlan"), std::string::npos) << mode.detail;
  ASSERT_TRUE(edges->add_address({"GigabitEthernet0/3", 0x0A090964, 32}).ok);
  const std::string on_d9 = ip_a({"-4", "addr", "show", "dev", "d9"});
  EXPECT_NE(on_d9.find("inet 10.9.9.100/32"), std::string::npos) << on_d9;
  EXPECT_NE(on_d9.find("valid_lft " + std::to_string(kValidSeconds) + "sec"), std::string::npos) << on_d9;
  EXPECT_FALSE(edges->vips().owned_mac("GigabitEthernet0/3", v4(0x0A090964)));
  EXPECT_EQ(ip_a({"link", "show"}).find("hvh"), std::string::npos);
  ASSERT_TRUE(edges->remove_address({"GigabitEthernet0/3", 0x0A090964, 32}).ok);
  EXPECT_EQ(ip_a({"-4", "addr", "show", "dev", "d9"}).find("10.9.9.100"), std::string::npos);
}

// Issue 7, `kill` without power-off: a second station answering for our VIP (a dead
// Active's kernel) is met with a gratuitous ARP at once and logged as IOS does
// (%IP-4-DUPADDR); while the dead one's VIP may live, every request for the VIP is followed
// by our announcement too, at most one per kDefenceInterval.
TEST_F(LinuxEdgesTest, AnotherStationClaimingTheVipIsAnsweredWithAGratuitousArp) {
  EnterNetns in(a);
  edges->vips().add_group({kGi01, "e0", 2, kVmac, {v4(kVip)}});
  edges->vips().probe();
  TimePoint now = std::chrono::steady_clock::now();
  edges->set_clock([&] { return now; });
  ASSERT_TRUE(edges->add_address({kGi01, kVip, 32}).ok);
  ASSERT_TRUE(edges->gratuitous_arp({kGi01, kVip, {}}).ok);
  const net::MacAddress corpse{0x02, 0xde, 0xad, 0, 0, 1};
  net::ArpFrame claim = net::gratuitous_arp(v4(kVip), corpse, net::ArpOp::Reply);
  claim.op = net::ArpOp::Reply;
  claim.target_ip = v4(0x06069C01);
  auto logs = edges->arp_seen(kGi01, claim, now);
  EXPECT_EQ(edges->defences(), 1u);
  ASSERT_EQ(logs.size(), 1u);
  EXPECT_EQ(logs[0].text, "Duplicate address 6.6.156.100 on GigabitEthernet0/1, sourced by 02:de:ad:00:00:01");
  EXPECT_TRUE(edges->arp_seen(kGi01, claim, now + 10ms).empty());
  EXPECT_EQ(edges->defences(), 1u) << "rate-limited";
  // Our own MAC claiming it is us; an unrelated address is nobody's business.
  net::ArpFrame ours = net::gratuitous_arp(v4(kVip), kVmac, net::ArpOp::Reply);
  edges->arp_seen(kGi01, ours, now + 200ms);
  net::ArpFrame other = net::gratuitous_arp(v4(0x06069C05), corpse, net::ArpOp::Reply);
  edges->arp_seen(kGi01, other, now + 300ms);
  EXPECT_EQ(edges->defences(), 1u);
  // A request for the VIP: answered with an announcement while contested, not after.
  net::ArpFrame ask;
  ask.op = net::ArpOp::Request;
  ask.sender_ip = v4(0x06069C01);
  ask.sender_mac = {0x02, 0, 0, 0, 0, 9};
  ask.target_ip = v4(kVip);
  edges->arp_seen(kGi01, ask, now + 400ms);
  EXPECT_EQ(edges->defences(), 2u);
  edges->arp_seen(kGi01, ask, now + LinuxEdges::kContestedFor + 1ms);
  EXPECT_EQ(edges->defences(), 2u);
  // Claims are defended for as long as we are Active.
  edges->arp_seen(kGi01, claim, now + seconds(30));
  EXPECT_EQ(edges->defences(), 3u);
  ASSERT_TRUE(edges->remove_address({kGi01, kVip, 32}).ok);
  edges->arp_seen(kGi01, claim, now + seconds(31));
  EXPECT_EQ(edges->defences(), 3u) << "not ours any more";
}

}  // namespace
}  // namespace havpnc::router
