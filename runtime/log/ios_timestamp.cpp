#include "runtime/log/ios_timestamp.h"

#include <array>
#include <cstdio>
#include <ctime>

namespace havpnc::log {

std::string ios_timestamp(WallTime when) {
  static constexpr std::array<const char*, 12> kMonths = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const auto since_epoch = when.time_since_epoch();
  auto secs = std::chrono::floor<std::chrono::seconds>(since_epoch);
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch - secs);
  const std::time_t t = static_cast<std::time_t>(secs.count());
  std::tm tm{};
  if (gmtime_r(&t, &tm) == nullptr || tm.tm_mon < 0 || tm.tm_mon > 11) return "*??? ?? ??:??:??.???";
  std::array<char, 32> buf{};
  std::snprintf(buf.data(), buf.size(), "*%s %2d %02d:%02d:%02d.%03d", kMonths[tm.tm_mon],
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(millis.count()));
  return buf.data();
}

}  // namespace havpnc::log
