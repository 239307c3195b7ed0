#include "runtime/ike/retransmit.h"

#include <algorithm>
#include <chrono>

namespace havpnc::ike {

void Retransmitter::sent(Bytes datagram, TimePoint now) {
  pending_ = Pending{std::move(datagram), now + policy_.initial, policy_.initial, 0};
}

TimePoint Retransmitter::deadline() const {
  return pending_ ? pending_->due : TimePoint::max();
}

Retransmitter::Due Retransmitter::poll(TimePoint now) {
  Due due;
  if (!pending_ || now < pending_->due) return due;
  if (pending_->retransmissions >= policy_.max_retransmissions) {
    pending_.reset();
    due.gave_up = true;
    return due;
  }
  ++pending_->retransmissions;
  auto next = std::chrono::duration_cast<Duration>(
      std::chrono::duration<double, Duration::period>(static_cast<double>(pending_->wait.count()) *
                                                      std::max(1.0, policy_.backoff)));
  pending_->wait = next;
  pending_->due = now + next;
  due.resend = pending_->datagram;
  return due;
}

void ReplyCache::remember(ByteView request, Bytes reply) {
  request_.assign(request.begin(), request.end());
  reply_ = std::move(reply);
  valid_ = true;
}

const Bytes* ReplyCache::reply_to(ByteView datagram) const {
  if (!valid_ || datagram.size() != request_.size()) return nullptr;
  return std::equal(datagram.begin(), datagram.end(), request_.begin()) ? &reply_ : nullptr;
}

}  // namespace havpnc::ike
