#pragma once
// Turning the topology table into `ip` commands, and running them. The command list is
// data (unit-tested without root: the seed's exact wiring is checked line by line); every
// command names its namespace with `ip -n` or `ip netns exec`, so nothing is ever created in
// the root namespace.
#include <string>
#include <vector>

#include "runtime/lab/lab_state.h"
#include "runtime/lab/topology.h"

namespace havpnc::lab {

using Argv = std::vector<std::string>;

// In order: namespaces, bridges, veths (and bridge ports), addresses, links up, forwarding,
// routes.
std::vector<Argv> wiring_commands(const Topology& topology, const LabPaths& paths);

// The node's routes as `ip route replace` commands: Linux deletes every route through an
// interface set administratively down, so `lab link ... up` puts the lab's wiring back.
std::vector<Argv> route_commands(const Node& node, const LabPaths& paths, bool replace);

// Runs the commands, stopping at the first failure; returns its description or "".
std::string run_all(const std::vector<Argv>& commands);

}  // namespace havpnc::lab
