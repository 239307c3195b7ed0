// The seed's R10 and R11 (group 2, VIP 6.6.156.100) as two state machines on a fake LAN with
// one fake clock: every packet one sends, the other receives; timers fire in deadline order.
#include <gtest/gtest.h>

#include <chrono>
#include <deque>
#include <memory>

#include "runtime/hsrp/show.h"
#include "tests/hsrp/harness.h"

namespace havpnc::hsrp {
namespace {

using test::Harness;
using test::ip;
using test::seed_config;

constexpr Ipv4 kR10 = ip(6, 6, 156, 10);
constexpr Ipv4 kR11 = ip(6, 6, 156, 11);

class Lan {
 public:
  struct Node {
    std::unique_ptr<Harness> h;
    bool connected = true;  // false: its frames are lost and it hears nothing (a crash)
    std::optional<TimePoint> became_active;
  };

  Node& add(GroupConfig config) {
    nodes_.push_back(Node{std::make_unique<Harness>(std::move(config)), true, std::nullopt});
    return nodes_.back();
  }

  void up(Node& n) { deliver(n, n.h->up()); }
  void down(Node& n) { deliver(n, n.h->down()); }

  // Runs every connected node's timers, in global deadline order, until `until`.
  void run_until(TimePoint until) {
    while (true) {
      Node* next = nullptr;
      Timer which{};
      TimePoint when = TimePoint::max();
      for (auto& n : nodes_) {
        if (!n.connected) continue;
        for (const auto& [t, d] : n.h->timers) {
          if (d < when) {
            when = d;
            which = t;
            next = &n;
          }
        }
      }
      if (next == nullptr || when > until) break;
      set_clock(when);
      next->h->timers.erase(which);
      deliver(*next, next->h->absorb(next->h->group.timer_expired(which, when)));
    }
    set_clock(until);
  }

  int count(State s) const {
    int k = 0;
    for (const auto& n : nodes_) k += n.h->group.state() == s;
    return k;
  }

  std::deque<Node> nodes_;
  TimePoint now{};

 private:
  void set_clock(TimePoint t) {
    now = t;
    for (auto& n : nodes_) n.h->now = t;
  }

  // Zero-latency multicast: a packet reaches every other connected node at once; their
  // answers are delivered in turn (breadth first, as frames on a wire).
  void deliver(Node& from, const std::vector<Action>& actions) {
    std::deque<std::pair<Node*, std::vector<Action>>> queue{{&from, actions}};
    while (!queue.empty()) {
      auto [sender, acts] = queue.front();
      queue.pop_front();
      note_active(*sender);
      if (!sender->connected) continue;
      for (const auto& s : test::all_of_type<SendPacket>(acts)) {
        for (auto& n : nodes_) {
          if (&n == sender || !n.connected) continue;
          queue.emplace_back(&n, n.h->receive(s.payload, sender->h->group.config().own_ip));
        }
      }
    }
  }

