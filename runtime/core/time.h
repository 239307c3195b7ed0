#pragma once
// Protocol cores never read a clock: the engine passes `now` in, tests pass a fake one.
#include <chrono>

namespace havpnc {

using Clock = std::chrono::steady_clock;
using TimePoint = Clock::time_point;
using Duration = Clock::duration;
using std::chrono::milliseconds;
using std::chrono::seconds;

}  // namespace havpnc
