#pragma once
// Config lines havpnc did not understand are shown back to people; some of them carry
// passwords (`enable secret`, `snmp-server community`, a mistyped `crypto isakmp key`).
// Before such a line is stored in the model, the word after each secret-bearing keyword is
// replaced by <redacted>.
#include <string>
#include <string_view>

namespace havpnc::model {

std::string redact_secrets(std::string_view line);

}  // namespace havpnc::model
