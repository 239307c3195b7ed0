#pragma once
// The engine's vocabulary between protocol components and the edges: what comes in (events)
// and what goes out (actions). Every core keeps its own action types; thin adapters
// (hsrp_adapter.h, track_adapter.h, ike_adapter.h) translate them into these.
#include <array>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "runtime/core/log_record.h"
#include "runtime/core/time.h"

namespace havpnc::engine {

using Ipv4 = std::uint32_t;  // host byte order: 6.6.25.2 == 0x06061902 (as hsrp/ and esp/)
using MacAddress = std::array<std::uint8_t, 6>;
using Bytes = std::vector<std::uint8_t>;

// A component's own timer name; the host keeps the keys of different components apart.
using TimerKey = std::uint32_t;

enum class Transport : std::uint8_t {
  Udp,  // IKE 500/4500, HSRP 1985
  Esp,  // raw IP protocol 50 (RFC 4303); ports are 0
};

// ---- events in ----

struct Datagram {
  Transport transport = Transport::Udp;
  Ipv4 source = 0;
  std::uint16_t source_port = 0;
  Ipv4 destination = 0;
  std::uint16_t destination_port = 0;
  std::string interface;  // ingress, IOS name ("GigabitEthernet0/1")
  Bytes payload;          // UDP payload, or the ESP packet after the outer IP header
};

struct LinkChange {
  std::string interface;  // IOS name
  bool up = false;        // line protocol
};

// ---- actions out ----

struct SendDatagram {
  Transport transport = Transport::Udp;
  Ipv4 source = 0;  // 0: the kernel picks the interface address
  std::uint16_t source_port = 0;
  Ipv4 destination = 0;
  std::uint16_t destination_port = 0;
  std::string interface;  // egress, IOS name; empty: the routing table decides
  std::uint8_t ttl = 64;  // HSRP sends with TTL 1 (RFC 2281 §5.1)
  Bytes payload;
};

// (Re)arm: a later ArmTimer with the same key replaces the earlier deadline.
struct ArmTimer {
  TimerKey key = 0;
  TimePoint deadline;
};

struct CancelTimer {
  TimerKey key = 0;
};

struct InterfaceAddress {
  std::string interface;  // IOS name
  Ipv4 address = 0;
  std::uint8_t prefix_length = 32;
  friend bool operator==(const InterfaceAddress&, const InterfaceAddress&) = default;
};

struct Route {
  Ipv4 destination = 0;
  std::uint8_t prefix_length = 0;
  std::string interface;  // IOS name
  Ipv4 gateway = 0;       // 0: directly connected through `interface`
  friend bool operator==(const Route&, const Route&) = default;
};

struct AddAddress {
  InterfaceAddress address;
};
struct RemoveAddress {
  InterfaceAddress address;
};
struct AddRoute {
  Route route;
};
struct RemoveRoute {
  Route route;
};

// RFC 2281 §5.6 action I / RFC 5227 §3: announce that `address` lives at `mac`.
struct SendGratuitousArp {
  std::string interface;  // IOS name
  Ipv4 address = 0;
  MacAddress mac{};
};

using Action = std::variant<SendDatagram, ArmTimer, CancelTimer, AddAddress, RemoveAddress,
                            AddRoute, RemoveRoute, SendGratuitousArp, LogRecord>;
using Actions = std::vector<Action>;

// "6.6.25.2"
std::string format_ipv4(Ipv4 address);

}  // namespace havpnc::engine
