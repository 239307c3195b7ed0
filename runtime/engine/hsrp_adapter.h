#pragma once
// hsrp::Action -> engine actions for one group on one interface. The core keeps its own
// vocabulary (RFC 2281 timers by name, VIPs with their virtual MAC); this maps it onto UDP
// 1985 sends with TTL 1 (RFC 2281 §5.1), host timer keys and /32 VIP addresses.
#include <optional>
#include <string>
#include <vector>

#include "runtime/engine/actions.h"
#include "runtime/hsrp/actions.h"

namespace havpnc::engine {

struct HsrpBinding {
  std::string interface;   // IOS name of the group's interface
  Ipv4 own_ip = 0;         // source address of our hellos
  TimerKey timer_base = 0; // this group's four timers use timer_base .. timer_base + 3
};

inline constexpr TimerKey kHsrpTimersPerGroup = 4;

TimerKey hsrp_timer_key(const HsrpBinding& binding, hsrp::Timer timer);
// The group timer a host key stands for, or nothing when the key is not this group's.
std::optional<hsrp::Timer> hsrp_timer_of(const HsrpBinding& binding, TimerKey key);

void adapt_hsrp(std::vector<hsrp::Action> in, const HsrpBinding& binding, Actions& out);

}  // namespace havpnc::engine
