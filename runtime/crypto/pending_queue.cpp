#include "runtime/crypto/pending_queue.h"

namespace havpnc::crypto {

bool PendingQueue::push(std::vector<std::uint8_t> packet) {
  if (packets_.size() >= limits_.packets || packet.size() > limits_.bytes - bytes_ ||
      bytes_ > limits_.bytes) {
    ++overflow_;
    return false;
  }
  bytes_ += packet.size();
  packets_.push_back(std::move(packet));
  return true;
}

std::vector<std::vector<std::uint8_t>> PendingQueue::take() {
  std::vector<std::vector<std::uint8_t>> out(std::make_move_iterator(packets_.begin()),
                                             std::make_move_iterator(packets_.end()));
  packets_.clear();
  bytes_ = 0;
  return out;
}

void PendingQueue::discard() {
  discarded_ += packets_.size();
  packets_.clear();
  bytes_ = 0;
}

}  // namespace havpnc::crypto
