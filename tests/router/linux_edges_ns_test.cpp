// LinuxEdges against a real kernel: two namespaces joined by a veth ("a" is the router,
// "b" the wire's far end). The host's actions become an HSRP hello heard in b, IKE and ESP
// packets from the bound address, a stamped VIP and route that are there, then gone, and
// failures that come back as sentences instead of exceptions. Skipped unless root.
#include <gtest/gtest.h>

#include <net/if.h>

#include <boost/asio/io_context.hpp>
#include <functional>
#include <optional>

#include "runtime/engine/host.h"
#include "runtime/log/logger.h"
#include "runtime/net/cleanup.h"
#include "runtime/net/link_monitor.h"
#include "runtime/net/hsrp_socket.h"
#include "runtime/net/raw_esp_socket.h"
#include "runtime/net/rtnetlink.h"
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

}  // namespace
}  // namespace havpnc::router
