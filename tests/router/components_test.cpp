// The router's protocol components under the fake clock: two routers' HsrpComponents (with
// their embedded tracking) exchange hellos through a fake wire between their FakeEdges, so
// election, tracking decrements, preemption and resignation are checked end to end without
// a socket. Also Host::handle, the entry point for components that own an edge.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "runtime/control/show_registry.h"
#include "runtime/engine/fake_edges.h"
#include "runtime/engine/host.h"
#include "runtime/log/logger.h"
#include "runtime/router/hsrp_component.h"
#include "runtime/router/track_component.h"

namespace havpnc::router {
namespace {

const std::string kGi00 = "GigabitEthernet0/0";
const std::string kGi01 = "GigabitEthernet0/1";
constexpr engine::Ipv4 kInsideVip = 0x06069201;   // 6.6.146.1
constexpr engine::Ipv4 kOutsideVip = 0x06069C64;  // 6.6.156.100

plan::Ipv4Prefix prefix(const char* text) { return *plan::Ipv4Prefix::parse(text); }

// The seed's R10/R11 (samples/seed): groups 1 (inside) and 2 (outside), preempt, both
// tracking object 3 = Gi0/0 and Gi0/1 line protocol, decrement 30.
plan::Plan seed_plan(int host_octet) {
  const std::string h = std::to_string(host_octet);
  plan::Plan p;
  p.hostname = "R" + h;
  p.interfaces.push_back({kGi00, prefix(("6.6.146." + h + "/24").c_str()), {}, false});
  p.interfaces.push_back({kGi01, prefix(("6.6.156." + h + "/24").c_str()), {}, false});
  for (const auto& [itf, group, vip] : {std::tuple{kGi00, 1u, "6.6.146.1"},
                                        std::tuple{kGi01, 2u, "6.6.156.100"}}) {
    plan::HsrpGroup g;
    g.interface = itf;
    g.group = group;
    g.virtual_ip = plan::Ipv4::parse(vip);
    g.preempt = true;
    g.name = group == 1 ? "INSIDE" : "HSRP";
    g.tracks.push_back({3, 30, false});
    p.hsrp_groups.push_back(g);
  }
  plan::TrackObject t1{1, plan::TrackKind::InterfaceLineProtocol, kGi00, {}, 0, 0};
  plan::TrackObject t2{2, plan::TrackKind::InterfaceLineProtocol, kGi01, {}, 0, 0};
  plan::TrackObject t3{3, plan::TrackKind::ListBooleanAnd, std::nullopt, {{1, false}, {2, false}}, 0, 0};
  p.track_objects = {t1, t2, t3};
  return p;
}

struct Router {
  engine::FakeTimerService timers;
  engine::FakeEdges edges;
  log::Logger logger;
  std::shared_ptr<log::MemorySink> log = std::make_shared<log::MemorySink>();
  engine::Host host{timers, edges, logger};
  control::ShowRegistry shows;
  HsrpComponent* hsrp = nullptr;
  std::size_t wired = 0;  // edges.calls already put on the wire

