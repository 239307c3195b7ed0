// AsioTimerService on a real io_context: order, cancel and re-arm from inside a handler.
#include <gtest/gtest.h>

#include <vector>

#include <boost/asio/io_context.hpp>

#include "runtime/engine/asio_timer_service.h"

namespace havpnc::engine {
namespace {

TEST(AsioTimerService, FiresInOrderSkipsCancelledAndRunsDry) {
  boost::asio::io_context io;
  AsioTimerService timers(io);
  std::vector<TimerId> fired;
  const TimePoint start = timers.now();
  timers.on_expiry([&](TimerId id, TimePoint now) {
    EXPECT_GE(now, start);
    fired.push_back(id);
    if (id == 1) timers.arm(4, now + milliseconds(5));  // armed from a handler
  });
  timers.arm(3, start + milliseconds(30));
  timers.arm(1, start + milliseconds(10));
  timers.arm(2, start + milliseconds(20));
  timers.arm(5, start + milliseconds(25));
  timers.cancel(5);
  timers.arm(3, start + milliseconds(40));  // moved later
  io.run();  // returns once nothing is pending: no stray waits left behind
  EXPECT_EQ(fired, (std::vector<TimerId>{1, 4, 2, 3}));
  EXPECT_GE(timers.now() - start, milliseconds(40));
  EXPECT_EQ(timers.pending(), 0u);
}

}  // namespace
}  // namespace havpnc::engine
