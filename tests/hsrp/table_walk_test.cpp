// Every row of the §5.7 table, driven through a real Group with a fake clock: bring a group to
// the row's state, raise the row's event the way the wire or a timer would, and check the
// next state and the visible effect of each action letter. A row added to the table without a
// way to reach it here fails the test.
#include <gtest/gtest.h>

#include <functional>
#include <set>

#include "runtime/hsrp/state_table.h"
#include "tests/hsrp/harness.h"

namespace havpnc::hsrp {
namespace {

using test::Harness;
using test::ip;
using test::seed_config;
using test::sent;

const Ipv4 kActivePeer = ip(6, 6, 156, 11);
const Ipv4 kOtherPeer = ip(6, 6, 156, 12);

// The group under test has priority 100 and preempt on; peers are 150 (Active) and 120.
std::unique_ptr<Harness> in_state(State s) {
  auto config = seed_config();
  config.preempt = true;
  if (s == State::Learn) config.virtual_ip.reset();
  auto h = std::make_unique<Harness>(config);
  switch (s) {
    case State::Initial:
      break;
    case State::Learn:
      h->up();
      break;
    case State::Listen:
      h->up();
      h->hear(Opcode::Hello, State::Active, 150, kActivePeer);
      h->hear(Opcode::Hello, State::Standby, 120, kOtherPeer);
      break;
    case State::Speak:
      h->up();
      h->advance(seconds(5));
      h->hear(Opcode::Hello, State::Active, 150, kActivePeer);
      h->advance(seconds(5));  // Listen's Standby timer: d/3 -> Speak
      break;
    case State::Standby:
      h->up();
      for (int i = 0; i < 8; ++i) {
        h->hear(Opcode::Hello, State::Active, 150, kActivePeer);
        h->advance(seconds(3));
      }
      break;
    case State::Active:
      h->up();
      h->advance(seconds(20));
      break;
  }
  EXPECT_EQ(h->group.state(), s);
  return h;
}

std::vector<Action> fire(Harness& h, Timer t) {
  const auto deadline = h.deadline(t);
  EXPECT_TRUE(deadline) << "timer " << timer_name(t) << " not armed";
  if (!deadline) return {};
  h.now = *deadline;
  h.timers.erase(t);
  return h.absorb(h.group.timer_expired(t, h.now));
}

std::vector<Action> raise(Harness& h, Event e) {
  switch (e) {
    case Event::a_Enabled: return h.up();
    case Event::b_Disabled: return h.down();
    case Event::c_ActiveTimerExpiry: return fire(h, Timer::Active);
    case Event::d_StandbyTimerExpiry: return fire(h, Timer::Standby);
    case Event::e_HelloTimerExpiry: return fire(h, Timer::Hello);
    case Event::f_SpeakHigherHello: return h.hear(Opcode::Hello, State::Speak, 200, kOtherPeer);
    case Event::g_ActiveHigherHello: return h.hear(Opcode::Hello, State::Active, 200, kActivePeer);
    // Equal priority from a lower address: lower, yet not low enough to preempt (strictly
    // higher priority is needed), so h stays h even though the group has preempt on.
    case Event::h_ActiveLowerHello: return h.hear(Opcode::Hello, State::Active, 100, ip(6, 6, 156, 9));
    case Event::P_Preempt: return h.priority(200);  // now above the Active's 150
    case Event::i_ActiveResign: return h.hear(Opcode::Resign, State::Active, 150, kActivePeer);
    case Event::j_HigherCoup: return h.hear(Opcode::Coup, State::Speak, 200, kOtherPeer);
    case Event::k_StandbyHigherHello: return h.hear(Opcode::Hello, State::Standby, 200, kOtherPeer);
    case Event::l_StandbyLowerHello: return h.hear(Opcode::Hello, State::Standby, 50, kOtherPeer);
  }
  return {};
}

std::optional<State> expected_next(const Transition& row) {
  switch (row.next) {
    case Next::Stay: return row.from;
    case Next::Initial: return State::Initial;
    case Next::Learn: return State::Learn;
    case Next::Listen: return State::Listen;
    case Next::Speak: return State::Speak;
    case Next::Standby: return State::Standby;
    case Next::Active: return State::Active;
    case Next::LearnOrListen: return State::Listen;  // the recipe configures the VIP
  }
  return std::nullopt;
}

bool has(const Transition& row, char letter) {
  return row.actions.find(letter) != std::string_view::npos;
}

int count(const std::vector<Packet>& packets, Opcode op) {
  int n = 0;
  for (const auto& p : packets) n += p.opcode == op;
  return n;
}

bool armed(const std::vector<Action>& acts, Timer t) {
  for (const auto& a : test::all_of_type<ArmTimer>(acts)) {
    if (a.timer == t) return true;
  }
  return false;
}

TEST(HsrpTableWalk, EveryRowBehavesAsWritten) {
  for (const auto& row : transition_table()) {
    SCOPED_TRACE(std::string(row.source) + " (" + std::string(state_name(row.from)) + "/" +
                 event_letter(row.event) + ")");
    auto h = in_state(row.from);
    const auto acts = raise(*h, row.event);
    EXPECT_EQ(h->group.state(), expected_next(row));

    const auto packets = sent(acts);
    // A speaking router announces a priority change (how P is raised here) before the row runs.
    const int extra_hellos = row.event == Event::P_Preempt && row.from != State::Listen ? 1 : 0;
    EXPECT_EQ(count(packets, Opcode::Hello), (has(row, 'F') ? 1 : 0) + extra_hellos);
    EXPECT_EQ(count(packets, Opcode::Coup), has(row, 'G') ? 1 : 0);
    EXPECT_EQ(count(packets, Opcode::Resign), has(row, 'H') ? 1 : 0);
    EXPECT_EQ(test::all_of_type<SendGratuitousArp>(acts).size(), has(row, 'I') ? 1u : 0u);
    EXPECT_TRUE(!has(row, 'A') || armed(acts, Timer::Active));
    EXPECT_TRUE(!has(row, 'B') || armed(acts, Timer::Standby));
    EXPECT_TRUE(!has(row, 'C') || !h->deadline(Timer::Active));
    EXPECT_TRUE(!has(row, 'D') || !h->deadline(Timer::Standby));
    const bool changed = expected_next(row) != row.from;
    EXPECT_EQ(test::logs(acts).empty(), !changed);
  }
}

TEST(HsrpTableWalk, EmptyCellsChangeNothing) {
  // Every (state, event) pair without a row, raised where the recipe can raise it, leaves the
  // state alone and sends nothing.
  std::set<std::pair<State, Event>> rows;
  for (const auto& row : transition_table()) rows.emplace(row.from, row.event);
  for (auto s : {State::Learn, State::Listen, State::Speak, State::Standby, State::Active}) {
    for (auto e : {Event::f_SpeakHigherHello, Event::i_ActiveResign, Event::j_HigherCoup,
                   Event::k_StandbyHigherHello, Event::l_StandbyLowerHello}) {
      if (rows.contains({s, e})) continue;
      SCOPED_TRACE(std::string(state_name(s)) + "/" + event_letter(e));
      auto h = in_state(s);
      const auto acts = raise(*h, e);
      EXPECT_EQ(h->group.state(), s);
      EXPECT_TRUE(sent(acts).empty());
    }
  }
}

}  // namespace
}  // namespace havpnc::hsrp
