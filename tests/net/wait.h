#pragma once
// Waiting on the edges the way the engine does: async_wait_readable in an io_context, then
// a non-blocking receive. Bounded by a deadline so a missing packet fails the test instead
// of hanging it.
#include <chrono>
#include <memory>
#include <optional>
#include <system_error>

#include <boost/asio/io_context.hpp>

namespace havpnc::net::testing {

// Calls `attempt(ec)` until it returns a value, waiting for readability in between.
template <class Waitable, class Attempt>
auto receive_within(boost::asio::io_context& io, Waitable& waitable, Attempt attempt,
                    std::chrono::milliseconds timeout = std::chrono::milliseconds(3000))
    -> decltype(attempt(std::declval<std::error_code&>())) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    std::error_code ec;
    auto got = attempt(ec);
    if (got) return got;
    if (std::chrono::steady_clock::now() >= deadline) return got;
    auto ready = std::make_shared<bool>(false);
    waitable.async_wait_readable([ready](const boost::system::error_code& e) {
      if (!e) *ready = true;
    });
    io.restart();
    while (!*ready && std::chrono::steady_clock::now() < deadline) io.run_one_until(deadline);
  }
}

}  // namespace havpnc::net::testing
