#include "runtime/sctp/reassembly.h"

#include <gtest/gtest.h>

namespace havpnc::sctp {
namespace {

using R = MessageAssembler::Result;
std::vector<std::uint8_t> bytes(std::size_t n, std::uint8_t v) { return std::vector<std::uint8_t>(n, v); }

TEST(SctpReassembly, PiecesJoinUntilEndOfRecord) {
  MessageAssembler a(100);
  EXPECT_EQ(a.feed(bytes(40, 1), false, false), R::Partial);
  EXPECT_EQ(a.feed(bytes(60, 2), false, true), R::Message);
  const auto m = a.take();
  ASSERT_EQ(m.size(), 100u);
  EXPECT_EQ(m[39], 1);
  EXPECT_EQ(m[40], 2);
  EXPECT_TRUE(a.take().empty());
}

TEST(SctpReassembly, NotificationsInterleaveWithoutTouchingAPartialMessage) {
  MessageAssembler a(100);
  EXPECT_EQ(a.feed(bytes(10, 1), false, false), R::Partial);
  EXPECT_EQ(a.feed(bytes(20, 9), true, true), R::Notification);
  EXPECT_EQ(a.take(), bytes(20, 9));
  EXPECT_EQ(a.feed(bytes(5, 1), false, true), R::Message);
  EXPECT_EQ(a.take(), bytes(15, 1));
}

TEST(SctpReassembly, OversizeMessageIsDroppedToItsEndAndReportedOnce) {
  MessageAssembler a(100);
  EXPECT_EQ(a.feed(bytes(90, 1), false, false), R::Partial);
  EXPECT_EQ(a.feed(bytes(20, 1), false, false), R::Partial);
  EXPECT_EQ(a.feed(bytes(1000, 1), false, false), R::Partial);
  EXPECT_EQ(a.feed(bytes(1, 1), false, true), R::Truncated);
  EXPECT_TRUE(a.take().empty());
  // The next message starts clean, exactly at the limit.
  EXPECT_EQ(a.feed(bytes(100, 3), false, true), R::Message);
  EXPECT_EQ(a.take().size(), 100u);
}

TEST(SctpReassembly, OversizeNotificationIsDropped) {
  MessageAssembler a(100);
  EXPECT_EQ(a.feed(bytes(MessageAssembler::kMaxNotification, 1), true, false), R::Partial);
  EXPECT_EQ(a.feed(bytes(1, 1), true, true), R::Dropped);
  EXPECT_EQ(a.feed(bytes(8, 2), true, true), R::Notification);
}

TEST(SctpReassembly, ClearForgetsHalfReadRecords) {
  MessageAssembler a(100);
  a.feed(bytes(10, 1), false, false);
  a.feed(bytes(10, 1), true, false);
  a.clear();
  EXPECT_EQ(a.feed(bytes(3, 2), false, true), R::Message);
  EXPECT_EQ(a.take(), bytes(3, 2));
  EXPECT_EQ(a.feed(bytes(3, 4), true, true), R::Notification);
  EXPECT_EQ(a.take(), bytes(3, 4));
}

}  // namespace
}  // namespace havpnc::sctp