  Router(const plan::Plan& plan, LinkStates links) {
    logger.add_sink(log);
    auto c = std::make_unique<HsrpComponent>(plan, std::move(links), InterfaceMacs{},
                                             [this] { return timers.now(); });
    hsrp = c.get();
    host.add(std::move(c)).register_show(shows);
  }
  bool holds(engine::Ipv4 vip) const {
    return std::any_of(edges.addresses.begin(), edges.addresses.end(),
                       [&](const engine::InterfaceAddress& a) { return a.address == vip; });
  }
  hsrp::State state(std::size_t group) const { return hsrp->group(group).state(); }
  bool logged(const std::string& text) const {
    const auto lines = log->lines();
    return std::any_of(lines.begin(), lines.end(),
                       [&](const std::string& l) { return l.find(text) != std::string::npos; });
  }
};

const LinkStates kAllUp{{kGi00, true}, {kGi01, true}};

// Hellos one router sent are heard by the other on the same (IOS-named) segment.
void carry(Router& from, Router& to) {
  for (; from.wired < from.edges.calls.size(); ++from.wired) {
    const auto* send = std::get_if<engine::SendDatagram>(&from.edges.calls[from.wired]);
    if (send == nullptr || send->destination_port != hsrp::kUdpPort) continue;
    EXPECT_EQ(send->ttl, 1) << "RFC 2281 §5.1: HSRP is sent with TTL 1";
    to.host.deliver({engine::Transport::Udp, send->source, send->source_port, send->destination,
                     send->destination_port, send->interface, send->payload});
  }
}

// Both clocks move together in 10 ms steps, the wire carried after each step.
void run_for(Router& a, Router& b, Duration span) {
  const TimePoint end = a.timers.now() + span;
  while (a.timers.now() < end) {
    a.timers.advance(milliseconds(10));
    b.timers.advance(milliseconds(10));
    carry(a, b);
    carry(b, a);
  }
}

void start(Router& a, Router& b) {
  a.host.start();
  b.host.start();
  carry(a, b);
  carry(b, a);
}

TEST(HsrpComponent, EqualPrioritiesElectTheHigherAddressWhichHoldsBothVips) {
  Router r10(seed_plan(10), kAllUp), r11(seed_plan(11), kAllUp);
  start(r10, r11);
  // RFC 2281 §5.4: Listen for a hold time (Active timer), Speak for another (Standby timer).
  run_for(r10, r11, seconds(35));
  for (std::size_t g : {0u, 1u}) {
    EXPECT_EQ(r11.state(g), hsrp::State::Active) << "group " << g;
    EXPECT_EQ(r10.state(g), hsrp::State::Standby) << "group " << g;
  }
  EXPECT_TRUE(r11.holds(kInsideVip));
  EXPECT_TRUE(r11.holds(kOutsideVip));
  EXPECT_FALSE(r10.holds(kInsideVip));
  EXPECT_FALSE(r10.holds(kOutsideVip));
  EXPECT_TRUE(r11.logged("%HSRP-5-STATECHANGE: GigabitEthernet0/1 Grp 2 state Standby -> Active"));
  const bool announced = std::any_of(r11.edges.calls.begin(), r11.edges.calls.end(), [](const auto& c) {
    const auto* arp = std::get_if<engine::SendGratuitousArp>(&c);
    return arp && arp->address == kOutsideVip && arp->interface == kGi01;
  });
  EXPECT_TRUE(announced) << "RFC 2281 §5.6 action I: gratuitous ARP on becoming Active";
  // The VIP is a /32 on the group's interface (the subnet route comes from the real address).
  const engine::InterfaceAddress vip{kGi01, kOutsideVip, 32};
  EXPECT_NE(std::find(r11.edges.addresses.begin(), r11.edges.addresses.end(), vip),
            r11.edges.addresses.end());
}

TEST(HsrpComponent, TrackedInterfaceDownLowersPriorityAndThePreemptingPeerTakesOver) {
  Router r10(seed_plan(10), kAllUp), r11(seed_plan(11), kAllUp);
  start(r10, r11);
  run_for(r10, r11, seconds(35));
  ASSERT_EQ(r11.state(1), hsrp::State::Active);

  // R11's inside link fails: object 1 down -> list 3 down -> priority 100 - 30 = 70 on both
  // groups; group 1 itself stops (its interface is down).
  const std::size_t before = r11.edges.calls.size();
  r11.host.link_changed({kGi00, false});
  for (std::size_t i = before; i < r11.edges.calls.size(); ++i) {
    const auto* send = std::get_if<engine::SendDatagram>(&r11.edges.calls[i]);
    EXPECT_FALSE(send && send->interface == kGi00) << "nothing is sent on a line that is down";
  }
  EXPECT_EQ(r11.hsrp->group(1).priority(), 70);
  EXPECT_EQ(r11.state(0), hsrp::State::Initial);
  EXPECT_FALSE(r11.holds(kInsideVip));
  carry(r11, r10);
  // R10 (100, preempt) hears the lower priority at once and coups (RFC 2281 §5.6).
  EXPECT_EQ(r10.state(1), hsrp::State::Active);
  run_for(r10, r11, seconds(12));
  EXPECT_EQ(r10.state(0), hsrp::State::Active);
  EXPECT_EQ(r10.state(1), hsrp::State::Active);
  EXPECT_EQ(r11.state(1), hsrp::State::Standby);
  EXPECT_TRUE(r10.holds(kInsideVip));
  EXPECT_TRUE(r10.holds(kOutsideVip));
  EXPECT_FALSE(r11.holds(kOutsideVip));
  EXPECT_TRUE(r11.logged("%TRACK-6-STATE"));

  const auto brief = r11.shows.execute("sh standby br", control::Format::Text);
  ASSERT_TRUE(brief.ok) << brief.body;
  EXPECT_NE(brief.body.find("Gi0/1"), std::string::npos) << brief.body;
  EXPECT_NE(brief.body.find("Standby"), std::string::npos) << brief.body;
  const auto json = r11.shows.execute("show standby brief", control::Format::Json);
  ASSERT_TRUE(json.ok);
  EXPECT_NE(json.body.find("Standby"), std::string::npos) << json.body;
  const auto track = r11.shows.execute("show track", control::Format::Text);
  ASSERT_TRUE(track.ok);
  EXPECT_NE(track.body.find("Track 3"), std::string::npos) << track.body;

  // The link returns: priority back to 100. Preempt needs a strictly higher priority than
  // the Active's (RFC 2281 §5.5 event h/P; the address only breaks ties in elections), so R10
  // keeps both roles, as IOS leaves them.
  r11.host.link_changed({kGi00, true});
  EXPECT_EQ(r11.hsrp->group(1).priority(), 100);
  run_for(r10, r11, seconds(35));
  EXPECT_EQ(r10.state(1), hsrp::State::Active);
  EXPECT_EQ(r11.state(1), hsrp::State::Standby);
  EXPECT_EQ(r11.state(0), hsrp::State::Standby);
  EXPECT_TRUE(r10.holds(kOutsideVip));
  EXPECT_FALSE(r11.holds(kOutsideVip));
}

TEST(HsrpComponent, ActiveThatStopsResignsAndThePeerTakesOverWithoutWaitingForHold) {
  Router r10(seed_plan(10), kAllUp), r11(seed_plan(11), kAllUp);
  start(r10, r11);
  run_for(r10, r11, seconds(35));
  ASSERT_TRUE(r11.holds(kOutsideVip));
  r11.host.stop();
  EXPECT_FALSE(r11.holds(kOutsideVip));
  EXPECT_FALSE(r11.holds(kInsideVip));
  EXPECT_TRUE(r11.host.added_addresses().empty());
  carry(r11, r10);
  EXPECT_EQ(r10.state(0), hsrp::State::Active);
  EXPECT_EQ(r10.state(1), hsrp::State::Active);
  EXPECT_TRUE(r10.holds(kOutsideVip));
}

TEST(HsrpComponent, SilentActiveIsReplacedAfterTheHoldTime) {
  Router r10(seed_plan(10), kAllUp), r11(seed_plan(11), kAllUp);
  start(r10, r11);
  run_for(r10, r11, seconds(35));
  ASSERT_EQ(r10.state(1), hsrp::State::Standby);
  // R11 dies without a word (SIGKILL): only R10's clock goes on.
  const TimePoint died = r10.timers.now();
  while (r10.state(1) != hsrp::State::Active && r10.timers.now() - died < seconds(20))
    r10.timers.advance(milliseconds(10));
  EXPECT_EQ(r10.state(1), hsrp::State::Active);
  EXPECT_LE(r10.timers.now() - died, seconds(10)) << "within the hold time";
  EXPECT_TRUE(r10.holds(kOutsideVip));
}

TEST(HsrpComponent, SecondaryVipsFollowThePrimary) {
  plan::Plan p10 = seed_plan(10), p11 = seed_plan(11);
  constexpr engine::Ipv4 kSecondary = 0x06069C65;  // 6.6.156.101
  for (plan::Plan* p : {&p10, &p11})
    p->hsrp_groups[1].secondary_virtual_ips = {*plan::Ipv4::parse("6.6.156.101")};
  Router r10(p10, kAllUp), r11(p11, kAllUp);
  start(r10, r11);
  run_for(r10, r11, seconds(35));
  ASSERT_EQ(r11.state(1), hsrp::State::Active);
  EXPECT_TRUE(r11.holds(kOutsideVip));
  EXPECT_TRUE(r11.holds(kSecondary));
  EXPECT_FALSE(r10.holds(kSecondary));
  const bool announced = std::any_of(r11.edges.calls.begin(), r11.edges.calls.end(), [&](const auto& c) {
    const auto* arp = std::get_if<engine::SendGratuitousArp>(&c);
    return arp && arp->address == kSecondary;
  });
  EXPECT_TRUE(announced);
  r11.host.link_changed({kGi01, false});
  EXPECT_FALSE(r11.holds(kOutsideVip));
  EXPECT_FALSE(r11.holds(kSecondary));
  carry(r11, r10);
  run_for(r10, r11, seconds(12));  // no Resign on a dead line: R10 waits out the hold time
  EXPECT_TRUE(r10.holds(kOutsideVip));
  EXPECT_TRUE(r10.holds(kSecondary));
}

TEST(HsrpComponent, StartsWithTheLinkStateReadAtStart) {
  // Gi0/1 is down when the router starts: object 2 and 3 stay down, group 2 does not run,
  // and group 1 runs with priority 70.
  Router r10(seed_plan(10), {{kGi00, true}, {kGi01, false}});
  r10.host.start();
  EXPECT_EQ(r10.state(1), hsrp::State::Initial);
  EXPECT_NE(r10.state(0), hsrp::State::Initial);
  EXPECT_EQ(r10.hsrp->group(0).priority(), 70);
  r10.host.link_changed({kGi01, true});
  EXPECT_EQ(r10.hsrp->group(0).priority(), 100);
  EXPECT_NE(r10.state(1), hsrp::State::Initial);
}

TEST(HsrpComponent, TrackShutdownDisablesTheGroupWhileTheObjectIsDown) {
  plan::Plan p = seed_plan(10);
  p.hsrp_groups[1].tracks = {{1, 10, true}};  // `standby 2 track 1 shutdown`
  Router r10(p, kAllUp);
  r10.host.start();
  EXPECT_NE(r10.state(1), hsrp::State::Initial);
  r10.host.link_changed({kGi00, false});
  EXPECT_EQ(r10.state(1), hsrp::State::Initial);
  r10.host.link_changed({kGi00, true});
  EXPECT_NE(r10.state(1), hsrp::State::Initial);
}

TEST(HsrpComponent, RefusesAGroupOnAnInterfaceWithoutAddress) {
  plan::Plan p = seed_plan(10);
  p.interfaces[1].address.reset();
  try {
    HsrpComponent c(p, kAllUp, {}, [] { return TimePoint{}; });
    FAIL() << "accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("HSRP group 2 on GigabitEthernet0/1: the interface has "
                                         "no IPv4 address"),
              std::string::npos)
        << e.what();
  }
}

