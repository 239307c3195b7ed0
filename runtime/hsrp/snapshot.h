#pragma once
// A group's state at one instant, for `show standby` and its JSON form. Times are relative to
// the `now` the snapshot was taken at, so formatting needs no clock.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "runtime/core/time.h"
#include "runtime/hsrp/auth.h"
#include "runtime/hsrp/types.h"

namespace havpnc::hsrp {

struct RouterView {
  enum class Who : std::uint8_t { Unknown, Local, Peer };
  Who who = Who::Unknown;
  Ipv4 address = 0;               // Peer only
  std::uint32_t priority = 0;     // Peer only
  std::optional<Duration> expires_in;  // Peer only: time left on the Active/Standby timer
};

// One `standby N track M decrement D` line of `show standby`.
struct TrackLine {
  std::uint32_t object = 0;
  bool up = false;
  std::uint8_t decrement = 0;
};

struct GroupSnapshot {
  std::string interface_name;
  std::uint16_t group = 0;
  Version version = Version::V1;
  std::string name;
  bool name_is_default = true;
  State state = State::Initial;
  std::uint32_t state_changes = 0;
  std::optional<Duration> since_last_change;
  std::optional<Ipv4> virtual_ip;
  bool virtual_ip_learned = false;
  MacAddress virtual_mac{};
  Duration hello{};
  Duration hold{};
  bool timers_configured = false;
  std::optional<Duration> next_hello_in;
  bool preempt = false;
  Duration preempt_delay_minimum{0};
  std::optional<Duration> preempt_delay_remaining;
  RouterView active;
  RouterView standby;
  std::uint8_t priority = 0;
  std::uint8_t configured_priority = 0;
  AuthKind auth = AuthKind::Text;
  bool auth_is_default = true;
  std::uint32_t auth_key_id = 0;
  std::vector<TrackLine> tracking;  // filled by add_tracking() (tracked_priority.h)
};

}  // namespace havpnc::hsrp
