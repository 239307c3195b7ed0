#include "runtime/engine/asio_timer_service.h"

namespace havpnc::engine {

void AsioTimerService::arm(TimerId id, TimePoint deadline) {
  queue_.arm(id, deadline);
  if (!firing_) reschedule();
}

void AsioTimerService::cancel(TimerId id) {
  if (queue_.cancel(id) && !firing_) reschedule();
}

void AsioTimerService::reschedule() {
  ++generation_;
  auto next = queue_.next_deadline();
  if (!next) {
    timer_.cancel();
    return;
  }
  timer_.expires_at(*next);
  timer_.async_wait([this, generation = generation_](const boost::system::error_code& ec) {
    if (ec || generation != generation_) return;
    fire_due();
  });
}

void AsioTimerService::fire_due() {
  // Handlers arm and cancel timers while we fire; one reschedule at the end covers them all.
  firing_ = true;
  const TimePoint now = Clock::now();
  while (auto due = queue_.pop_due(now)) fire(due->id, now);
  firing_ = false;
  reschedule();
}

}  // namespace havpnc::engine
