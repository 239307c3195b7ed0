#pragma once
// One `standby N ...` group on one interface, as the plan describes it.
#include <cstdint>
#include <optional>
#include <string>

#include "runtime/core/time.h"
#include "runtime/hsrp/auth.h"
#include "runtime/hsrp/types.h"

namespace havpnc::hsrp {

// IOS defaults (RFC 2281 §5.1 recommends the same 3 s / 10 s).
inline constexpr Duration kDefaultHello = seconds(3);
inline constexpr Duration kDefaultHold = seconds(10);
inline constexpr std::uint8_t kDefaultPriority = 100;

struct GroupConfig {
  std::string interface_name;        // full IOS name, "GigabitEthernet0/1"
  Ipv4 own_ip = 0;                   // the interface's primary address: source and tie-break
  MacAddress own_mac{};              // v2 Group State identifier
  std::uint16_t group = 0;           // `standby N`: 0-255 (v1), 0-4095 (v2)
  Version version = Version::V1;     // `standby version 1|2`
  std::optional<Ipv4> virtual_ip;    // `standby N ip A`; absent: learned (RFC 2281 §5.1)
  std::uint8_t priority = kDefaultPriority;
  bool preempt = false;
  Duration preempt_delay_minimum{0}; // `standby N preempt delay minimum S`
  // `standby N timers [msec] H [msec] D`: both or neither, because RFC 2281 §5.1 forbids an
  // Active router from using one configured and one learned time. Absent: learned from the
  // Active's Hellos, defaulting to 3 s / 10 s.
  std::optional<Duration> hello_time;
  std::optional<Duration> hold_time;
  AuthConfig auth;
  std::string name;                  // `standby N name X`; empty: "hsrp-<Gi0/1>-<N>" as IOS
};

// Empty when usable; otherwise what is wrong, naming the group (never a key).
std::optional<std::string> validate(const GroupConfig& config);

// The name `show standby` prints: configured, or IOS's default "hsrp-Gi0/1-2".
std::string group_name(const GroupConfig& config);

}  // namespace havpnc::hsrp
