#pragma once
// havpnc's own queue in front of the stack's send buffer, one FIFO per stream, updates first.
//
// Why it exists: SCTP streams stop head-of-line blocking at the receiver, but at the sender
// every message handed to the stack waits in one send buffer. Handing a whole bulk sync to
// the stack at once would put each later update behind megabytes of bulk. So havpnc keeps the
// backlog here, hands the stack only what fits now, and always offers a waiting update before
// the next bulk record. Sans-IO: the backend asks front(), tries the stack, pop()s on success.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <span>
#include <vector>

#include "runtime/sctp/stream.h"

namespace havpnc::sctp {

struct QueueInfo {
  std::size_t bulk_messages = 0, bulk_bytes = 0;
  std::size_t update_messages = 0, update_bytes = 0;
  std::size_t messages() const { return bulk_messages + update_messages; }
  std::size_t bytes() const { return bulk_bytes + update_bytes; }
};

enum class SendResult {
  Queued,        // accepted; delivered in order on its stream while the association lives
  NotUp,         // no association: records of a past association are meaningless to a new peer
  QueueFull,     // max_queued_bytes reached: wait for on_drained (backpressure)
  TooLarge,      // above max_message_bytes
  Empty,         // SCTP has no zero-length user messages (RFC 4960 §6.1: DATA carries ≥ 1 byte)
};

std::string_view to_string(SendResult result);

class SendQueue {
 public:
  SendQueue(std::size_t max_bytes, std::size_t max_message_bytes)
      : max_bytes_(max_bytes), max_message_bytes_(max_message_bytes) {}

  SendResult push(Stream stream, std::span<const std::uint8_t> message);

  struct Item {
    Stream stream;
    std::span<const std::uint8_t> bytes;  // valid until pop() or clear()
  };
  bool empty() const { return bulk_.empty() && update_.empty(); }
  Item front() const;  // precondition: !empty(); an update whenever one waits
  void pop();          // removes what front() returned
  void clear();        // the association went down
  QueueInfo info() const { return info_; }

 private:
  std::size_t max_bytes_;
  std::size_t max_message_bytes_;
  std::deque<std::vector<std::uint8_t>> bulk_, update_;
  QueueInfo info_;
};

}  // namespace havpnc::sctp
