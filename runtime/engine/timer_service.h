#pragma once
// The host's clock and timers. Two implementations: FakeTimerService (tests move time by
// hand, due timers fire in deadline order with `now` set to each deadline) and
// AsioTimerService (one steady_timer on the io_context for the earliest deadline).
#include <functional>

#include "runtime/core/time.h"
#include "runtime/engine/timer_queue.h"

namespace havpnc::engine {

class TimerService {
 public:
  using Handler = std::function<void(TimerId id, TimePoint now)>;

  virtual ~TimerService() = default;
  virtual TimePoint now() const = 0;
  virtual void arm(TimerId id, TimePoint deadline) = 0;
  virtual void cancel(TimerId id) = 0;
  virtual std::size_t pending() const = 0;

  void on_expiry(Handler handler) { handler_ = std::move(handler); }

 protected:
  void fire(TimerId id, TimePoint now) {
    if (handler_) handler_(id, now);
  }

 private:
  Handler handler_;
};

class FakeTimerService final : public TimerService {
 public:
  explicit FakeTimerService(TimePoint start = TimePoint{}) : now_(start) {}

  TimePoint now() const override { return now_; }
  void arm(TimerId id, TimePoint deadline) override { queue_.arm(id, deadline); }
  void cancel(TimerId id) override { queue_.cancel(id); }
  std::size_t pending() const override { return queue_.size(); }
  std::optional<TimePoint> deadline(TimerId id) const { return queue_.deadline(id); }

  // Moves time forward to `until`, firing every timer due by then in order, including
  // timers that the handlers arm on the way. Returns how many fired.
  std::size_t advance_to(TimePoint until);
  std::size_t advance(Duration by) { return advance_to(now_ + by); }

 private:
  TimePoint now_;
  TimerQueue queue_;
};

}  // namespace havpnc::engine
