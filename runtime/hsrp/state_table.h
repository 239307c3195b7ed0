#pragma once
// RFC 2281 §5.7 state transition table, kept as data beside the code that applies it
// (group.cpp). Events are the letters of §5.5, actions the letters of §5.6:
//
//   a  HSRP configured on an enabled interface     A  start Active timer
//   b  HSRP disabled / interface down              B  start Standby timer
//   c  Active timer expiry                         C  stop Active timer
//   d  Standby timer expiry                        D  stop Standby timer
//   e  Hello timer expiry                          E  learn parameters (VIP, hello/hold)
//   f  Hello of higher priority from a Speak router F  send Hello
//   g  Hello of higher priority from the Active     G  send Coup
//   h  Hello of lower priority from the Active      H  send Resign
//   i  Resign from the Active                       I  send gratuitous ARP
//   j  Coup from a higher priority router
//   k  Hello of higher priority from the Standby
//   l  Hello of lower priority from the Standby
//
// "Higher priority" compares priority, then the sender's IP address (§5.1 Priority).
// One Cisco extension has its own row: P, event h when `standby preempt` lets this router take
// over (its priority is strictly higher and `delay minimum` has passed).
#include <cstdint>
#include <span>
#include <string_view>

#include "runtime/hsrp/types.h"

namespace havpnc::hsrp {

enum class Event : std::uint8_t {
  a_Enabled,
  b_Disabled,
  c_ActiveTimerExpiry,
  d_StandbyTimerExpiry,
  e_HelloTimerExpiry,
  f_SpeakHigherHello,
  g_ActiveHigherHello,
  h_ActiveLowerHello,
  i_ActiveResign,
  j_HigherCoup,
  k_StandbyHigherHello,
  l_StandbyLowerHello,
  P_Preempt,
};

char event_letter(Event event);

enum class Next : std::uint8_t {
  Stay,
  Initial,
  Learn,
  Listen,
  Speak,
  Standby,
  Active,
  LearnOrListen,  // §5.7 note on a/1: Listen when the virtual IP is known, else Learn
};

struct Transition {
  State from;
  Event event;
  std::string_view actions;  // §5.6 letters, applied left to right
  Next next;
  std::string_view source;   // where the row comes from
};

std::span<const Transition> transition_table();

// nullptr when §5.7 leaves the cell empty: the event changes nothing in that state.
const Transition* find_transition(State from, Event event);

}  // namespace havpnc::hsrp
