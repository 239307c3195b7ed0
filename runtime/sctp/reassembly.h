#pragma once
// Joins the pieces a stack's recv hands out into whole user messages and notifications.
// A one-to-one SCTP socket may return a message in several reads (partial delivery, RFC 6458
// §8.1.20); MSG_EOR marks the last piece, MSG_NOTIFICATION marks a notification. Both backends
// read this way, so the joining lives here. Sans-IO and bounded: a message over the limit is
// discarded to its end and reported once, a notification over 64 KB likewise.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace havpnc::sctp {

class MessageAssembler {
 public:
  explicit MessageAssembler(std::size_t max_message_bytes) : max_message_(max_message_bytes) {}

  enum class Result {
    Partial,       // more pieces follow
    Message,       // a whole user message: take()
    Notification,  // a whole notification: take()
    Truncated,     // a whole user message over the limit, dropped
    Dropped,       // a whole notification over the limit, dropped
  };
  Result feed(std::span<const std::uint8_t> piece, bool notification, bool end_of_record);
  // The completed message or notification; the assembler starts afresh.
  std::vector<std::uint8_t> take();
  // The socket is gone: nothing half-read belongs to the next one.
  void clear();

  static constexpr std::size_t kMaxNotification = 64 * 1024;

 private:
  std::size_t max_message_;
  std::vector<std::uint8_t> message_, notification_, done_;
  bool message_over_ = false, notification_over_ = false;
};

}  // namespace havpnc::sctp
