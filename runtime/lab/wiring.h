#pragma once
// Turning the topology table into `ip` commands, and running them. The command list is
// data (unit-tested without root: the seed's exact wiring is checked line by line); every
// command names its namespace with `ip -n` or `ip netns exec`, so nothing is ever created in
// the root namespace.
#include <string>
#include <vector>

#include "runtime/lab/lab_state.h"
#include "runtime/lab/topology.h"
#include "runtime/plan/plan.h"

namespace havpnc::lab {

using Argv = std::vector<std::string>;

// In order: namespaces, bridges, veths (and bridge ports), addresses, links up, forwarding,
// routes.
std::vector<Argv> wiring_commands(const Topology& topology, const LabPaths& paths);

// The node's routes as `ip route replace` commands: Linux deletes every route through an
// interface set administratively down, so `lab link ... up` puts the lab's wiring back.
std::vector<Argv> route_commands(const Node& node, const LabPaths& paths, bool replace);

// br_netfilter off in the lab's switch namespaces (the sysctls are per namespace since Linux
// 5.3; never the root's): bridged ESP otherwise takes a detour through the IPv4 netfilter
// hooks, ~10% of the tunnel path in a profile. Only while br_netfilter is there at all.
std::vector<Argv> bridge_netfilter_off_commands(const Topology& topology, const LabPaths& paths);
bool bridge_netfilter_loaded();

// A head-end run as charon holds its HSRP groups' virtual IPs for good, as the only router of
// its groups (charon has no HSRP): `ip addr add VIP/len` on each group's interface, the length
// of the interface's own address.
std::vector<Argv> static_virtual_ip_commands(const Node& node, const plan::Plan& plan, const LabPaths& paths);

// Runs the commands, stopping at the first failure; returns its description or "".
std::string run_all(const std::vector<Argv>& commands);

}  // namespace havpnc::lab
