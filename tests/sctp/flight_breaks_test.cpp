#include "runtime/sctp/flight_breaks.h"

#include <gtest/gtest.h>

namespace havpnc::sctp {
namespace {

using namespace std::chrono_literals;
using V = FlightBreaks::Verdict;

TEST(SctpFlightBreaks, BulkPausesForSenderDryBeforeTheLimitAndUpdatesNever) {
  FlightBreaks b(100ms);
  const TimePoint t0 = TimePoint{} + 10s;
  EXPECT_EQ(b.may_send(Stream::Bulk, t0), V::Send);
  b.sent(V::Send, t0);  // the burst, and the stack's T3-rtx, start here
  EXPECT_EQ(b.may_send(Stream::Bulk, t0 + 99ms), V::Send);
  b.sent(V::Send, t0 + 99ms);
  // The limit: one more, with SACK-IMMEDIATELY, then bulk waits. Until the stack takes that
  // one (its buffer may be full), it is offered again.
  EXPECT_EQ(b.may_send(Stream::Bulk, t0 + 100ms), V::SendLast);
  EXPECT_EQ(b.breaks(), 0u);
  EXPECT_EQ(b.may_send(Stream::Bulk, t0 + 100ms), V::SendLast);
  b.sent(V::SendLast, t0 + 100ms);
  EXPECT_EQ(b.may_send(Stream::Bulk, t0 + 101ms), V::Hold);
  EXPECT_EQ(b.may_send(Stream::Update, t0 + 101ms), V::Send);
  EXPECT_EQ(b.resume_at(), t0 + 200ms);
  EXPECT_EQ(b.breaks(), 1u);
  // Everything acknowledged: the timer is stopped, a new burst may start.
  b.sender_dry();
  EXPECT_EQ(b.resume_at(), std::nullopt);
  EXPECT_EQ(b.may_send(Stream::Bulk, t0 + 105ms), V::Send);
  b.sent(V::Send, t0 + 105ms);
  EXPECT_EQ(b.may_send(Stream::Bulk, t0 + 204ms), V::Send);
  EXPECT_EQ(b.may_send(Stream::Bulk, t0 + 205ms), V::SendLast);
  EXPECT_EQ(b.gave_up(), 0u);
}

TEST(SctpFlightBreaks, ANeverDrySenderIsNotStalledForever) {
  FlightBreaks b(100ms);
  const TimePoint t0 = TimePoint{} + 10s;
  b.sent(V::Send, t0);
  EXPECT_EQ(b.may_send(Stream::Bulk, t0 + 150ms), V::SendLast);
  b.sent(V::SendLast, t0 + 150ms);
  EXPECT_EQ(b.may_send(Stream::Bulk, t0 + 249ms), V::Hold);
  EXPECT_EQ(b.may_send(Stream::Bulk, t0 + 250ms), V::Send);
  EXPECT_EQ(b.gave_up(), 1u);
  // The resumed burst is timed afresh.
  b.sent(V::Send, t0 + 250ms);
  EXPECT_EQ(b.may_send(Stream::Bulk, t0 + 349ms), V::Send);
  EXPECT_EQ(b.may_send(Stream::Bulk, t0 + 350ms), V::SendLast);
}

TEST(SctpFlightBreaks, IdleBetweenBurstsAndResetAndDisabled) {
  FlightBreaks b(100ms);
  const TimePoint t0 = TimePoint{} + 10s;
  b.sent(V::Send, t0);
  b.sender_dry();  // the queue ran dry on its own: no break needed
  EXPECT_EQ(b.may_send(Stream::Bulk, t0 + 500ms), V::Send);
  b.sent(V::Send, t0 + 500ms);
  EXPECT_EQ(b.may_send(Stream::Bulk, t0 + 600ms), V::SendLast);
  b.reset();  // a new association: nothing of the old flight counts
  EXPECT_EQ(b.may_send(Stream::Bulk, t0 + 601ms), V::Send);
  FlightBreaks off(Duration::zero());
  off.sent(V::Send, t0);
  EXPECT_EQ(off.may_send(Stream::Bulk, t0 + 1h), V::Send);
  EXPECT_EQ(off.breaks(), 0u);
}

}  // namespace
}  // namespace havpnc::sctp
