#pragma once
// Reconnect pacing for the initiator after an association fails or an INIT is not answered.
// Sans-IO: the caller asks for the next delay and arms its own timer.
//
// Exponential from `initial` doubling to `cap`, with "equal jitter": half the step is fixed,
// the other half drawn from the injected source. Two routers that lost the link at the same
// instant thus do not retry in lockstep, and the fixed half keeps a lower bound so a peer
// that is down is not hammered.
#include <cstdint>
#include <functional>

#include "runtime/core/time.h"

namespace havpnc::sctp {

struct BackoffConfig {
  Duration initial = milliseconds{100};
  Duration cap = seconds{5};
};

class ReconnectBackoff {
 public:
  // `jitter` returns a value uniformly distributed over the full uint32 range (e.g. a
  // std::mt19937 seeded once at start; tests pass a fixed sequence).
  ReconnectBackoff(BackoffConfig config, std::function<std::uint32_t()> jitter);

  // The delay before attempt number attempts()+1; counts the attempt.
  Duration next_delay();
  // The association came up: the next failure starts from `initial` again.
  void reset() { attempts_ = 0; }
  std::uint32_t attempts() const { return attempts_; }
  // The un-jittered step for the next attempt (what next_delay() varies around).
  Duration step() const;

 private:
  BackoffConfig config_;
  std::function<std::uint32_t()> jitter_;
  std::uint32_t attempts_ = 0;
};

}  // namespace havpnc::sctp