  void note_active(Node& n) {
    if (n.h->group.state() == State::Active && !n.became_active) n.became_active = now;
    if (n.h->group.state() != State::Active) n.became_active.reset();
  }
};

GroupConfig router(Ipv4 own) {
  auto c = seed_config(own);
  c.preempt = true;  // the seed: both routers `standby 2 preempt`, both priority 100
  return c;
}

int vip_owners(const Lan& lan) {
  int owners = 0;
  for (const auto& n : lan.nodes_) {
    int balance = 0;
    for (const auto& a : n.h->history) {
      balance += std::holds_alternative<AddVirtualIp>(a);
      balance -= std::holds_alternative<RemoveVirtualIp>(a);
    }
    EXPECT_TRUE(balance == 0 || balance == 1);
    owners += balance;
  }
  return owners;
}

TEST(HsrpTwoRouters, ExactlyOneActiveAfterSimultaneousStart) {
  Lan lan;
  auto& r10 = lan.add(router(kR10));
  auto& r11 = lan.add(router(kR11));
  lan.up(r10);
  lan.up(r11);
  lan.run_until(TimePoint{} + seconds(60));
  EXPECT_EQ(lan.count(State::Active), 1);
  EXPECT_EQ(lan.count(State::Standby), 1);
  EXPECT_EQ(vip_owners(lan), 1);
  // Started together with equal priority, the higher address wins the election (§5.1).
  EXPECT_EQ(r11.h->group.state(), State::Active);
}

TEST(HsrpTwoRouters, SeedShowStandbyBriefAfterR10StartsFirst) {
  Lan lan;
  auto& r10 = lan.add(router(kR10));
  auto& r11 = lan.add(router(kR11));
  lan.up(r10);
  lan.run_until(TimePoint{} + seconds(30));
  lan.up(r11);
  lan.run_until(TimePoint{} + seconds(90));
  // Equal priorities: R11's preempt and higher address do not take the role (seed output).
  ASSERT_EQ(r10.h->group.state(), State::Active);
  ASSERT_EQ(r11.h->group.state(), State::Standby);
  const auto snap = r10.h->group.snapshot(lan.now);
  EXPECT_EQ(show_standby_brief(std::span(&snap, 1)),
            "                     P indicates configured to preempt.\n"
            "                     |\n"
            "Interface   Grp  Pri P State   Active          Standby         Virtual IP\n"
            "Gi0/1       2    100 P Active  local           6.6.156.11      6.6.156.100\n");
}

TEST(HsrpTwoRouters, StandbyTakesOverWithinHoldTimeWhenActiveGoesSilent) {
  Lan lan;
  auto& r10 = lan.add(router(kR10));
  auto& r11 = lan.add(router(kR11));
  lan.up(r10);
  lan.run_until(TimePoint{} + seconds(30));
  lan.up(r11);
  lan.run_until(TimePoint{} + seconds(90));
  ASSERT_EQ(r10.h->group.state(), State::Active);

  // R10 crashes: no Resign, its frames stop.
  const TimePoint crash = lan.now;
  r10.connected = false;
  lan.run_until(crash + seconds(30));
  ASSERT_EQ(r11.h->group.state(), State::Active);
  ASSERT_TRUE(r11.became_active);
  const auto takeover = *r11.became_active - crash;
  // Detection is the hold time after R10's last Hello, which was at most one hello time
  // before the crash: 7 s < takeover <= 10 s with the default 3 s / 10 s.
  EXPECT_LE(takeover, seconds(10));
  EXPECT_GT(takeover, seconds(7));
  ::testing::Test::RecordProperty(
      "takeover_ms",
      static_cast<int>(std::chrono::duration_cast<milliseconds>(takeover).count()));

  // R10 returns: with equal priority it must not take the role back.
  r10.connected = true;
  r10.h->history.clear();
  lan.down(r10);
  lan.up(r10);
  lan.run_until(lan.now + seconds(60));
  EXPECT_EQ(r11.h->group.state(), State::Active);
  EXPECT_EQ(r10.h->group.state(), State::Standby);
}

TEST(HsrpTwoRouters, ResignOnShutdownHandsOverImmediately) {
  Lan lan;
  auto& r10 = lan.add(router(kR10));
  auto& r11 = lan.add(router(kR11));
  lan.up(r10);
  lan.run_until(TimePoint{} + seconds(30));
  lan.up(r11);
  lan.run_until(TimePoint{} + seconds(90));
  const TimePoint shutdown = lan.now;
  lan.down(r10);
  EXPECT_EQ(r11.h->group.state(), State::Active);
  EXPECT_EQ(*r11.became_active, shutdown);
  EXPECT_EQ(vip_owners(lan), 1);
}

TEST(HsrpTwoRouters, SubSecondTimersFailOverWithinHoldTime) {
  auto c10 = router(kR10);
  auto c11 = router(kR11);
  for (auto* c : {&c10, &c11}) {
    c->version = Version::V2;
    c->hello_time = milliseconds(200);
    c->hold_time = milliseconds(750);
  }
  Lan lan;
  auto& r10 = lan.add(c10);
  auto& r11 = lan.add(c11);
  lan.up(r10);
  lan.run_until(TimePoint{} + seconds(5));
  lan.up(r11);
  lan.run_until(TimePoint{} + seconds(10));
  ASSERT_EQ(r10.h->group.state(), State::Active);
  ASSERT_EQ(r11.h->group.state(), State::Standby);
  const TimePoint crash = lan.now;
  r10.connected = false;
  lan.run_until(crash + seconds(2));
  ASSERT_TRUE(r11.became_active);
  const auto takeover = *r11.became_active - crash;
  EXPECT_LE(takeover, milliseconds(750));
  EXPECT_GT(takeover, milliseconds(750 - 200));
  ::testing::Test::RecordProperty(
      "takeover_ms",
      static_cast<int>(std::chrono::duration_cast<milliseconds>(takeover).count()));
}

}  // namespace
}  // namespace havpnc::hsrp
