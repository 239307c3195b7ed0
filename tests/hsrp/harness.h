#pragma once
// A Group driven by a fake clock: it keeps the timers the group arms and fires them in
// deadline order as time advances, recording every action.
#include <algorithm>
#include <map>
#include <optional>
#include <vector>

#include "runtime/hsrp/auth.h"
#include "runtime/hsrp/group.h"
#include "tests/hsrp/test_util.h"

namespace havpnc::hsrp::test {

inline constexpr Ipv4 ip(unsigned a, unsigned b, unsigned c, unsigned d) {
  return (a << 24) | (b << 16) | (c << 8) | d;
}

inline GroupConfig seed_config(Ipv4 own = ip(6, 6, 156, 10)) {
  GroupConfig c;
  c.interface_name = "GigabitEthernet0/1";
  c.own_ip = own;
  c.own_mac = MacAddress{{0x02, 0, 0, 0, 0, static_cast<std::uint8_t>(own & 0xff)}};
  c.group = 2;
  c.virtual_ip = ip(6, 6, 156, 100);
  return c;
}

class Harness {
 public:
  explicit Harness(GroupConfig config) : group(std::move(config)) {}

  std::vector<Action> up() { return absorb(group.interface_up(now)); }
  std::vector<Action> down() { return absorb(group.interface_down(now)); }
  std::vector<Action> priority(std::uint8_t p) { return absorb(group.set_priority(p, now)); }
  std::vector<Action> receive(const std::vector<std::uint8_t>& bytes, Ipv4 source) {
    return absorb(group.receive(bytes, source, now));
  }

  // A message from a peer using the same authentication as this group.
  std::vector<Action> hear(Opcode op, State state, std::uint32_t priority, Ipv4 source,
                           std::uint32_t hello_ms = 3000, std::uint32_t hold_ms = 10000) {
    return receive(peer_bytes(op, state, priority, source, hello_ms, hold_ms), source);
  }

  std::vector<std::uint8_t> peer_bytes(Opcode op, State state, std::uint32_t priority, Ipv4 source,
                                       std::uint32_t hello_ms = 3000,
                                       std::uint32_t hold_ms = 10000) const {
    Packet p;
    p.version = group.config().version;
    p.opcode = op;
    p.state = state;
    p.priority = priority;
    p.group = group.config().group;
    p.hello_ms = hello_ms;
    p.hold_ms = hold_ms;
    p.virtual_ip = peer_vip;
    return encode_authenticated(p, group.config().auth, source);
  }

  // Fires due timers in deadline order up to `until`, then sets the clock there.
  std::vector<Action> advance_to(TimePoint until) {
    std::vector<Action> out;
    while (true) {
      auto next = std::min_element(timers.begin(), timers.end(),
                                   [](const auto& a, const auto& b) { return a.second < b.second; });
      if (next == timers.end() || next->second > until) break;
      const Timer t = next->first;
      now = next->second;
      timers.erase(next);
      auto acts = absorb(group.timer_expired(t, now));
      out.insert(out.end(), acts.begin(), acts.end());
    }
    now = until;
    return out;
  }
  std::vector<Action> advance(Duration d) { return advance_to(now + d); }

  std::optional<TimePoint> deadline(Timer t) const {
    auto it = timers.find(t);
    if (it == timers.end()) return std::nullopt;
    return it->second;
  }

  std::vector<Action> absorb(std::vector<Action> acts) {
    for (const auto& a : acts) {
      if (const auto* arm = std::get_if<ArmTimer>(&a)) timers[arm->timer] = arm->deadline;
      if (const auto* cancel = std::get_if<CancelTimer>(&a)) timers.erase(cancel->timer);
      history.push_back(a);
    }
    return acts;
  }

  Group group;
  TimePoint now{};
  Ipv4 peer_vip = ip(6, 6, 156, 100);
  std::map<Timer, TimePoint> timers;
  std::vector<Action> history;
};

// Decodes the packets a group sent, in order.
inline std::vector<Packet> sent(const std::vector<Action>& acts) {
  std::vector<Packet> out;
  for (const auto& s : all_of_type<SendPacket>(acts)) {
    auto r = decode(s.destination == kV1Multicast ? Version::V1 : Version::V2, s.payload);
    if (r.packet) out.push_back(*r.packet);
  }
  return out;
}

}  // namespace havpnc::hsrp::test
