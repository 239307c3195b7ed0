// Object tracking with a fake clock: boolean lists, `not`, delays (including flaps inside the
// delay), nesting, and the configurations that must be refused.
#include <gtest/gtest.h>

#include <map>

#include "runtime/track/tracker.h"

namespace havpnc::track {
namespace {

const TimePoint kT0{};

TrackConfig intf(ObjectId id, std::string name, Duration up = {}, Duration down = {}) {
  return TrackConfig{id, InterfaceLineProtocol{std::move(name)}, up, down};
}

TrackConfig list(ObjectId id, BooleanOp op, std::vector<ListMember> members, Duration up = {},
                 Duration down = {}) {
  return TrackConfig{id, BooleanList{op, std::move(members)}, up, down};
}

// Drives a Tracker with a fake clock, firing its delay timers in deadline order.
class Driver {
 public:
  explicit Driver(std::vector<TrackConfig> configs) {
    auto r = Tracker::create(std::move(configs), now);
    if (!r.tracker) throw std::invalid_argument(r.error);
    tracker.emplace(std::move(*r.tracker));
  }

  void link(const std::string& name, bool up) { absorb(tracker->link_changed(name, up, now)); }

  void advance(Duration d) {
    const TimePoint until = now + d;
    while (true) {
      auto next = std::min_element(timers.begin(), timers.end(),
                                   [](const auto& a, const auto& b) { return a.second < b.second; });
      if (next == timers.end() || next->second > until) break;
      now = next->second;
      const ObjectId id = next->first;
      timers.erase(next);
      absorb(tracker->timer_expired(id, now));
    }
    now = until;
  }

  TrackState state(ObjectId id) const { return *tracker->state(id); }

  std::vector<std::string> take_logs() {
    auto out = std::move(logs);
    logs.clear();
    return out;
  }

  std::optional<Tracker> tracker;
  TimePoint now = kT0;
  std::map<ObjectId, TimePoint> timers;
  std::vector<std::string> logs;
  std::vector<StateChanged> changes;

