#include "runtime/sctp/backoff.h"

#include <algorithm>
#include <limits>
#include <utility>

namespace havpnc::sctp {

ReconnectBackoff::ReconnectBackoff(BackoffConfig config, std::function<std::uint32_t()> jitter)
    : config_(config), jitter_(std::move(jitter)) {
  if (config_.initial <= Duration::zero()) config_.initial = Duration{1};
  if (config_.cap < config_.initial) config_.cap = config_.initial;
}

Duration ReconnectBackoff::step() const {
  // Doubling stops as soon as the cap is reached, so no shift can overflow however many
  // attempts fail.
  Duration d = config_.initial;
  for (std::uint32_t i = 0; i < attempts_ && d < config_.cap; ++i) {
    d = (d > config_.cap / 2) ? config_.cap : d * 2;
  }
  return std::min(d, config_.cap);
}

Duration ReconnectBackoff::next_delay() {
  const Duration s = step();
  if (attempts_ < std::numeric_limits<std::uint32_t>::max()) ++attempts_;
  const auto half = s / 2;
  const auto span = s - half;  // the jittered part, [0, span]
  const std::uint64_t r = jitter_ ? jitter_() : 0;
  // r / 2^32 of the span, in integer ticks so the result is exact and deterministic.
  const auto ticks = static_cast<std::uint64_t>(span.count());
  // Split so no product exceeds 64 bits: ticks * r / 2^32 = hi*r + (lo*r >> 32).
  const std::uint64_t hi = ticks >> 32, lo = ticks & 0xffffffffu;
  const auto extra = static_cast<Duration::rep>(hi * r + ((lo * r) >> 32));
  return half + Duration{extra};
}

}  // namespace havpnc::sctp
