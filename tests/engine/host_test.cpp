// The host with FakeEdges and the fake clock: dispatch by subscription, timers per
// component, edge failures, a throwing component, and withdrawal of exactly what was added.
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <stdexcept>

#include "runtime/engine/fake_edges.h"
#include "runtime/engine/host.h"
#include "runtime/log/logger.h"

namespace havpnc::engine {
namespace {

const TimePoint t0{};
constexpr Ipv4 kAddr = 0x06069C64;  // 6.6.156.100

// A component whose reactions are set per test.
class Scripted final : public Component {
 public:
  explicit Scripted(std::string name, std::vector<Subscription> subs = {})
      : name_(std::move(name)), subs_(std::move(subs)) {}
  std::string_view name() const override { return name_; }
  std::vector<Subscription> subscriptions() const override { return subs_; }
  void start(TimePoint now, Actions& out) override {
    if (on_start) on_start(now, out);
  }
  void datagram(const Datagram& d, TimePoint now, Actions& out) override {
    received.push_back(d);
    if (on_datagram) on_datagram(d, now, out);
  }
  void timer(TimerKey key, TimePoint now, Actions& out) override {
    timers.emplace_back(key, now);
    if (on_timer) on_timer(key, now, out);
  }
  void link_changed(const LinkChange& c, TimePoint, Actions&) override { links.push_back(c); }
  void stop(TimePoint now, Actions& out) override {
    if (on_stop) on_stop(now, out);
  }

  std::function<void(TimePoint, Actions&)> on_start, on_stop;
  std::function<void(const Datagram&, TimePoint, Actions&)> on_datagram;
  std::function<void(TimerKey, TimePoint, Actions&)> on_timer;
  std::vector<Datagram> received;
  std::vector<std::pair<TimerKey, TimePoint>> timers;
  std::vector<LinkChange> links;

 private:
  std::string name_;
  std::vector<Subscription> subs_;
};

struct Fixture : ::testing::Test {
  FakeTimerService clock{t0};
  FakeEdges edges;
  log::Logger logger{[] { return log::WallTime{}; }};
  std::shared_ptr<log::MemorySink> sink = std::make_shared<log::MemorySink>();
  Host host{clock, edges, logger};

  Fixture() { logger.add_sink(sink); }

