#pragma once
// What a Group asks the engine to do. The engine turns each into I/O: a UDP send, an Asio
// timer, a netlink address change, an ARP frame, a log line.
#include <cstdint>
#include <string_view>
#include <variant>
#include <vector>

#include "runtime/core/log_record.h"
#include "runtime/core/time.h"
#include "runtime/hsrp/packet.h"
#include "runtime/hsrp/types.h"

namespace havpnc::hsrp {

// RFC 2281 §5.4 timers, plus the Cisco preemption delay.
enum class Timer : std::uint8_t { Hello, Active, Standby, PreemptDelay };
std::string_view timer_name(Timer timer);

struct SendPacket {
  std::vector<std::uint8_t> payload;  // UDP payload, source/destination port kUdpPort
  Ipv4 destination = 0;               // 224.0.0.2 (v1) or 224.0.0.102 (v2), TTL 1
  Opcode opcode = Opcode::Hello;      // for the engine's counters and debug output
};

// (Re)arm: a later ArmTimer for the same timer replaces the earlier deadline.
struct ArmTimer {
  Timer timer;
  TimePoint deadline;
};

struct CancelTimer {
  Timer timer;
};

// Becoming Active: answer ARP for `address` with `mac` and accept traffic to it.
struct AddVirtualIp {
  Ipv4 address = 0;
  MacAddress mac{};
};

struct RemoveVirtualIp {
  Ipv4 address = 0;
  MacAddress mac{};
};

// RFC 2281 §5.6 action I: tell hosts and switches that `address` now lives at `mac`.
struct SendGratuitousArp {
  Ipv4 address = 0;
  MacAddress mac{};
};

using Action = std::variant<SendPacket, ArmTimer, CancelTimer, AddVirtualIp, RemoveVirtualIp,
                            SendGratuitousArp, LogRecord>;

}  // namespace havpnc::hsrp
