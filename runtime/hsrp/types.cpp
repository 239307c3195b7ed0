#include "runtime/hsrp/types.h"

#include <cstdio>

namespace havpnc::hsrp {

std::string format_ipv4(Ipv4 address) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", (address >> 24) & 0xffu, (address >> 16) & 0xffu,
                (address >> 8) & 0xffu, address & 0xffu);
  return buf;
}

std::string format_mac(const MacAddress& mac) {
  const auto& o = mac.octets;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02x%02x.%02x%02x.%02x%02x", o[0], o[1], o[2], o[3], o[4], o[5]);
  return buf;
}

std::string_view state_name(State state) {
  switch (state) {
    case State::Initial: return "Init";
    case State::Learn: return "Learn";
    case State::Listen: return "Listen";
    case State::Speak: return "Speak";
    case State::Standby: return "Standby";
    case State::Active: return "Active";
  }
  return "Unknown";
}

std::string_view opcode_name(Opcode opcode) {
  switch (opcode) {
    case Opcode::Hello: return "Hello";
    case Opcode::Coup: return "Coup";
    case Opcode::Resign: return "Resign";
  }
  return "Unknown";
}

std::uint8_t v1_state_code(State state) {
  switch (state) {
    case State::Initial: return 0;
    case State::Learn: return 1;
    case State::Listen: return 2;
    case State::Speak: return 4;
    case State::Standby: return 8;
    case State::Active: return 16;
  }
  return 0;
}

bool state_from_v1_code(std::uint8_t code, State& out) {
  switch (code) {
    case 0: out = State::Initial; return true;
    case 1: out = State::Learn; return true;
    case 2: out = State::Listen; return true;
    case 4: out = State::Speak; return true;
    case 8: out = State::Standby; return true;
    case 16: out = State::Active; return true;
    default: return false;
  }
}

std::uint8_t v2_state_code(State state) {
  return static_cast<std::uint8_t>(static_cast<std::uint8_t>(state) + 1);
}

bool state_from_v2_code(std::uint8_t code, State& out) {
  if (code < 1 || code > 6) return false;
  out = static_cast<State>(code - 1);
  return true;
}

}  // namespace havpnc::hsrp
