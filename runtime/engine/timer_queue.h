#pragma once
// Deadlines by id, earliest first; ties fire in the order they were armed, so a test that
// arms A then B for the same instant always sees A first. No clock: the caller says `now`.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <utility>

#include "runtime/core/time.h"

namespace havpnc::engine {

using TimerId = std::uint64_t;

class TimerQueue {
 public:
  struct Due {
    TimerId id = 0;
    TimePoint deadline;
  };

  // A later arm of the same id replaces its deadline.
  void arm(TimerId id, TimePoint deadline);
  // False when the id was not armed.
  bool cancel(TimerId id);
  std::optional<TimePoint> next_deadline() const;
  std::optional<TimePoint> deadline(TimerId id) const;
  // Removes and returns the earliest timer with deadline <= now.
  std::optional<Due> pop_due(TimePoint now);
  std::size_t size() const { return by_id_.size(); }

 private:
  using Slot = std::pair<TimePoint, std::uint64_t>;  // deadline, arm sequence
  std::map<Slot, TimerId> by_deadline_;
  std::map<TimerId, Slot> by_id_;
  std::uint64_t sequence_ = 0;
};

}  // namespace havpnc::engine