TEST(TrackComponent, StandaloneReportsTheInitialStateAndRegistersShowTrack) {
  plan::Plan p = seed_plan(10);
  p.hsrp_groups.clear();
  p.track_objects[0].delay_down_seconds = 5;
  engine::FakeTimerService timers;
  engine::FakeEdges edges;
  log::Logger logger;
  engine::Host host(timers, edges, logger);
  auto owned = std::make_unique<TrackComponent>(p, kAllUp, [&] { return timers.now(); });
  TrackComponent& track = *owned;
  control::ShowRegistry shows;
  host.add(std::move(owned)).register_show(shows);
  host.start();
  EXPECT_EQ(track.tracker().state(3), track::TrackState::Up);
  host.link_changed({kGi00, false});
  EXPECT_EQ(track.tracker().state(1), track::TrackState::Up) << "delay down 5 s";
  timers.advance(seconds(5));
  EXPECT_EQ(track.tracker().state(1), track::TrackState::Down);
  EXPECT_EQ(track.tracker().state(3), track::TrackState::Down);
  const auto json = shows.execute("show track", control::Format::Json);
  ASSERT_TRUE(json.ok) << json.body;
}

TEST(TrackComponent, IpRoutingObjectsFollowTheLineProtocol) {
  plan::Plan p = seed_plan(10);
  p.track_objects[0].kind = plan::TrackKind::InterfaceIpRouting;
  const auto configs = track_configs(p);
  ASSERT_TRUE(std::holds_alternative<track::InterfaceLineProtocol>(configs[0].kind));
  EXPECT_EQ(std::get<track::InterfaceLineProtocol>(configs[0].kind).interface, kGi00);
}

