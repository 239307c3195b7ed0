// TimerQueue ordering and FakeTimerService's "advance time -> due timers fire in order".
#include <gtest/gtest.h>

#include <vector>

#include "runtime/engine/timer_queue.h"
#include "runtime/engine/timer_service.h"

namespace havpnc::engine {
namespace {

const TimePoint t0{};

TEST(TimerQueue, EarliestFirstTiesInArmOrder) {
  TimerQueue q;
  q.arm(7, t0 + milliseconds(20));
  q.arm(3, t0 + milliseconds(10));
  q.arm(5, t0 + milliseconds(10));
  EXPECT_EQ(q.next_deadline(), t0 + milliseconds(10));
  EXPECT_FALSE(q.pop_due(t0 + milliseconds(9)));
  EXPECT_EQ(q.pop_due(t0 + milliseconds(30))->id, 3u);
  EXPECT_EQ(q.pop_due(t0 + milliseconds(30))->id, 5u);
  EXPECT_EQ(q.pop_due(t0 + milliseconds(30))->id, 7u);
  EXPECT_FALSE(q.pop_due(t0 + milliseconds(30)));
}

TEST(TimerQueue, RearmReplacesAndCancelRemoves) {
  TimerQueue q;
  q.arm(1, t0 + seconds(5));
  q.arm(1, t0 + seconds(1));
  EXPECT_EQ(q.size(), 1u);
  EXPECT_EQ(q.deadline(1), t0 + seconds(1));
  EXPECT_TRUE(q.cancel(1));
  EXPECT_FALSE(q.cancel(1));
  EXPECT_EQ(q.size(), 0u);
  EXPECT_FALSE(q.next_deadline());
}

TEST(FakeTimerService, FiresInDeadlineOrderWithNowAtEachDeadline) {
  FakeTimerService timers(t0);
  std::vector<std::pair<TimerId, TimePoint>> fired;
  timers.on_expiry([&](TimerId id, TimePoint now) { fired.emplace_back(id, now); });
  timers.arm(2, t0 + seconds(3));
  timers.arm(1, t0 + seconds(1));
  timers.arm(3, t0 + seconds(10));
  EXPECT_EQ(timers.advance(seconds(5)), 2u);
  ASSERT_EQ(fired.size(), 2u);
  EXPECT_EQ(fired[0], std::make_pair(TimerId{1}, t0 + seconds(1)));
  EXPECT_EQ(fired[1], std::make_pair(TimerId{2}, t0 + seconds(3)));
  EXPECT_EQ(timers.now(), t0 + seconds(5));
  EXPECT_EQ(timers.pending(), 1u);
}

TEST(FakeTimerService, TimersArmedByHandlersFireWithinTheSameAdvance) {
  FakeTimerService timers(t0);
  std::vector<TimePoint> hellos;
  // A 3 s hello that re-arms itself, as HSRP does.
  timers.on_expiry([&](TimerId id, TimePoint now) {
    hellos.push_back(now);
    timers.arm(id, now + seconds(3));
  });
  timers.arm(9, t0 + seconds(3));
  timers.advance(seconds(10));
  EXPECT_EQ(hellos, (std::vector<TimePoint>{t0 + seconds(3), t0 + seconds(6), t0 + seconds(9)}));
  EXPECT_EQ(timers.deadline(9), t0 + seconds(12));
}

TEST(FakeTimerService, CancelledTimerNeverFiresAndPastDeadlinesFireNow) {
  FakeTimerService timers(t0 + seconds(100));
  std::vector<std::pair<TimerId, TimePoint>> fired;
  timers.on_expiry([&](TimerId id, TimePoint now) { fired.emplace_back(id, now); });
  timers.arm(1, t0 + seconds(101));
  timers.arm(2, t0 + seconds(50));  // already in the past
  timers.cancel(1);
  timers.advance(seconds(5));
  ASSERT_EQ(fired.size(), 1u);
  EXPECT_EQ(fired[0], std::make_pair(TimerId{2}, t0 + seconds(100)));
}

}  // namespace
}  // namespace havpnc::engine
