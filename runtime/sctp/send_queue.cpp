#include "runtime/sctp/send_queue.h"

namespace havpnc::sctp {

std::string_view to_string(SendResult result) {
  switch (result) {
    case SendResult::Queued: return "queued";
    case SendResult::NotUp: return "association not up";
    case SendResult::QueueFull: return "send queue full";
    case SendResult::TooLarge: return "message too large";
    case SendResult::Empty: return "empty message";
  }
  return "unknown";
}

SendResult SendQueue::push(Stream stream, std::span<const std::uint8_t> message) {
  if (message.empty()) return SendResult::Empty;
  if (message.size() > max_message_bytes_) return SendResult::TooLarge;
  if (message.size() > max_bytes_ - std::min(max_bytes_, info_.bytes())) return SendResult::QueueFull;
  if (stream == Stream::Update) {
    update_.emplace_back(message.begin(), message.end());
    ++info_.update_messages;
    info_.update_bytes += message.size();
  } else {
    bulk_.emplace_back(message.begin(), message.end());
    ++info_.bulk_messages;
    info_.bulk_bytes += message.size();
  }
  return SendResult::Queued;
}

SendQueue::Item SendQueue::front() const {
  if (!update_.empty()) return {Stream::Update, update_.front()};
  return {Stream::Bulk, bulk_.front()};
}

void SendQueue::pop() {
  if (!update_.empty()) {
    --info_.update_messages;
    info_.update_bytes -= update_.front().size();
    update_.pop_front();
  } else if (!bulk_.empty()) {
    --info_.bulk_messages;
    info_.bulk_bytes -= bulk_.front().size();
    bulk_.pop_front();
  }
}

void SendQueue::clear() {
  bulk_.clear();
  update_.clear();
  info_ = {};
}

}  // namespace havpnc::sctp
