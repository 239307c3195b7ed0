#pragma once
// Rules the engine itself provides, from what the frontend recorded in the model rather than
// from the config's meaning: lines that are invalid or not understood, files that cannot be
// read or decoded, and malformed `! havpnc:` suppression comments.
#include <memory>
#include <string_view>
#include <vector>

#include "lint/rule.h"

namespace havpnc::lint {

inline constexpr std::string_view kInputUnreadable = "input-unreadable";
inline constexpr std::string_view kSuppressionInvalid = "suppression-invalid";

// syntax-invalid, syntax-unrecognized, input-unreadable, input-encoding, input-empty,
// internal-unaccounted-lines, suppression-invalid.
std::vector<std::unique_ptr<Rule>> builtin_rules();

}  // namespace havpnc::lint
