#include "runtime/sctp/notification.h"

#include <cstring>
#include <vector>

#include <gtest/gtest.h>

namespace havpnc::sctp {
namespace {

// usrsctp's numbering (usrsctp.h); Linux uses 0x8001.. types and 0.. states.
const NotificationConstants kC{1, 5, 10, 1, 2, 3, 4, 5};

std::vector<std::uint8_t> assoc_change(std::uint16_t state, std::uint16_t error, std::uint16_t out,
                                       std::uint16_t in, std::vector<std::uint8_t> info = {}) {
  std::vector<std::uint8_t> b(20 + info.size());
  const std::uint16_t type = 1, flags = 0;
  const auto length = static_cast<std::uint32_t>(b.size());
  std::memcpy(&b[0], &type, 2);
  std::memcpy(&b[2], &flags, 2);
  std::memcpy(&b[4], &length, 4);
  std::memcpy(&b[8], &state, 2);
  std::memcpy(&b[10], &error, 2);
  std::memcpy(&b[12], &out, 2);
  std::memcpy(&b[14], &in, 2);
  if (!info.empty()) std::memcpy(b.data() + 20, info.data(), info.size());
  return b;
}

TEST(SctpNotification, CommUpCarriesNegotiatedStreams) {
  const auto n = decode_notification(assoc_change(1, 0, 2, 3), kC);
  ASSERT_TRUE(n);
  EXPECT_EQ(n->kind, Notification::Kind::AssocChange);
  EXPECT_EQ(n->state, AssocState::CommUp);
  EXPECT_EQ(n->outbound_streams, 2);
  EXPECT_EQ(n->inbound_streams, 3);
  EXPECT_FALSE(n->abort_chunk);
}

TEST(SctpNotification, CommLostWithAbortChunk) {
  const auto n = decode_notification(assoc_change(2, 0, 0, 0, {6, 0, 0, 4}), kC);
  ASSERT_TRUE(n);
  EXPECT_EQ(n->state, AssocState::CommLost);
  EXPECT_TRUE(n->abort_chunk);
  const auto timeout = decode_notification(assoc_change(2, 0, 0, 0), kC);
  EXPECT_FALSE(timeout->abort_chunk);
}

TEST(SctpNotification, EveryStateMaps) {
  EXPECT_EQ(decode_notification(assoc_change(3, 0, 2, 2), kC)->state, AssocState::Restart);
  EXPECT_EQ(decode_notification(assoc_change(4, 0, 2, 2), kC)->state, AssocState::ShutdownComplete);
  EXPECT_EQ(decode_notification(assoc_change(5, 0, 2, 2), kC)->state, AssocState::CannotStart);
  EXPECT_EQ(decode_notification(assoc_change(77, 0, 2, 2), kC)->state, AssocState::Other);
}

TEST(SctpNotification, ShutdownSenderDryAndUnknownTypes) {
  std::vector<std::uint8_t> b(12, 0);
  const std::uint16_t shutdown = 5;
  const std::uint32_t length = 12;
  std::memcpy(&b[0], &shutdown, 2);
  std::memcpy(&b[4], &length, 4);
  EXPECT_EQ(decode_notification(b, kC)->kind, Notification::Kind::PeerShutdown);
  const std::uint16_t dry = 10;
  std::memcpy(&b[0], &dry, 2);
  EXPECT_EQ(decode_notification(b, kC)->kind, Notification::Kind::SenderDry);
  const std::uint16_t other = 0x99;
  std::memcpy(&b[0], &other, 2);
  EXPECT_EQ(decode_notification(b, kC)->kind, Notification::Kind::Other);
}

TEST(SctpNotification, HostileLengthsAreRefused) {
  auto b = assoc_change(1, 0, 2, 2);
  for (std::size_t n = 0; n < b.size(); ++n) {
    // Every truncation: either refused or, if the claimed length still fits, decoded
    // without reading past it.
    std::vector<std::uint8_t> cut(b.begin(), b.begin() + static_cast<std::ptrdiff_t>(n));
    EXPECT_FALSE(decode_notification(cut, kC)) << n;
  }
  std::uint32_t lie = 0xffffffffu;
  std::memcpy(&b[4], &lie, 4);
  EXPECT_FALSE(decode_notification(b, kC));
  lie = 4;  // shorter than the header itself
  std::memcpy(&b[4], &lie, 4);
  EXPECT_FALSE(decode_notification(b, kC));
  lie = 12;  // an assoc change cut below its fixed fields
  std::memcpy(&b[4], &lie, 4);
  EXPECT_FALSE(decode_notification(b, kC));
}

}  // namespace
}  // namespace havpnc::sctp
