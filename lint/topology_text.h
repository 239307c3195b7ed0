#pragma once
// `havpnc lint --explain-topology`: the HA pairs and tunnel peers discovered, each with the
// evidence that related the devices, so a surprising pairing can be traced to its lines.
#include <ostream>

#include "compiler/network/network.h"

namespace havpnc::lint {

void write_topology(std::ostream& out, const network::Network& net);

}  // namespace havpnc::lint
