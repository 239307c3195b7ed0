#include "runtime/esp/lifetime.h"

#include <algorithm>
#include <limits>

namespace havpnc::esp {

namespace {
constexpr std::uint64_t kNoLimit = std::numeric_limits<std::uint64_t>::max();
// 2^64 bytes / 1024 still fits: cap kilobytes so the multiplication cannot overflow.
constexpr std::uint64_t kMaxKilobytes = kNoLimit / 1024 / 100;
}  // namespace

Lifetime::Lifetime(const LifetimeLimits& limits, TimePoint installed) {
  const unsigned pct = limits.valid() ? limits.soft_percent : 90;
  if (limits.seconds.count() > 0) {
    // Capped at 100 years so `installed + hard` cannot overflow the clock's representation.
    const auto capped = std::min(limits.seconds, std::chrono::seconds{3'155'760'000});
    const auto hard = std::chrono::duration_cast<Duration>(capped);
    hard_at_ = installed + hard;
    soft_at_ = installed + hard * pct / 100;
  } else {
    hard_at_ = soft_at_ = TimePoint::max();
  }
  if (limits.kilobytes > 0) {
    const std::uint64_t kb = limits.kilobytes < kMaxKilobytes ? limits.kilobytes : kMaxKilobytes;
    hard_bytes_ = kb * 1024;
    soft_bytes_ = hard_bytes_ / 100 * pct + hard_bytes_ % 100 * pct / 100;
  } else {
    hard_bytes_ = soft_bytes_ = kNoLimit;
  }
}

LifetimeEvent Lifetime::poll(TimePoint now) { return evaluate(now); }

LifetimeEvent Lifetime::account(TimePoint now, std::uint64_t bytes) {
  bytes_ = bytes > kNoLimit - bytes_ ? kNoLimit : bytes_ + bytes;
  return evaluate(now);
}

LifetimeEvent Lifetime::evaluate(TimePoint now) {
  if (!hard_fired_ && (now >= hard_at_ || bytes_ >= hard_bytes_)) {
    hard_fired_ = soft_fired_ = true;  // a hard expiry implies the soft one
    return LifetimeEvent::Hard;
  }
  if (!soft_fired_ && (now >= soft_at_ || bytes_ >= soft_bytes_)) {
    soft_fired_ = true;
    return LifetimeEvent::Soft;
  }
  return LifetimeEvent::None;
}

}  // namespace havpnc::esp