  Scripted& add(std::string name, std::vector<Subscription> subs = {}) {
    return static_cast<Scripted&>(host.add(std::make_unique<Scripted>(std::move(name), subs)));
  }
};

Datagram udp(std::uint16_t port) {
  Datagram d;
  d.transport = Transport::Udp;
  d.destination_port = port;
  d.interface = "GigabitEthernet0/1";
  d.payload = {1, 2, 3};
  return d;
}

TEST_F(Fixture, DatagramsGoToSubscribersOnly) {
  auto& ike = add("ike", {{Transport::Udp, 500}, {Transport::Udp, 4500}});
  auto& hsrp = add("hsrp", {{Transport::Udp, 1985}});
  auto& esp = add("esp", {{Transport::Esp, 0}});
  host.start();
  host.deliver(udp(500));
  host.deliver(udp(4500));
  host.deliver(udp(1985));
  Datagram e = udp(0);
  e.transport = Transport::Esp;
  host.deliver(e);
  host.deliver(udp(53));
  EXPECT_EQ(ike.received.size(), 2u);
  EXPECT_EQ(hsrp.received.size(), 1u);
  EXPECT_EQ(esp.received.size(), 1u);
  EXPECT_EQ(host.counters().datagrams_delivered, 4u);
  EXPECT_EQ(host.counters().datagrams_unclaimed, 1u);
}

TEST_F(Fixture, EventsBeforeStartAreIgnored) {
  auto& c = add("hsrp", {{Transport::Udp, 1985}});
  host.deliver(udp(1985));
  host.link_changed({"GigabitEthernet0/1", true});
  EXPECT_TRUE(c.received.empty());
  EXPECT_TRUE(c.links.empty());
}

TEST_F(Fixture, TimerKeysOfDifferentComponentsStayApart) {
  auto& a = add("a");
  auto& b = add("b");
  a.on_start = [](TimePoint now, Actions& out) { out.emplace_back(ArmTimer{1, now + seconds(3)}); };
  b.on_start = [](TimePoint now, Actions& out) { out.emplace_back(ArmTimer{1, now + seconds(1)}); };
  host.start();
  EXPECT_EQ(clock.pending(), 2u);
  clock.advance(seconds(2));
  ASSERT_EQ(b.timers.size(), 1u);
  EXPECT_TRUE(a.timers.empty());
  EXPECT_EQ(b.timers[0], std::make_pair(TimerKey{1}, t0 + seconds(1)));
  clock.advance(seconds(2));
  ASSERT_EQ(a.timers.size(), 1u);
  EXPECT_EQ(a.timers[0].second, t0 + seconds(3));
  EXPECT_EQ(host.counters().timers_fired, 2u);
}

TEST_F(Fixture, CancelledTimerDoesNotFire) {
  auto& a = add("a");
  a.on_start = [](TimePoint now, Actions& out) {
    out.emplace_back(ArmTimer{4, now + seconds(1)});
    out.emplace_back(CancelTimer{4});
  };
  host.start();
  clock.advance(seconds(5));
  EXPECT_TRUE(a.timers.empty());
}

TEST_F(Fixture, ActionsBecomeEdgeCallsInOrderAndLogsAreStamped) {
  auto& a = add("hsrp");
  a.on_start = [](TimePoint, Actions& out) {
    out.emplace_back(AddAddress{{"GigabitEthernet0/1", kAddr, 32}});
    out.emplace_back(SendGratuitousArp{"GigabitEthernet0/1", kAddr, {0, 0, 0x0c, 7, 0xac, 2}});
    out.emplace_back(LogRecord{"HSRP", Severity::Notice, "STATECHANGE",
                               "GigabitEthernet0/1 Grp 2 state Standby -> Active"});
  };
  host.start();
  ASSERT_EQ(edges.calls.size(), 2u);
  EXPECT_TRUE(std::holds_alternative<AddAddress>(edges.calls[0]));
  EXPECT_TRUE(std::holds_alternative<SendGratuitousArp>(edges.calls[1]));
  ASSERT_EQ(sink->lines().size(), 1u);
  EXPECT_EQ(sink->lines()[0],
            "*Jan  1 00:00:00.000: %HSRP-5-STATECHANGE: GigabitEthernet0/1 Grp 2 state Standby -> "
            "Active");
}

TEST_F(Fixture, StopWithdrawsOnlyWhatTheHostAddedNewestFirst) {
  const InterfaceAddress preexisting{"GigabitEthernet0/1", 0x06069C0A, 24};  // 6.6.156.10/24
  edges.addresses.push_back(preexisting);
  auto& a = add("hsrp");
  const InterfaceAddress vip{"GigabitEthernet0/1", kAddr, 32};
  const InterfaceAddress vip2{"GigabitEthernet0/0", 0x06069201, 32};
  const Route route{0x06020000, 24, "GigabitEthernet0/1", 0x06061901};
  a.on_start = [&](TimePoint, Actions& out) {
    out.emplace_back(AddAddress{preexisting});  // already there: not ours
    out.emplace_back(AddAddress{vip});
    out.emplace_back(AddAddress{vip2});
    out.emplace_back(AddRoute{route});
  };
  bool stop_ran_before_withdraw = false;
  a.on_stop = [&](TimePoint, Actions& out) {
    stop_ran_before_withdraw = edges.routes.size() == 1;
    out.emplace_back(LogRecord{"HSRP", Severity::Notice, "STATECHANGE", "resign"});
  };
  host.start();
  EXPECT_EQ(host.added_addresses().size(), 2u);
  edges.calls.clear();
  host.stop();
  EXPECT_TRUE(stop_ran_before_withdraw);
  ASSERT_EQ(edges.calls.size(), 3u);
  EXPECT_EQ(std::get<RemoveRoute>(edges.calls[0]).route, route);
  EXPECT_EQ(std::get<RemoveAddress>(edges.calls[1]).address, vip2);
  EXPECT_EQ(std::get<RemoveAddress>(edges.calls[2]).address, vip);
  EXPECT_EQ(edges.addresses, std::vector<InterfaceAddress>{preexisting});
  EXPECT_TRUE(edges.routes.empty());
  host.stop();  // idempotent
  EXPECT_EQ(edges.calls.size(), 3u);
}

TEST_F(Fixture, RemovedAddressIsNotWithdrawnAgain) {
  auto& a = add("hsrp");
  const InterfaceAddress vip{"GigabitEthernet0/1", kAddr, 32};
  a.on_start = [&](TimePoint now, Actions& out) {
    out.emplace_back(AddAddress{vip});
    out.emplace_back(ArmTimer{1, now + seconds(1)});
  };
  a.on_timer = [&](TimerKey, TimePoint, Actions& out) { out.emplace_back(RemoveAddress{vip}); };
  host.start();
  clock.advance(seconds(1));
  EXPECT_TRUE(host.added_addresses().empty());
  edges.calls.clear();
  host.stop();
  EXPECT_TRUE(edges.calls.empty());
}

TEST_F(Fixture, TimersDoNotFireAfterStop) {
  auto& a = add("a");
  a.on_start = [](TimePoint now, Actions& out) { out.emplace_back(ArmTimer{1, now + seconds(1)}); };
  host.start();
  host.stop();
  clock.advance(seconds(5));
  EXPECT_TRUE(a.timers.empty());
  EXPECT_EQ(host.counters().stale_timers, 1u);
}

TEST_F(Fixture, EdgeFailureIsLoggedAndNotRecordedAsAdded) {
  auto& a = add("hsrp");
  edges.fail_next(FakeEdges::Op::AddAddress, "File exists");
  a.on_start = [](TimePoint, Actions& out) {
    out.emplace_back(AddAddress{{"GigabitEthernet0/1", kAddr, 32}});
    out.emplace_back(SendDatagram{});
  };
  host.start();
  EXPECT_TRUE(host.added_addresses().empty());
  EXPECT_EQ(host.counters().edge_failures, 1u);
  ASSERT_EQ(sink->lines().size(), 1u);
  EXPECT_NE(sink->lines()[0].find("%HAVPNC-3-EDGE_FAILED: hsrp: add address 6.6.156.100/32 on "
                                  "GigabitEthernet0/1: File exists"),
            std::string::npos)
      << sink->lines()[0];
  EXPECT_EQ(edges.calls.size(), 2u);  // the send after the failure still happened
}

TEST_F(Fixture, ThrowingComponentIsLoggedAndOthersCarryOn) {
  auto& bad = add("bad", {{Transport::Udp, 500}});
  auto& good = add("good", {{Transport::Udp, 500}});
  bad.on_datagram = [](const Datagram&, TimePoint, Actions& out) {
    out.emplace_back(SendDatagram{});
    throw std::runtime_error("boom");
  };
  host.start();
  host.deliver(udp(500));
  EXPECT_EQ(good.received.size(), 1u);
  EXPECT_EQ(host.counters().component_failures, 1u);
  EXPECT_EQ(edges.calls.size(), 1u);  // decided before the throw
  ASSERT_EQ(sink->lines().size(), 1u);
  EXPECT_NE(sink->lines()[0].find("%HAVPNC-2-COMPONENT_FAILED: bad failed handling a datagram: boom"),
            std::string::npos);
}

TEST_F(Fixture, LinkChangesReachEveryComponent) {
  auto& a = add("a");
  auto& b = add("b");
  host.start();
  host.link_changed({"GigabitEthernet0/1", false});
  ASSERT_EQ(a.links.size(), 1u);
  ASSERT_EQ(b.links.size(), 1u);
  EXPECT_FALSE(b.links[0].up);
}

}  // namespace
}  // namespace havpnc::engine
