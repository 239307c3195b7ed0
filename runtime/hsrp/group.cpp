#include "runtime/hsrp/group.h"

#include <algorithm>
#include <chrono>
#include <stdexcept>

#include "runtime/hsrp/auth.h"
#include "runtime/hsrp/virtual_mac.h"

namespace havpnc::hsrp {

namespace {

using std::chrono::duration_cast;

// RFC 2281 §5.4: only Speak, Standby and Active send periodic Hellos.
bool speaks(State s) { return s == State::Speak || s == State::Standby || s == State::Active; }

// States that may take the Active role by preemption (the P rows of the table).
bool may_take_over(State s) { return s == State::Listen || s == State::Speak || s == State::Standby; }

// Bounds replays of expired timers: every replayed cell re-arms or stops the timer it
// consumes, so two levels suffice; the guard only keeps a future table edit from looping.
constexpr int kMaxDispatchDepth = 8;

constexpr Duration kBadAuthLogInterval = seconds(10);

// The widest timers IOS accepts (`standby timers`: hello 15 ms-254 s, hold 50 ms-255 s).
// Values outside are not learned or used, so an authenticated but broken peer cannot make
// this router send Hellos every millisecond or wait days for a dead Active.
constexpr std::uint32_t kMinHelloMs = 15;
constexpr std::uint32_t kMaxHelloMs = 254000;
constexpr std::uint32_t kMinHoldMs = 50;
constexpr std::uint32_t kMaxHoldMs = 255000;

bool sane_hold(std::uint32_t hold_ms) { return hold_ms >= kMinHoldMs && hold_ms <= kMaxHoldMs; }

std::uint32_t to_ms(Duration d) {
  return static_cast<std::uint32_t>(duration_cast<milliseconds>(d).count());
}

}  // namespace

std::uint64_t GroupCounters::malformed() const {
  std::uint64_t total = 0;
  for (auto n : decode_errors) total += n;
  return total;
}

Group::Group(GroupConfig config)
    : config_(std::move(config)),
      priority_(config_.priority),
      hello_(config_.hello_time.value_or(kDefaultHello)),
      hold_(config_.hold_time.value_or(kDefaultHold)) {
  if (auto error = validate(config_)) throw std::invalid_argument(*error);
}

std::optional<Ipv4> Group::virtual_ip() const {
  if (config_.virtual_ip) return config_.virtual_ip;
  return learned_vip_;
}

Ipv4 Group::destination() const {
  return config_.version == Version::V1 ? kV1Multicast : kV2Multicast;
}

MacAddress Group::vmac() const { return virtual_mac(config_.version, config_.group); }

std::vector<Action> Group::interface_up(TimePoint now) {
  std::vector<Action> out;
  if (state_ != State::Initial) return out;
  // `preempt delay minimum` counts from the group coming up (IOS: "postpone taking over the
  // active role for delay (minimum) seconds since that router was last restarted").
  preempt_allowed_at_ = now + config_.preempt_delay_minimum;
  Context ctx{now, nullptr, 0, state_, &out};
  dispatch(Event::a_Enabled, ctx);
  return out;
}

std::vector<Action> Group::interface_down(TimePoint now) {
  std::vector<Action> out;
  Context ctx{now, nullptr, 0, state_, &out};
  dispatch(Event::b_Disabled, ctx);
  return out;
}

std::vector<Action> Group::receive(std::span<const std::uint8_t> payload, Ipv4 source,
                                   TimePoint now) {
  std::vector<Action> out;
  const auto decoded = decode(config_.version, payload);
  if (!decoded.packet) {
    ++counters_.decode_errors[static_cast<std::size_t>(decoded.error)];
    return out;
  }
  const Packet& packet = *decoded.packet;
  if (packet.group != config_.group) {
    ++counters_.other_group;
    return out;
  }
  if (source == config_.own_ip) {
    ++counters_.own_packets;
    return out;
  }
  if (!authenticate(packet, payload, config_.auth)) {
    ++counters_.bad_auth;
    // A flood of forged Hellos must not become a flood of log lines: one record per
    // kBadAuthLogInterval, the counter keeps the exact number.
    if (last_badauth_log_ && now - *last_badauth_log_ < kBadAuthLogInterval) return out;
    last_badauth_log_ = now;
    out.emplace_back(LogRecord{"HSRP", Severity::Warning, "BADAUTH",
                               "Bad authentication from " + format_ipv4(source) + ", group " +
                                   std::to_string(packet.group) + ", remote state " +
                                   std::string(state_name(packet.state))});
    return out;
  }
  if (state_ == State::Initial) {
    ++counters_.ignored_while_down;
    return out;
  }
  ++counters_.accepted;
  Context ctx{now, &packet, source, state_, &out};
  if (auto event = classify(packet, source, ctx)) dispatch(*event, ctx);
  if (state_ == State::Active) active_.reset();
  if (state_ == State::Standby) standby_.reset();
  return out;
}

std::vector<Action> Group::timer_expired(Timer timer, TimePoint now) {
  std::vector<Action> out;
  auto& s = slot(timer);
  if (s.status != TimerSlot::Status::Running || now < s.deadline) {
    ++counters_.stale_timers;
    return out;
  }
  s.status = TimerSlot::Status::Expired;
  Context ctx{now, nullptr, 0, state_, &out};
  switch (timer) {
    case Timer::Hello:
      if (speaks(state_)) arm(Timer::Hello, hello_, ctx);
      dispatch(Event::e_HelloTimerExpiry, ctx);
      break;
    case Timer::Active:
      active_.reset();  // a hold time without the Active's Hello: no Active known
      dispatch(Event::c_ActiveTimerExpiry, ctx);
      break;
    case Timer::Standby:
      standby_.reset();
      dispatch(Event::d_StandbyTimerExpiry, ctx);
      break;
    case Timer::PreemptDelay:
      s.status = TimerSlot::Status::Stopped;
      if (active_ && may_take_over(state_) && may_preempt(active_->priority)) {
        dispatch(Event::P_Preempt, ctx);
      }
      break;
  }
  return out;
}

std::vector<Action> Group::set_priority(std::uint8_t priority, TimePoint now) {
  std::vector<Action> out;
  if (priority == priority_) return out;
  priority_ = priority;
  Context ctx{now, nullptr, 0, state_, &out};
  // Announce the new priority at once rather than at the next Hello, so a peer with
  // `preempt` reacts to a tracking change within milliseconds, not up to a hello time later.
  if (speaks(state_)) send(Opcode::Hello, state_, ctx);
  if (active_ && may_take_over(state_)) {
    Event event = Event::h_ActiveLowerHello;
    consider_preemption(active_->priority, ctx, event);
    if (event == Event::P_Preempt) dispatch(event, ctx);
  }
  if (state_ == State::Active) active_.reset();
  return out;
}

bool Group::outranks_us(std::uint32_t priority, Ipv4 address) const {
  // RFC 2281 §5.1 Priority: higher priority wins; equal priorities, the higher IP address.
  if (priority != priority_) return priority > priority_;
  return address > config_.own_ip;
}

bool Group::may_preempt(std::uint32_t active_priority) const {
  // Cisco `standby preempt`: take over "when the local router has a hot standby priority
  // that is higher than the current active router" - strictly higher. The IP tie-break only
  // decides elections, never a preemption: with equal priorities the Active stays Active,
  // as in the seed's `show standby brief` (both routers 100 P, R10 Active, R11 Standby).
  return config_.preempt && priority_ > active_priority;
}

void Group::consider_preemption(std::uint32_t active_priority, Context& ctx, Event& event) {
  if (event != Event::h_ActiveLowerHello || !may_take_over(state_) ||
      !may_preempt(active_priority)) {
    return;
  }
  if (ctx.now >= preempt_allowed_at_) {
    event = Event::P_Preempt;
  } else if (slot(Timer::PreemptDelay).status != TimerSlot::Status::Running) {
    arm(Timer::PreemptDelay, preempt_allowed_at_ - ctx.now, ctx);
  }
}

std::optional<Event> Group::classify(const Packet& p, Ipv4 source, Context& ctx) {
  const bool higher = outranks_us(p.priority, source);
  switch (p.opcode) {
    case Opcode::Hello:
      // A router is what its latest Hello says (IOS: "Standby router is unknown, was X" when
      // X takes over): a Standby peer that now says Active or Speak is no longer the standby
      // router, an Active peer that now says Standby or Speak no longer the active one.
      if (standby_ && standby_->address == source && p.state != State::Standby) standby_.reset();
      if (active_ && active_->address == source && p.state != State::Active) active_.reset();
      switch (p.state) {
        case State::Active: {
          if (state_ != State::Active || higher) active_ = Peer{source, p.priority};
          if (higher) return Event::g_ActiveHigherHello;
          Event event = Event::h_ActiveLowerHello;
          consider_preemption(p.priority, ctx, event);
          return event;
        }
        case State::Standby:
          if (state_ != State::Standby || higher) standby_ = Peer{source, p.priority};
          return higher ? Event::k_StandbyHigherHello : Event::l_StandbyLowerHello;
        case State::Speak:
          if (higher) return Event::f_SpeakHigherHello;
          return std::nullopt;
        default:
          return std::nullopt;  // Initial/Learn/Listen routers do not send Hellos (§5.3)
      }
    case Opcode::Coup:
      if (higher) return Event::j_HigherCoup;
      return std::nullopt;
    case Opcode::Resign:
      if (p.state == State::Active || (active_ && active_->address == source)) {
        active_.reset();
        return Event::i_ActiveResign;
      }
      return std::nullopt;
  }
  return std::nullopt;
}

void Group::dispatch(Event event, Context& ctx) {
  if (dispatch_depth_ >= kMaxDispatchDepth) return;
  const Transition* row = find_transition(state_, event);
  if (row == nullptr) return;
  ++dispatch_depth_;

  // E first: learning the virtual IP decides whether Learn may move on to Listen.
  const bool learns = row->actions.find('E') != std::string_view::npos;
  if (learns && ctx.packet != nullptr) learn(*ctx.packet);

  State next = state_;
  switch (row->next) {
    case Next::Stay: break;
    case Next::Initial: next = State::Initial; break;
    case Next::Learn: next = State::Learn; break;
    case Next::Listen: next = State::Listen; break;
    case Next::Speak: next = State::Speak; break;
    case Next::Standby: next = State::Standby; break;
    case Next::Active: next = State::Active; break;
    case Next::LearnOrListen: next = virtual_ip() ? State::Listen : State::Learn; break;
  }
  // A Hello without a virtual IP teaches nothing: stay in Learn (RFC 2281 §5.3 Learn).
  if (state_ == State::Learn && next == State::Listen && !virtual_ip()) next = State::Learn;

  ctx.previous = state_;
  const bool changed = next != state_;
  if (changed) change_state(next, ctx);
  for (char letter : row->actions) {
    if (letter != 'E') apply_letter(letter, ctx);
  }
  if (changed) replay_expired_timers(ctx);
  --dispatch_depth_;
}

void Group::change_state(State next, Context& ctx) {
  const State old = state_;
  state_ = next;
  ++state_changes_;
  last_change_ = ctx.now;
  ctx.out->emplace_back(LogRecord{"HSRP", Severity::Notice, "STATECHANGE",
                                  config_.interface_name + " Grp " +
                                      std::to_string(config_.group) + " state " +
                                      std::string(state_name(old)) + " -> " +
                                      std::string(state_name(next))});
  if (old == State::Active) {
    ctx.out->emplace_back(RemoveVirtualIp{virtual_ip().value_or(0), vmac()});
  }
  if (next == State::Active) {
    active_.reset();
    ctx.out->emplace_back(AddVirtualIp{virtual_ip().value_or(0), vmac()});
  }
  if (next == State::Standby) standby_.reset();
  if (!speaks(old) && speaks(next)) arm(Timer::Hello, hello_, ctx);
  if (speaks(old) && !speaks(next)) cancel(Timer::Hello, ctx);
  if (!may_take_over(next)) cancel(Timer::PreemptDelay, ctx);
  if (next == State::Initial) {
    active_.reset();
    standby_.reset();
  }
}

void Group::replay_expired_timers(Context& ctx) {
  // A timer that expired in a state whose cell was empty is still expired (§5.4); the new
  // state's cell for that expiry applies now.
  if (slot(Timer::Active).status == TimerSlot::Status::Expired &&
      find_transition(state_, Event::c_ActiveTimerExpiry) != nullptr) {
    Context replay{ctx.now, nullptr, 0, state_, ctx.out};
    dispatch(Event::c_ActiveTimerExpiry, replay);
  }
  if (slot(Timer::Standby).status == TimerSlot::Status::Expired &&
      find_transition(state_, Event::d_StandbyTimerExpiry) != nullptr) {
    Context replay{ctx.now, nullptr, 0, state_, ctx.out};
    dispatch(Event::d_StandbyTimerExpiry, replay);
  }
}

Duration Group::hold_from(const Packet* packet, State sender_state) const {
  // §5.6 A/B: a timer started by an authenticated Hello from that router runs for the Hello's
  // Holdtime; otherwise for the hold time this router uses.
  if (packet != nullptr && packet->opcode == Opcode::Hello && packet->state == sender_state &&
      sane_hold(packet->hold_ms)) {
    return milliseconds(packet->hold_ms);
  }
  return hold_;
}

void Group::apply_letter(char letter, Context& ctx) {
  switch (letter) {
    case 'A': arm(Timer::Active, hold_from(ctx.packet, State::Active), ctx); break;
    case 'B': arm(Timer::Standby, hold_from(ctx.packet, State::Standby), ctx); break;
    case 'C': cancel(Timer::Active, ctx); break;
    case 'D': cancel(Timer::Standby, ctx); break;
    case 'F': send(Opcode::Hello, state_, ctx); break;
    case 'G': send(Opcode::Coup, state_, ctx); break;
    // A Resign speaks for the state being left, so receivers recognise the Active resigning.
    case 'H': send(Opcode::Resign, ctx.previous, ctx); break;
    case 'I':
      if (auto vip = virtual_ip()) ctx.out->emplace_back(SendGratuitousArp{*vip, vmac()});
      break;
    default: break;
  }
}

void Group::learn(const Packet& p) {
  // RFC 2281 §5.1: learn only what is not configured, only from authenticated Hellos of the
  // Active (the E cells), and both timers together.
  if (!config_.virtual_ip && p.virtual_ip != 0) learned_vip_ = p.virtual_ip;
  if (!config_.hello_time && p.hello_ms >= kMinHelloMs && p.hello_ms <= kMaxHelloMs &&
      sane_hold(p.hold_ms) && p.hold_ms > p.hello_ms) {
    hello_ = milliseconds(p.hello_ms);
    hold_ = milliseconds(p.hold_ms);
  }
}

void Group::send(Opcode opcode, State advertised, Context& ctx) {
  Packet p;
  p.version = config_.version;
  p.opcode = opcode;
  p.state = advertised;
  p.hello_ms = to_ms(hello_);
  p.hold_ms = to_ms(hold_);
  p.priority = priority_;
  p.group = config_.group;
  p.identifier = config_.own_mac;
  p.virtual_ip = virtual_ip().value_or(0);
  ctx.out->emplace_back(
      SendPacket{encode_authenticated(p, config_.auth, config_.own_ip), destination(), opcode});
  switch (opcode) {
    case Opcode::Hello: ++counters_.hellos_sent; break;
    case Opcode::Coup: ++counters_.coups_sent; break;
    case Opcode::Resign: ++counters_.resigns_sent; break;
  }
}

void Group::arm(Timer timer, Duration after, Context& ctx) {
  auto& s = slot(timer);
  s.status = TimerSlot::Status::Running;
  s.deadline = ctx.now + after;
  ctx.out->emplace_back(ArmTimer{timer, s.deadline});
}

void Group::cancel(Timer timer, Context& ctx) {
  auto& s = slot(timer);
  const bool was_running = s.status == TimerSlot::Status::Running;
  s.status = TimerSlot::Status::Stopped;
  if (was_running) ctx.out->emplace_back(CancelTimer{timer});
}

GroupSnapshot Group::snapshot(TimePoint now) const {
  GroupSnapshot s;
  s.interface_name = config_.interface_name;
  s.group = config_.group;
  s.version = config_.version;
  s.name = group_name(config_);
  s.name_is_default = config_.name.empty();
  s.state = state_;
  s.state_changes = state_changes_;
  if (last_change_) s.since_last_change = now - *last_change_;
  s.virtual_ip = virtual_ip();
  s.virtual_ip_learned = !config_.virtual_ip && learned_vip_.has_value();
  s.virtual_mac = vmac();
  s.hello = hello_;
  s.hold = hold_;
  s.timers_configured = config_.hello_time.has_value();
  const auto remaining = [&](Timer t) -> std::optional<Duration> {
    const auto& ts = slot(t);
    if (ts.status != TimerSlot::Status::Running) return std::nullopt;
    return std::max(Duration::zero(), ts.deadline - now);
  };
  if (speaks(state_)) s.next_hello_in = remaining(Timer::Hello);
  s.preempt = config_.preempt;
  s.preempt_delay_minimum = config_.preempt_delay_minimum;
  s.preempt_delay_remaining = remaining(Timer::PreemptDelay);
  if (state_ == State::Active) {
    s.active.who = RouterView::Who::Local;
  } else if (active_) {
    s.active = RouterView{RouterView::Who::Peer, active_->address, active_->priority,
                          remaining(Timer::Active)};
  }
  if (state_ == State::Standby) {
    s.standby.who = RouterView::Who::Local;
  } else if (standby_) {
    s.standby = RouterView{RouterView::Who::Peer, standby_->address, standby_->priority,
                           remaining(Timer::Standby)};
  }
  s.priority = priority_;
  s.configured_priority = config_.priority;
  s.auth = config_.auth.kind;
  s.auth_is_default = config_.auth.kind == AuthKind::Text && config_.auth.key == AuthConfig{}.key;
  s.auth_key_id = config_.auth.key_id;
  return s;
}

std::string_view timer_name(Timer timer) {
  switch (timer) {
    case Timer::Hello: return "hello";
    case Timer::Active: return "active";
    case Timer::Standby: return "standby";
    case Timer::PreemptDelay: return "preempt-delay";
  }
  return "unknown";
}

}  // namespace havpnc::hsrp
