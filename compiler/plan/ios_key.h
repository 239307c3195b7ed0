#pragma once
// Keys as a config writes them (`crypto isakmp key 7 0822455D0A16 address ...`) → the clear
// key the protocols use.
#include <optional>
#include <string>

#include "compiler/model/device.h"

namespace havpnc::compiler {

// Type 0 is the key itself. Type 7 is Cisco's reversible "password 7" obfuscation: two
// decimal digits giving a start offset into a fixed 53-byte pad, then the key's bytes XORed
// with the pad, in hex. Type 6 is AES under the router's master key, which is never in a
// config, so it cannot be decoded here. On failure `why` says so (never quoting the key).
std::optional<Secret> decode_key(const model::KeyText& key, std::string* why);

}  // namespace havpnc::compiler