// A component that owns an edge of its own hands its events in through Host::handle.
class OwnEdge final : public engine::Component {
 public:
  std::string_view name() const override { return "own-edge"; }
};

TEST(HostHandle, RunsTheEventAndCarriesOutItsActionsUnderTheGuard) {
  engine::FakeTimerService timers;
  engine::FakeEdges edges;
  log::Logger logger;
  auto sink = std::make_shared<log::MemorySink>();
  logger.add_sink(sink);
  engine::Host host(timers, edges, logger);
  auto owned = std::make_unique<OwnEdge>();
  OwnEdge& c = *owned;
  host.add(std::move(owned));
  OwnEdge stranger;
  EXPECT_THROW(host.handle(stranger, [](TimePoint, engine::Actions&) {}), std::invalid_argument);

  int calls = 0;
  host.handle(c, [&](TimePoint, engine::Actions&) { ++calls; });
  EXPECT_EQ(calls, 0) << "not running before start()";
  host.start();
  host.handle(c, [&](TimePoint now, engine::Actions& out) {
    ++calls;
    out.emplace_back(engine::AddAddress{{kGi01, kOutsideVip, 32}});
    out.emplace_back(engine::ArmTimer{7, now + seconds(1)});
    throw std::runtime_error("tun read failed");
  });
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(host.counters().component_failures, 1u);
  EXPECT_EQ(edges.addresses.size(), 1u) << "actions decided before the throw are carried out";
  EXPECT_EQ(timers.pending(), 1u);
  EXPECT_EQ(host.added_addresses().size(), 1u);
  host.stop();
  EXPECT_TRUE(edges.addresses.empty());
}

