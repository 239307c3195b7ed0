#pragma once
// The group's virtual MAC: RFC 2281 §6 for v1 (0000.0c07.acXX, XX = group), Cisco's HSRPv2
// IPv4 range for v2 (0000.0c9f.fXXX, XXX = the 12-bit group).
#include <cstdint>

#include "runtime/hsrp/types.h"

namespace havpnc::hsrp {

MacAddress virtual_mac(Version version, std::uint16_t group);

}  // namespace havpnc::hsrp
