#include "runtime/engine/timer_service.h"

namespace havpnc::engine {

std::size_t FakeTimerService::advance_to(TimePoint until) {
  std::size_t fired = 0;
  while (auto due = queue_.pop_due(until)) {
    // Never backwards: a timer armed in the past fires "now", as a real timer would.
    if (due->deadline > now_) now_ = due->deadline;
    fire(due->id, now_);
    ++fired;
  }
  if (until > now_) now_ = until;
  return fired;
}

}  // namespace havpnc::engine
