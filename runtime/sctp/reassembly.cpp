#include "runtime/sctp/reassembly.h"

#include <algorithm>
#include <utility>

namespace havpnc::sctp {

namespace {

// Appends unless the limit would be passed; once over, stays over until the record ends.
void append(std::vector<std::uint8_t>& into, bool& over, std::span<const std::uint8_t> piece,
            std::size_t limit) {
  if (over) return;
  if (piece.size() > limit - std::min(limit, into.size())) {
    over = true;
    into.clear();
    return;
  }
  into.insert(into.end(), piece.begin(), piece.end());
}

}  // namespace

MessageAssembler::Result MessageAssembler::feed(std::span<const std::uint8_t> piece,
                                                bool notification, bool end_of_record) {
  auto& record = notification ? notification_ : message_;
  auto& over = notification ? notification_over_ : message_over_;
  append(record, over, piece, notification ? kMaxNotification : max_message_);
  if (!end_of_record) return Result::Partial;
  done_ = std::exchange(record, {});
  if (std::exchange(over, false)) {
    done_.clear();
    return notification ? Result::Dropped : Result::Truncated;
  }
  return notification ? Result::Notification : Result::Message;
}

std::vector<std::uint8_t> MessageAssembler::take() { return std::exchange(done_, {}); }

void MessageAssembler::clear() {
  message_.clear();
  notification_.clear();
  done_.clear();
  message_over_ = notification_over_ = false;
}

}  // namespace havpnc::sctp
