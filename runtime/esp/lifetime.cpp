#include "runtime/esp/lifetime.h"

#include <algorithm>
#include <limits>

namespace havpnc::esp {

namespace {
constexpr std::uint64_t kNoLimit = std::numeric_limits<std::uint64_t>::max();
// 2^64 bytes / 1024 still fits: cap kilobytes so the multiplication cannot overflow.
constexpr std::uint64_t kMaxKilobytes = kNoLimit / 1024 / 100;
constexpr std::chrono::seconds kMaxSeconds{3'155'760'000};  // 100 years
constexpr Duration kMaxAge = std::chrono::duration_cast<Duration>(kMaxSeconds) * 2;
}  // namespace

Lifetime::Lifetime(const LifetimeLimits& limits, TimePoint installed) : installed_(installed) {
  const unsigned pct = limits.valid() ? limits.soft_percent : 90;
  if (limits.seconds.count() > 0) {
    // Capped at 100 years so `installed + hard` cannot overflow the clock's representation.
    const auto capped = std::min(limits.seconds, kMaxSeconds);
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

void Lifetime::restore(TimePoint established, std::uint64_t bytes) {
  bytes_ = std::max(bytes_, bytes);
  if (established >= installed_) return;
  // An SA older than its longest possible lifetime is simply expired; clamping the age there
  // keeps a hostile `established` (TimePoint::min()) from overflowing the subtraction.
  const Duration earlier =
      established < installed_ - kMaxAge ? kMaxAge : installed_ - established;
  installed_ -= earlier;
  if (hard_at_ != TimePoint::max()) hard_at_ -= earlier;
  if (soft_at_ != TimePoint::max()) soft_at_ -= earlier;
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