 private:
  void absorb(const std::vector<Action>& actions) {
    for (const auto& a : actions) {
      if (const auto* arm = std::get_if<ArmTimer>(&a)) timers[arm->object] = arm->deadline;
      if (const auto* cancel = std::get_if<CancelTimer>(&a)) timers.erase(cancel->object);
      if (const auto* log = std::get_if<LogRecord>(&a)) logs.push_back(log->format());
      if (const auto* change = std::get_if<StateChanged>(&a)) changes.push_back(*change);
    }
  }
};

constexpr auto Up = TrackState::Up;
constexpr auto Down = TrackState::Down;

TEST(Track, InterfaceLineProtocolFollowsLinkAndLogsInIosForm) {
  Driver d({intf(1, "GigabitEthernet0/1")});
  EXPECT_EQ(d.state(1), Down);
  d.link("GigabitEthernet0/1", true);
  EXPECT_EQ(d.state(1), Up);
  d.link("GigabitEthernet0/2", false);  // another interface: no effect
  EXPECT_EQ(d.state(1), Up);
  d.link("GigabitEthernet0/1", false);
  EXPECT_EQ(d.take_logs(), (std::vector<std::string>{
                               "%TRACK-6-STATE: 1 interface Gi0/1 line-protocol Down -> Up",
                               "%TRACK-6-STATE: 1 interface Gi0/1 line-protocol Up -> Down"}));
  ASSERT_EQ(d.changes.size(), 2u);
  EXPECT_EQ(d.changes[1].state, Down);
}

TEST(Track, RepeatedLinkEventWithoutChangeReportsNothing) {
  Driver d({intf(1, "Gi")});
  d.link("Gi", true);
  d.take_logs();
  d.link("Gi", true);
  EXPECT_TRUE(d.take_logs().empty());
}

TEST(Track, BooleanAndIsUpOnlyWhenAllMembersAreUp) {
  Driver d({intf(1, "A"), intf(2, "B"), list(3, BooleanOp::And, {{1, false}, {2, false}})});
  d.link("A", true);
  EXPECT_EQ(d.state(3), Down);
  d.link("B", true);
  EXPECT_EQ(d.state(3), Up);
  d.take_logs();
  d.link("A", false);
  EXPECT_EQ(d.state(3), Down);
  EXPECT_EQ(d.take_logs(), (std::vector<std::string>{
                               "%TRACK-6-STATE: 1 interface A line-protocol Up -> Down",
                               "%TRACK-6-STATE: 3 list boolean and Up -> Down"}));
}

TEST(Track, BooleanOrIsUpWhenAnyMemberIsUp) {
  Driver d({intf(1, "A"), intf(2, "B"), list(3, BooleanOp::Or, {{1, false}, {2, false}})});
  EXPECT_EQ(d.state(3), Down);
  d.link("B", true);
  EXPECT_EQ(d.state(3), Up);
  d.link("A", true);
  d.link("B", false);
  EXPECT_EQ(d.state(3), Up);
  d.link("A", false);
  EXPECT_EQ(d.state(3), Down);
  EXPECT_EQ(d.take_logs().back(), "%TRACK-6-STATE: 3 list boolean or Up -> Down");
}

TEST(Track, NotInvertsAMember) {
  Driver d({intf(1, "A"), intf(2, "B"), list(3, BooleanOp::And, {{1, false}, {2, true}})});
  d.link("A", true);
  EXPECT_EQ(d.state(3), Up);  // B is down, and `not` wants it down
  d.link("B", true);
  EXPECT_EQ(d.state(3), Down);
}

TEST(Track, ListOfOnlyNegatedMembersStartsUpWithoutALog) {
  Driver d({intf(1, "A"), list(2, BooleanOp::And, {{1, true}})});
  EXPECT_EQ(d.state(2), Up);
  EXPECT_TRUE(d.take_logs().empty());
}

TEST(Track, DelayDownReportsOnlyAfterTheChangeHeld) {
  Driver d({intf(1, "A", {}, seconds(10))});
  d.link("A", true);
  d.take_logs();
  d.link("A", false);
  EXPECT_EQ(d.state(1), Up);
  EXPECT_EQ(d.timers.at(1), d.now + seconds(10));
  d.advance(seconds(9));
  EXPECT_EQ(d.state(1), Up);
  EXPECT_TRUE(d.take_logs().empty());
  d.advance(seconds(1));
  EXPECT_EQ(d.state(1), Down);
  EXPECT_EQ(d.take_logs().size(), 1u);
}

TEST(Track, FlapInsideTheDelayReportsNothing) {
  Driver d({intf(1, "A", seconds(5), seconds(10))});
  d.link("A", true);
  d.advance(seconds(5));
  ASSERT_EQ(d.state(1), Up);
  d.take_logs();
  d.changes.clear();
  for (int i = 0; i < 5; ++i) {  // down for 4 s, up again, five times
    d.link("A", false);
    d.advance(seconds(4));
    d.link("A", true);
    EXPECT_TRUE(d.timers.empty());  // the pending change was cancelled
    d.advance(seconds(1));
  }
  EXPECT_EQ(d.state(1), Up);
  EXPECT_TRUE(d.take_logs().empty());
  EXPECT_TRUE(d.changes.empty());
}

TEST(Track, DelayUpAppliesToComingBack) {
  Driver d({intf(1, "A", seconds(5), {})});
  d.link("A", true);
  EXPECT_EQ(d.state(1), Down);
  d.advance(seconds(3));
  d.link("A", false);  // back before 5 s
  d.advance(seconds(10));
  EXPECT_EQ(d.state(1), Down);
  d.link("A", true);
  d.advance(seconds(5));
  EXPECT_EQ(d.state(1), Up);
}

TEST(Track, NestedListsPropagateThroughEveryLevel) {
  // 10 = (1 and 2) or 3; 11 = 10 and not 4
  Driver d({intf(1, "A"), intf(2, "B"), intf(3, "C"), intf(4, "D"),
            list(5, BooleanOp::And, {{1, false}, {2, false}}),
            list(10, BooleanOp::Or, {{5, false}, {3, false}}),
            list(11, BooleanOp::And, {{10, false}, {4, true}})});
  EXPECT_EQ(d.state(11), Down);
  d.link("C", true);
  EXPECT_EQ(d.state(10), Up);
  EXPECT_EQ(d.state(11), Up);
  d.link("D", true);
  EXPECT_EQ(d.state(11), Down);
  d.link("D", false);
  d.link("C", false);
  EXPECT_EQ(d.state(11), Down);
  d.link("A", true);
  d.link("B", true);
  EXPECT_EQ(d.state(5), Up);
  EXPECT_EQ(d.state(11), Up);
}

TEST(Track, MemberDelayDelaysTheList) {
  Driver d({intf(1, "A", {}, seconds(10)), list(2, BooleanOp::And, {{1, false}}, {}, seconds(5))});
  d.link("A", true);
  ASSERT_EQ(d.state(2), Up);
  d.link("A", false);
  d.advance(seconds(10));  // member reports Down at 10 s; the list waits its own 5 s
  EXPECT_EQ(d.state(1), Down);
  EXPECT_EQ(d.state(2), Up);
  d.advance(seconds(5));
  EXPECT_EQ(d.state(2), Down);
}

TEST(Track, CyclesAreRejectedNamingTheObjects) {
  auto r = Tracker::create({intf(1, "A"), list(2, BooleanOp::And, {{1, false}, {3, false}}),
                            list(3, BooleanOp::Or, {{4, false}}),
                            list(4, BooleanOp::And, {{2, true}})},
                           kT0);
  EXPECT_FALSE(r.tracker);
  EXPECT_EQ(r.error, "track lists form a cycle: 2 -> 3 -> 4 -> 2");
  auto self = Tracker::create({list(7, BooleanOp::And, {{7, false}})}, kT0);
  EXPECT_FALSE(self.tracker);
  EXPECT_EQ(self.error, "track lists form a cycle: 7 -> 7");
}

TEST(Track, UnknownReferencesDuplicatesRangesAndEmptyListsAreRejected) {
  auto unknown = Tracker::create({intf(1, "A"), list(3, BooleanOp::And, {{1, false}, {9, false}})}, kT0);
  EXPECT_FALSE(unknown.tracker);
  EXPECT_EQ(unknown.error, "track 3 list references undefined object 9");
  auto dup = Tracker::create({intf(1, "A"), intf(1, "B")}, kT0);
  EXPECT_EQ(dup.error, "track 1 is defined twice");
  auto zero = Tracker::create({intf(0, "A")}, kT0);
  EXPECT_EQ(zero.error, "track 0: object numbers are 1-1000");
  auto big = Tracker::create({intf(1001, "A")}, kT0);
  EXPECT_FALSE(big.tracker);
  auto empty = Tracker::create({list(5, BooleanOp::Or, {})}, kT0);
  EXPECT_EQ(empty.error, "track 5: list has no objects");
}

TEST(Track, DeepChainIsAcceptedAndPropagates) {
  std::vector<TrackConfig> configs{intf(1, "A")};
  for (ObjectId id = 2; id <= 1000; ++id) configs.push_back(list(id, BooleanOp::And, {{id - 1, false}}));
  Driver d(std::move(configs));
  d.link("A", true);
  EXPECT_EQ(d.state(1000), Up);
}

TEST(Track, StaleTimersAreIgnored) {
  Driver d({intf(1, "A", seconds(5))});
  EXPECT_TRUE(d.tracker->timer_expired(1, d.now).empty());
  EXPECT_TRUE(d.tracker->timer_expired(42, d.now).empty());
  EXPECT_EQ(d.tracker->stale_timers(), 2u);
}

}  // namespace
}  // namespace havpnc::track
