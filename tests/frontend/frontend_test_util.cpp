#include "frontend_test_util.h"

#include <fstream>
#include <sstream>

namespace havpnc::frontend::testing {

model::Device parse(const std::string& config) { return parse_text(config, "test.cfg", 0); }

std::vector<std::string> diagnostic_rules(const model::Device& device) {
  std::vector<std::string> rules;
  for (const auto& d : device.diagnostics) rules.push_back(d.rule);
  return rules;
}

bool has_diagnostic_at(const model::Device& device, const std::string& rule, std::uint32_t line) {
  for (const auto& d : device.diagnostics) {
    if (d.rule == rule && d.range.line == line) return true;
  }
  return false;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace havpnc::frontend::testing
