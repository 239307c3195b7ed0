#include "runtime/sctp/backoff.h"

#include <vector>

#include <gtest/gtest.h>

namespace havpnc::sctp {
namespace {

using std::chrono::milliseconds;

std::function<std::uint32_t()> fixed(std::uint32_t value) {
  return [value] { return value; };
}

TEST(SctpReconnectBackoff, DoublesFromInitialUpToCapWithoutJitter) {
  ReconnectBackoff b({milliseconds{100}, milliseconds{1000}}, fixed(0));
  // Jitter 0 → the fixed half of each step.
  std::vector<Duration> got;
  for (int i = 0; i < 7; ++i) got.push_back(b.next_delay());
  const std::vector<Duration> want{milliseconds{50}, milliseconds{100}, milliseconds{200},
                                   milliseconds{400}, milliseconds{500}, milliseconds{500},
                                   milliseconds{500}};
  EXPECT_EQ(got, want);
  EXPECT_EQ(b.attempts(), 7u);
}

TEST(SctpReconnectBackoff, FullJitterReachesTheWholeStep) {
  ReconnectBackoff b({milliseconds{100}, milliseconds{1000}}, fixed(0xffffffffu));
  // r = 2^32-1 → just under the whole step (one tick short at most).
  const auto d = b.next_delay();
  EXPECT_LE(d, milliseconds{100});
  EXPECT_GT(d, milliseconds{100} - std::chrono::microseconds{1});
}

TEST(SctpReconnectBackoff, HalfJitterIsThreeQuartersOfTheStep) {
  ReconnectBackoff b({milliseconds{400}, milliseconds{4000}}, fixed(0x80000000u));
  EXPECT_EQ(b.next_delay(), milliseconds{300});
  EXPECT_EQ(b.next_delay(), milliseconds{600});
}

TEST(SctpReconnectBackoff, ResetStartsOver) {
  ReconnectBackoff b({milliseconds{100}, milliseconds{1000}}, fixed(0));
  b.next_delay();
  b.next_delay();
  b.next_delay();
  EXPECT_EQ(b.step(), milliseconds{800});
  b.reset();
  EXPECT_EQ(b.attempts(), 0u);
  EXPECT_EQ(b.next_delay(), milliseconds{50});
}

TEST(SctpReconnectBackoff, JitterSourceIsConsultedOncePerAttemptAndStaysInBounds) {
  std::uint32_t calls = 0;
  std::uint32_t state = 12345;
  ReconnectBackoff b({milliseconds{10}, seconds{5}}, [&] {
    ++calls;
    state = state * 1664525u + 1013904223u;  // an LCG: a fixed, repeatable sequence
    return state;
  });
  for (int i = 0; i < 100; ++i) {
    const auto step = b.step();
    const auto d = b.next_delay();
    EXPECT_GE(d, step / 2) << i;
    EXPECT_LE(d, step) << i;
  }
  EXPECT_EQ(calls, 100u);
}

TEST(SctpReconnectBackoff, ManyFailuresNeitherOverflowNorExceedTheCap) {
  ReconnectBackoff b({milliseconds{1}, seconds{30}}, fixed(0xffffffffu));
  for (int i = 0; i < 10000; ++i) ASSERT_LE(b.next_delay(), seconds{30});
  EXPECT_EQ(b.step(), seconds{30});
}

TEST(SctpReconnectBackoff, NonsenseConfigIsRepaired) {
  ReconnectBackoff b({Duration::zero(), Duration{-5}}, fixed(0));
  EXPECT_GT(b.step(), Duration::zero());
  EXPECT_GE(b.next_delay(), Duration::zero());
}

// Two routers that lost the link at the same instant, each with its own seeded jitter: their
// retry instants differ (no lockstep), and each stays within its step.
TEST(SctpReconnectBackoff, DifferentSeedsDesynchronise) {
  auto lcg = [](std::uint32_t seed) {
    return [s = seed]() mutable { return s = s * 1664525u + 1013904223u; };
  };
  ReconnectBackoff a({milliseconds{100}, seconds{5}}, lcg(1));
  ReconnectBackoff b({milliseconds{100}, seconds{5}}, lcg(2));
  TimePoint ta{}, tb{};
  int equal = 0;
  for (int i = 0; i < 10; ++i) {
    ta += a.next_delay();
    tb += b.next_delay();
    equal += ta == tb;
  }
  EXPECT_EQ(equal, 0);
}

}  // namespace
}  // namespace havpnc::sctp
