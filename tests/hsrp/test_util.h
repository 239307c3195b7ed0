#pragma once
// Helpers shared by the HSRP tests: hex literals and picking actions out of a result.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "runtime/hsrp/actions.h"

namespace havpnc::hsrp::test {

inline std::vector<std::uint8_t> hex(std::string_view text) {
  std::vector<std::uint8_t> out;
  int high = -1;
  for (char c : text) {
    int v;
    if (c >= '0' && c <= '9') v = c - '0';
    else if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') v = c - 'A' + 10;
    else continue;  // spaces and separators make the golden bytes readable
    if (high < 0) {
      high = v;
    } else {
      out.push_back(static_cast<std::uint8_t>(high * 16 + v));
      high = -1;
    }
  }
  if (high >= 0) throw std::invalid_argument("odd number of hex digits");
  return out;
}

template <typename T>
std::vector<T> all_of_type(const std::vector<Action>& actions) {
  std::vector<T> out;
  for (const auto& a : actions) {
    if (const auto* t = std::get_if<T>(&a)) out.push_back(*t);
  }
  return out;
}

inline std::vector<std::string> logs(const std::vector<Action>& actions) {
  std::vector<std::string> out;
  for (const auto& r : all_of_type<LogRecord>(actions)) out.push_back(r.format());
  return out;
}

}  // namespace havpnc::hsrp::test
