#include "runtime/engine/timer_queue.h"

namespace havpnc::engine {

void TimerQueue::arm(TimerId id, TimePoint deadline) {
  cancel(id);
  Slot slot{deadline, sequence_++};
  by_deadline_.emplace(slot, id);
  by_id_.emplace(id, slot);
}

bool TimerQueue::cancel(TimerId id) {
  auto it = by_id_.find(id);
  if (it == by_id_.end()) return false;
  by_deadline_.erase(it->second);
  by_id_.erase(it);
  return true;
}

std::optional<TimePoint> TimerQueue::next_deadline() const {
  if (by_deadline_.empty()) return std::nullopt;
  return by_deadline_.begin()->first.first;
}

std::optional<TimePoint> TimerQueue::deadline(TimerId id) const {
  auto it = by_id_.find(id);
  if (it == by_id_.end()) return std::nullopt;
  return it->second.first;
}

std::optional<TimerQueue::Due> TimerQueue::pop_due(TimePoint now) {
  if (by_deadline_.empty()) return std::nullopt;
  auto first = by_deadline_.begin();
  if (first->first.first > now) return std::nullopt;
  Due due{first->second, first->first.first};
  by_id_.erase(first->second);
  by_deadline_.erase(first);
  return due;
}

}  // namespace havpnc::engine
