#include "runtime/sctp/send_queue.h"

#include <vector>

#include <gtest/gtest.h>

namespace havpnc::sctp {
namespace {

std::vector<std::uint8_t> bytes(std::size_t n, std::uint8_t fill) {
  return std::vector<std::uint8_t>(n, fill);
}

TEST(SctpSendQueue, UpdatesOvertakeQueuedBulkButEachStreamStaysInOrder) {
  SendQueue q(1 << 20, 1 << 16);
  ASSERT_EQ(q.push(Stream::Bulk, bytes(10, 1)), SendResult::Queued);
  ASSERT_EQ(q.push(Stream::Bulk, bytes(10, 2)), SendResult::Queued);
  ASSERT_EQ(q.push(Stream::Update, bytes(3, 3)), SendResult::Queued);
  ASSERT_EQ(q.push(Stream::Bulk, bytes(10, 4)), SendResult::Queued);
  ASSERT_EQ(q.push(Stream::Update, bytes(3, 5)), SendResult::Queued);
  std::vector<std::pair<Stream, std::uint8_t>> order;
  while (!q.empty()) {
    const auto item = q.front();
    order.emplace_back(item.stream, item.bytes[0]);
    q.pop();
  }
  const std::vector<std::pair<Stream, std::uint8_t>> want{
      {Stream::Update, 3}, {Stream::Update, 5}, {Stream::Bulk, 1}, {Stream::Bulk, 2}, {Stream::Bulk, 4}};
  EXPECT_EQ(order, want);
  EXPECT_EQ(q.info().bytes(), 0u);
}

TEST(SctpSendQueue, CountsBytesAndMessagesPerStream) {
  SendQueue q(1 << 20, 1 << 16);
  q.push(Stream::Bulk, bytes(100, 0));
  q.push(Stream::Bulk, bytes(50, 0));
  q.push(Stream::Update, bytes(7, 0));
  EXPECT_EQ(q.info().bulk_messages, 2u);
  EXPECT_EQ(q.info().bulk_bytes, 150u);
  EXPECT_EQ(q.info().update_messages, 1u);
  EXPECT_EQ(q.info().update_bytes, 7u);
  q.pop();  // the update
  EXPECT_EQ(q.info().update_messages, 0u);
  EXPECT_EQ(q.info().bytes(), 150u);
  q.clear();
  EXPECT_TRUE(q.empty());
  EXPECT_EQ(q.info().messages(), 0u);
}

TEST(SctpSendQueue, RefusesEmptyOversizeAndOverCap) {
  SendQueue q(100, 60);
  EXPECT_EQ(q.push(Stream::Bulk, {}), SendResult::Empty);
  EXPECT_EQ(q.push(Stream::Bulk, bytes(61, 0)), SendResult::TooLarge);
  EXPECT_EQ(q.push(Stream::Bulk, bytes(60, 0)), SendResult::Queued);
  EXPECT_EQ(q.push(Stream::Update, bytes(41, 0)), SendResult::QueueFull);
  EXPECT_EQ(q.push(Stream::Update, bytes(40, 0)), SendResult::Queued);
  EXPECT_EQ(q.push(Stream::Update, bytes(1, 0)), SendResult::QueueFull);
  q.pop();
  EXPECT_EQ(q.push(Stream::Update, bytes(1, 0)), SendResult::Queued);
}

TEST(SctpSendQueue, FrontViewSurvivesLaterPushes) {
  SendQueue q(1 << 20, 1 << 16);
  q.push(Stream::Bulk, bytes(5, 9));
  const auto item = q.front();
  for (int i = 0; i < 1000; ++i) q.push(Stream::Bulk, bytes(5, 1));  // deque: no relocation
  EXPECT_EQ(item.bytes[0], 9);
}

}  // namespace
}  // namespace havpnc::sctp
