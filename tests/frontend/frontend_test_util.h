#pragma once
#include <string>

#include "compiler/frontend/frontend.h"
#include "compiler/model/device.h"

namespace havpnc::frontend::testing {

model::Device parse(const std::string& config);
// The rule ids of the device's diagnostics, in order.
std::vector<std::string> diagnostic_rules(const model::Device& device);
bool has_diagnostic_at(const model::Device& device, const std::string& rule, std::uint32_t line);
std::string read_file(const std::string& path);

}  // namespace havpnc::frontend::testing
