#pragma once
// IOS console timestamps (`service timestamps log datetime msec`), as in the seed:
//   *Dec 11 21:44:26.123
// The leading '*' is what IOS prints when its clock is not authoritative (no NTP / calendar
// sync); havpnc never claims an authoritative clock, so it always prints it. Time is UTC,
// the IOS default when no `clock timezone` is configured.
#include <chrono>
#include <string>

namespace havpnc::log {

using WallTime = std::chrono::system_clock::time_point;

std::string ios_timestamp(WallTime when);

}  // namespace havpnc::log
