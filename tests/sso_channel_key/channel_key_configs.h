#pragma once
// The seed's R10 and R11 with the SSO channel protected the IOS way (`security ipsec`,
// `crypto ipsec profile`, a `crypto isakmp key` for the peer's ipc address), parsed.
#include <string>

#include "compiler/model/device.h"

namespace havpnc::channel_key_test {

// samples/seed/<router>.cfg with `extra` appended (IOS reads a config top to bottom, so a
// later `redundancy inter-device` block adds to the earlier one).
std::string seed_with(const std::string& router, const std::string& extra);

// `security ipsec SSO-PROTECT`, its profile, and `crypto isakmp key <key> address <peer>`.
std::string ios_protection(const std::string& key, const std::string& peer);

model::Device parse(const std::string& text, const std::string& path = "R10.cfg");

}  // namespace havpnc::channel_key_test