// Issue 6: `show standby` and the start log say whose MAC the VIP really answers with, per
// interface as the router probed it: owned through a macvlan, or the interface MAC and why.
TEST(HsrpComponentShow, SaysWhetherTheVirtualMacIsOwned) {
  engine::FakeTimerService timers;
  engine::FakeEdges edges;
  log::Logger logger;
  auto log = std::make_shared<log::MemorySink>();
  logger.add_sink(log);
  engine::Host host{timers, edges, logger};
  control::ShowRegistry shows;
  const InterfaceMacs macs{{kGi00, hsrp::MacAddress{{0x02, 0, 0, 0, 0, 0x0a}}}};
  VirtualMacModes modes{{kGi01, {true, "a macvlan on Gi0-1"}},
                        {kGi00, {false, "Gi0-0 takes no macvlan: device or resource busy"}}};
  host.add(std::make_unique<HsrpComponent>(seed_plan(10), LinkStates{{kGi00, true}, {kGi01, true}}, macs,
                                           [&] { return timers.now(); }, modes))
      .register_show(shows);
  host.start();
  const auto text = shows.execute("show standby", control::Format::Text);
  ASSERT_TRUE(text.ok);
  EXPECT_NE(text.body.find("Virtual mac address is 0000.0c07.ac02, owned: while Active a macvlan carries it"),
            std::string::npos) << text.body;
  EXPECT_NE(text.body.find("Virtual mac address is 0000.0c07.ac01, not owned: frames and ARP replies carry the "
                           "interface MAC 0200.0000.000a (Gi0-0 takes no macvlan: device or resource busy)"),
            std::string::npos) << text.body;
  const auto json = nlohmann::json::parse(shows.execute("show standby", control::Format::Json).body);
  ASSERT_EQ(json.size(), 2u);
  EXPECT_EQ(json[0]["virtual_mac_owned"], false);  // group 1 on Gi0/0
  EXPECT_EQ(json[1]["virtual_mac_owned"], true);   // group 2 on Gi0/1
  const auto lines = log->lines();
  EXPECT_TRUE(std::any_of(lines.begin(), lines.end(), [](const std::string& l) {
    return l.find("%HSRP-6-VIRTUAL_MAC: GigabitEthernet0/1 Grp 2 Virtual mac address is 0000.0c07.ac02, owned") !=
           std::string::npos;
  }));
}

}  // namespace
}  // namespace havpnc::router
