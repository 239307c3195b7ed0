#pragma once
// Vocabulary shared by the HSRP codec, state machine and show formatters.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace havpnc::hsrp {

// IPv4 address in host byte order; the codec converts at the wire boundary.
using Ipv4 = std::uint32_t;

std::string format_ipv4(Ipv4 address);

struct MacAddress {
  std::array<std::uint8_t, 6> octets{};
  friend bool operator==(const MacAddress&, const MacAddress&) = default;
};

// IOS writes MACs as three dotted groups of four hex digits: 0000.0c07.ac02.
std::string format_mac(const MacAddress& mac);

enum class Version : std::uint8_t { V1 = 1, V2 = 2 };

// RFC 2281 §5.1 Op Code; Cisco's opcode 3 (Advertise) is not part of the state machine.
enum class Opcode : std::uint8_t { Hello = 0, Coup = 1, Resign = 2 };

// RFC 2281 §5.3 states, independent of how each version encodes them on the wire.
enum class State : std::uint8_t { Initial, Learn, Listen, Speak, Standby, Active };

// The names IOS prints in logs and `show standby` ("State is Init").
std::string_view state_name(State state);
std::string_view opcode_name(Opcode opcode);

// RFC 2281 §5.1: v1 states are bit values (0, 1, 2, 4, 8, 16).
std::uint8_t v1_state_code(State state);
bool state_from_v1_code(std::uint8_t code, State& out);

// HSRPv2 Group State TLV numbers states 1..6 (0 = Disabled, never sent by a running group).
std::uint8_t v2_state_code(State state);
bool state_from_v2_code(std::uint8_t code, State& out);

}  // namespace havpnc::hsrp
