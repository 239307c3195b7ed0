#pragma once
// Real timers: the queue's earliest deadline drives one steady_timer on the io_context.
// Each re-arm bumps a generation, so a wait that completed before it was cancelled finds
// itself stale and does nothing; due timers fire with the clock read once per wake-up.
#include <cstdint>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "runtime/engine/timer_service.h"

namespace havpnc::engine {

class AsioTimerService final : public TimerService {
 public:
  explicit AsioTimerService(boost::asio::io_context& io) : timer_(io) {}

  TimePoint now() const override { return Clock::now(); }
  void arm(TimerId id, TimePoint deadline) override;
  void cancel(TimerId id) override;
  std::size_t pending() const override { return queue_.size(); }

 private:
  void reschedule();
  void fire_due();

  boost::asio::steady_timer timer_;
  TimerQueue queue_;
  std::uint64_t generation_ = 0;
  bool firing_ = false;
};

}  // namespace havpnc::engine
