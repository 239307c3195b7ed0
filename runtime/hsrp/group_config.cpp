#include "runtime/hsrp/group_config.h"

#include <chrono>

#include "runtime/track/interface_name.h"

namespace havpnc::hsrp {

namespace {

using std::chrono::duration_cast;

std::string where(const GroupConfig& c) {
  return c.interface_name + " group " + std::to_string(c.group) + ": ";
}

}  // namespace

std::optional<std::string> validate(const GroupConfig& c) {
  if (c.interface_name.empty()) return where(c) + "interface name is empty";
  if (c.own_ip == 0) return where(c) + "interface has no IPv4 address";
  if (c.version == Version::V1 && c.group > 255) return where(c) + "HSRPv1 groups are 0-255";
  if (c.version == Version::V2 && c.group > 4095) return where(c) + "HSRPv2 groups are 0-4095";
  if (c.virtual_ip && *c.virtual_ip == 0) return where(c) + "virtual IP 0.0.0.0";
  if (c.hello_time.has_value() != c.hold_time.has_value())
    return where(c) + "hello and hold time must be configured together (RFC 2281 5.1)";
  if (c.hello_time) {
    const auto hello = duration_cast<milliseconds>(*c.hello_time).count();
    const auto hold = duration_cast<milliseconds>(*c.hold_time).count();
    if (hello <= 0) return where(c) + "hello time must be positive";
    if (hold <= hello) return where(c) + "hold time must be greater than hello time (RFC 2281 5.1)";
    // v1 carries whole seconds in one octet (RFC 2281 5.1); msec timers are run locally and
    // advertised as 0 (codec_v1.cpp says why).
    if (c.version == Version::V1 && hold > 255000) return where(c) + "HSRPv1 hold time is at most 255 seconds";
  }
  if (c.preempt_delay_minimum < Duration::zero() || c.preempt_delay_minimum > seconds(3600))
    return where(c) + "preempt delay minimum is 0-3600 seconds";
  if (c.auth.kind == AuthKind::Md5 && c.auth.key.empty())
    return where(c) + "MD5 authentication needs a key";
  return std::nullopt;
}

std::string group_name(const GroupConfig& c) {
  if (!c.name.empty()) return c.name;
  return "hsrp-" + track::short_interface_name(c.interface_name) + "-" + std::to_string(c.group);
}

}  // namespace havpnc::hsrp
