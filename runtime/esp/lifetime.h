#pragma once
// IPsec SA lifetimes, both kinds IOS negotiates (`set security-association lifetime seconds`
// and `... kilobytes`), each with a soft limit that asks IKE to rekey and a hard limit after
// which the SA must not carry traffic (RFC 4301 §4.4.2.1).
//
// Soft limit choice: 90% of the hard limit, for seconds and for kilobytes. IOS starts the
// rekey shortly before the hard expiry (roughly the last 10% of the lifetime); 90% leaves
// a quick mode exchange plenty of time even for the IOS minimum of 120 s, and is
// configurable per SA (soft_percent) should interop need another figure.
#include <chrono>
#include <cstdint>

#include "runtime/core/time.h"

namespace havpnc::esp {

struct LifetimeLimits {
  std::chrono::seconds seconds{3600};  // IOS default; 0 = no time limit
  std::uint64_t kilobytes = 4608000;   // IOS default; 0 = no volume limit
  unsigned soft_percent = 90;          // 1..100
  bool valid() const { return soft_percent >= 1 && soft_percent <= 100 && seconds.count() >= 0; }
};

// Returned with the packet (or poll) that crossed a limit; each fires once per SA.
enum class LifetimeEvent : std::uint8_t { None, Soft, Hard };

class Lifetime {
 public:
  Lifetime(const LifetimeLimits& limits, TimePoint installed);

  // Time check only: for the engine's timer, so an idle SA also expires.
  LifetimeEvent poll(TimePoint now);
  // Counts `bytes` (the protected inner packet) and checks both limits.
  LifetimeEvent account(TimePoint now, std::uint64_t bytes);
  // SSO takeover (issue 7): the SA was negotiated on the old active at `established` (this
  // router's clock: the replica carries an age, not a time point, as two routers' steady
  // clocks share no epoch) and had carried `bytes` there. RFC 4301 §4.4.2.1 limits are the
  // SA's, not the router's: the deadlines move back to `established` and the volume counts
  // on from `bytes`, so a taken-over SA expires and rekeys when it would have on the old
  // active. Events fire on the next poll()/account(); nothing moves forward (an
  // `established` after installation or fewer bytes than already counted change nothing).
  void restore(TimePoint established, std::uint64_t bytes);

  bool hard_expired() const { return hard_fired_; }
  bool soft_expired() const { return soft_fired_; }
  std::uint64_t bytes() const { return bytes_; }
  // When to arm timers; TimePoint::max() when there is no time limit.
  TimePoint soft_deadline() const { return soft_at_; }
  TimePoint hard_deadline() const { return hard_at_; }

 private:
  LifetimeEvent evaluate(TimePoint now);

  TimePoint installed_;
  TimePoint soft_at_;
  TimePoint hard_at_;
  std::uint64_t soft_bytes_;
  std::uint64_t hard_bytes_;
  std::uint64_t bytes_ = 0;
  bool soft_fired_ = false;
  bool hard_fired_ = false;
};

}  // namespace havpnc::esp
