#pragma once
// The rule pages (docs/rules/<rule-id>.md), compiled into the binary at build time so
// `havpnc explain RULE` and SARIF help text work from any directory.
#include <optional>
#include <string_view>
#include <vector>

namespace havpnc::lint {

std::optional<std::string_view> rule_doc(std::string_view id);
std::vector<std::string_view> documented_rules();  // in id order

}  // namespace havpnc::lint
