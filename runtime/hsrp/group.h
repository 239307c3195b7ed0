#pragma once
// One HSRP group's state machine (RFC 2281 §5), sans-IO: every input carries `now`, every
// output is an Action. The transitions themselves are the data in state_table.cpp; this class
// classifies inputs into §5.5 events and carries out the §5.6 action letters.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "runtime/core/time.h"
#include "runtime/hsrp/actions.h"
#include "runtime/hsrp/group_config.h"
#include "runtime/hsrp/packet.h"
#include "runtime/hsrp/snapshot.h"
#include "runtime/hsrp/state_table.h"

namespace havpnc::hsrp {

struct GroupCounters {
  std::array<std::uint64_t, kDecodeErrorCount> decode_errors{};  // indexed by DecodeError
  std::uint64_t bad_auth = 0;
  std::uint64_t other_group = 0;     // valid packets for another group on the same interface
  std::uint64_t own_packets = 0;     // our own multicast looped back
  std::uint64_t accepted = 0;
  std::uint64_t ignored_while_down = 0;
  std::uint64_t stale_timers = 0;    // timer events for a deadline that moved or was cancelled
  std::uint64_t hellos_sent = 0;
  std::uint64_t coups_sent = 0;
  std::uint64_t resigns_sent = 0;

  std::uint64_t malformed() const;
};

class Group {
 public:
  // Throws std::invalid_argument with validate()'s message when `config` is unusable.
  explicit Group(GroupConfig config);

  // §5.5 a: HSRP configured on an enabled interface (also: the interface came up).
  std::vector<Action> interface_up(TimePoint now);
  // §5.5 b: interface down or `no standby`.
  std::vector<Action> interface_down(TimePoint now);
  // One UDP payload received on the group's interface from `source`.
  std::vector<Action> receive(std::span<const std::uint8_t> payload, Ipv4 source, TimePoint now);
  // A timer this group armed has fired.
  std::vector<Action> timer_expired(Timer timer, TimePoint now);
  // The priority in use changed (`standby N track M decrement D`): configured minus the
  // decrements of tracked objects that are down.
  std::vector<Action> set_priority(std::uint8_t priority, TimePoint now);

  State state() const { return state_; }
  std::uint8_t priority() const { return priority_; }
  std::optional<Ipv4> virtual_ip() const;
  const GroupConfig& config() const { return config_; }
  const GroupCounters& counters() const { return counters_; }
  GroupSnapshot snapshot(TimePoint now) const;

 private:
  struct Peer {
    Ipv4 address = 0;
    std::uint32_t priority = 0;
  };
  struct TimerSlot {
    enum class Status : std::uint8_t { Stopped, Running, Expired };
    Status status = Status::Stopped;
    TimePoint deadline{};
  };
  // What the event being handled came with; the action letters need it.
  struct Context {
    TimePoint now;
    const Packet* packet = nullptr;
    Ipv4 source = 0;
    State previous = State::Initial;
    std::vector<Action>* out = nullptr;
  };

  void dispatch(Event event, Context& ctx);
  void apply_letter(char letter, Context& ctx);
  void change_state(State next, Context& ctx);
  void replay_expired_timers(Context& ctx);
  std::optional<Event> classify(const Packet& packet, Ipv4 source, Context& ctx);
  bool outranks_us(std::uint32_t priority, Ipv4 address) const;
  bool may_preempt(std::uint32_t active_priority) const;
  void consider_preemption(std::uint32_t active_priority, Context& ctx, Event& event);
  void learn(const Packet& packet);
  void send(Opcode opcode, State advertised, Context& ctx);
  void arm(Timer timer, Duration after, Context& ctx);
  void cancel(Timer timer, Context& ctx);
  Duration hold_from(const Packet* packet, State sender_state) const;
  TimerSlot& slot(Timer timer) { return timers_[static_cast<std::size_t>(timer)]; }
  const TimerSlot& slot(Timer timer) const { return timers_[static_cast<std::size_t>(timer)]; }
  Ipv4 destination() const;
  MacAddress vmac() const;

  GroupConfig config_;
  State state_ = State::Initial;
  std::uint8_t priority_;
  std::optional<Ipv4> learned_vip_;
  Duration hello_;
  Duration hold_;
  std::optional<Peer> active_;   // the Active router when it is not us
  std::optional<Peer> standby_;  // the Standby router when it is not us
  std::array<TimerSlot, 4> timers_{};
  TimePoint preempt_allowed_at_{};
  std::uint32_t state_changes_ = 0;
  std::optional<TimePoint> last_change_;
  GroupCounters counters_;
  int dispatch_depth_ = 0;
  std::optional<TimePoint> last_badauth_log_;
};

}  // namespace havpnc::hsrp
