#include "runtime/hsrp/state_table.h"

#include <array>

namespace havpnc::hsrp {

namespace {

using S = State;
using E = Event;
using N = Next;

// Each row is one non-empty cell of the RFC 2281 §5.7 table ("current state: event ->
// actions / next state"). The §5.5 events and §5.6 actions were read in the RFC text; the
// table's cells were cross-checked against the QualNet HSRP model, a function-per-event
// implementation of §5.7, and against the cells public walkthroughs quote (Active g -> AB/4,
// Active h -> G, Speak e -> F). Two places where QualNet adds actions the table lacks (B on
// Learn g/h, A on Speak d/l, "the state diagram does not include this action") are handled
// here by replaying an expired timer instead (group.cpp), which keeps the cells as written.
// The P rows are the h cells when Cisco preemption applies: Coup, Hello, gratuitous ARP.
constexpr std::array kTable{
    // 1 Initial
    Transition{S::Initial, E::a_Enabled, "AB", N::LearnOrListen, "RFC 2281 5.7 a/1"},

    // 2 Learn: waits for the Active's Hello to learn the virtual IP.
    Transition{S::Learn, E::b_Disabled, "CD", N::Initial, "RFC 2281 5.7 b/2"},
    Transition{S::Learn, E::g_ActiveHigherHello, "AE", N::Listen, "RFC 2281 5.7 g/2"},
    Transition{S::Learn, E::h_ActiveLowerHello, "AE", N::Listen, "RFC 2281 5.7 h/2"},

    // 3 Listen: knows the virtual IP, neither Active nor Standby, silent.
    Transition{S::Listen, E::b_Disabled, "CD", N::Initial, "RFC 2281 5.7 b/3"},
    Transition{S::Listen, E::c_ActiveTimerExpiry, "AB", N::Speak, "RFC 2281 5.7 c/3"},
    Transition{S::Listen, E::d_StandbyTimerExpiry, "B", N::Speak, "RFC 2281 5.7 d/3"},
    Transition{S::Listen, E::g_ActiveHigherHello, "AE", N::Stay, "RFC 2281 5.7 g/3"},
    Transition{S::Listen, E::h_ActiveLowerHello, "AE", N::Stay, "RFC 2281 5.7 h/3"},
    Transition{S::Listen, E::P_Preempt, "CBGFI", N::Active, "RFC 2281 5.7 h/3 with preemption"},
    Transition{S::Listen, E::i_ActiveResign, "AB", N::Speak, "RFC 2281 5.7 i/3"},
    Transition{S::Listen, E::k_StandbyHigherHello, "B", N::Stay, "RFC 2281 5.7 k/3"},
    Transition{S::Listen, E::l_StandbyLowerHello, "B", N::Speak, "RFC 2281 5.7 l/3"},

    // 4 Speak: sends Hellos and takes part in the election.
    Transition{S::Speak, E::b_Disabled, "CD", N::Initial, "RFC 2281 5.7 b/4"},
    // c/4 is empty: with no Active heard the Active timer stays expired, and the Standby
    // row's c cell applies once the Standby timer has made this router Standby (5.4 timers
    // run until they expire; group.cpp replays an expired timer on entering a state).
    Transition{S::Speak, E::d_StandbyTimerExpiry, "D", N::Standby, "RFC 2281 5.7 d/4"},
    Transition{S::Speak, E::e_HelloTimerExpiry, "F", N::Stay, "RFC 2281 5.7 e/4"},
    Transition{S::Speak, E::f_SpeakHigherHello, "B", N::Listen, "RFC 2281 5.7 f/4"},
    Transition{S::Speak, E::g_ActiveHigherHello, "AE", N::Stay, "RFC 2281 5.7 g/4"},
    Transition{S::Speak, E::h_ActiveLowerHello, "AE", N::Stay, "RFC 2281 5.7 h/4"},
    Transition{S::Speak, E::P_Preempt, "CBGFI", N::Active, "RFC 2281 5.7 h/4 with preemption"},
    Transition{S::Speak, E::i_ActiveResign, "A", N::Stay, "RFC 2281 5.7 i/4"},
    Transition{S::Speak, E::k_StandbyHigherHello, "B", N::Listen, "RFC 2281 5.7 k/4"},
    Transition{S::Speak, E::l_StandbyLowerHello, "D", N::Standby, "RFC 2281 5.7 l/4"},

    // 5 Standby: next in line; takes over when the Active's hold time runs out.
    Transition{S::Standby, E::b_Disabled, "CD", N::Initial, "RFC 2281 5.7 b/5"},
    Transition{S::Standby, E::c_ActiveTimerExpiry, "CDFI", N::Active, "RFC 2281 5.7 c/5"},
    Transition{S::Standby, E::e_HelloTimerExpiry, "F", N::Stay, "RFC 2281 5.7 e/5"},
    Transition{S::Standby, E::f_SpeakHigherHello, "B", N::Listen, "RFC 2281 5.7 f/5"},
    Transition{S::Standby, E::g_ActiveHigherHello, "AE", N::Stay, "RFC 2281 5.7 g/5"},
    Transition{S::Standby, E::h_ActiveLowerHello, "AE", N::Stay, "RFC 2281 5.7 h/5"},
    Transition{S::Standby, E::P_Preempt, "CBGFI", N::Active, "RFC 2281 5.7 h/5 with preemption"},
    Transition{S::Standby, E::i_ActiveResign, "CFI", N::Active, "RFC 2281 5.7 i/5"},
    Transition{S::Standby, E::k_StandbyHigherHello, "B", N::Listen, "RFC 2281 5.7 k/5"},

    // 6 Active: owns the virtual IP and MAC.
    Transition{S::Active, E::b_Disabled, "CDH", N::Initial, "RFC 2281 5.7 b/6"},
    Transition{S::Active, E::e_HelloTimerExpiry, "F", N::Stay, "RFC 2281 5.7 e/6"},
    Transition{S::Active, E::g_ActiveHigherHello, "AB", N::Speak, "RFC 2281 5.7 g/6"},
    Transition{S::Active, E::h_ActiveLowerHello, "G", N::Stay, "RFC 2281 5.7 h/6"},
    Transition{S::Active, E::j_HigherCoup, "ABH", N::Speak, "RFC 2281 5.7 j/6"},
    Transition{S::Active, E::k_StandbyHigherHello, "B", N::Stay, "RFC 2281 5.7 k/6"},
    Transition{S::Active, E::l_StandbyLowerHello, "B", N::Stay, "RFC 2281 5.7 l/6"},
};

}  // namespace

char event_letter(Event event) {
  if (event == Event::P_Preempt) return 'P';
  return static_cast<char>('a' + static_cast<int>(event));
}

std::span<const Transition> transition_table() { return kTable; }

const Transition* find_transition(State from, Event event) {
  for (const auto& row : kTable) {
    if (row.from == from && row.event == event) return &row;
  }
  return nullptr;
}

}  // namespace havpnc::hsrp
