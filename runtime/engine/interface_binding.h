#pragma once
// Binding plan interfaces (IOS names) to Linux interfaces: each plan interface with an
// address goes to the Linux interface that carries that address, unless the operator named
// one with `--bind Gi0/1=eth1`. Pure: the system's interfaces come in as data, so every
// refusal ("no Linux interface carries 6.6.156.10") is unit-tested without privileges.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "runtime/engine/actions.h"

namespace havpnc::engine {

struct SystemInterface {
  std::string name;  // "eth1"
  bool up = false;       // IFF_UP: administratively up
  bool running = false;  // IFF_RUNNING: carrier, the line protocol
  std::vector<std::pair<Ipv4, std::uint8_t>> addresses;  // IPv4 address, prefix length
};

struct PlanInterface {
  std::string name;  // "GigabitEthernet0/1"
  std::optional<std::pair<Ipv4, std::uint8_t>> address;
  bool shutdown = false;
};

struct Binding {
  std::string ios_name;
  std::string linux_name;  // empty: the plan interface has no address and no --bind
};

struct BindResult {
  std::vector<Binding> bindings;  // in plan order
  std::string error;              // empty on success
  bool ok() const { return error.empty(); }
};

// `explicit_binds`: IOS name (full or abbreviated, as the operator typed it) -> Linux name.
BindResult bind_interfaces(const std::vector<PlanInterface>& plan,
                           const std::vector<SystemInterface>& system,
                           const std::map<std::string, std::string>& explicit_binds);

// The system's interfaces with their IPv4 addresses and flags (getifaddrs), in the calling
// thread's network namespace.
std::vector<SystemInterface> system_interfaces();

}  // namespace havpnc::engine
