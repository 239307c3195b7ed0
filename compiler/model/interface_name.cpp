#include "compiler/model/interface_name.h"

#include <array>
#include <cctype>

namespace havpnc::model {

namespace {

struct InterfaceType {
  std::string_view full;
  std::string_view brief;       // show ... brief
  std::size_t min_abbreviation;  // what IOS accepts on a router that has the type
};

// Abbreviation lengths follow what IOS accepts on routers that carry these types; where two
// types share a prefix (FastEthernet / FortyGigabitEthernet) the common short form goes to
// the type people mean by it on an ISR (`f0/0` is FastEthernet).
constexpr std::array<InterfaceType, 22> kTypes = {{
    {"GigabitEthernet", "Gi", 1},
    {"FastEthernet", "Fa", 1},
    {"TenGigabitEthernet", "Te", 2},
    {"TwentyFiveGigE", "Twe", 3},
    {"FortyGigabitEthernet", "Fo", 2},
    {"HundredGigE", "Hu", 2},
    {"Ethernet", "Et", 1},
    {"Loopback", "Lo", 1},
    {"Tunnel", "Tu", 2},
    {"Vlan", "Vl", 1},
    {"Serial", "Se", 1},
    {"Port-channel", "Po", 1},
    {"Dialer", "Di", 2},
    {"Virtual-Template", "Vi", 2},
    {"Virtual-Access", "Vi", 9},
    {"BVI", "BV", 1},
    {"Null", "Nu", 1},
    {"Cellular", "Ce", 2},
    {"Embedded-Service-Engine", "Em", 2},
    {"Multilink", "Mu", 2},
    {"ATM", "AT", 2},
    {"NVI", "NV", 2},
}};

bool starts_with_ci(std::string_view full, std::string_view prefix) {
  if (prefix.size() > full.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(full[i])) !=
        std::tolower(static_cast<unsigned char>(prefix[i]))) {
      return false;
    }
  }
  return true;
}

bool valid_unit(std::string_view unit) {
  // 0, 0/1, 0/1/2, 0/1.100, 1:1 (serial channel groups)
  if (unit.empty() || !std::isdigit(static_cast<unsigned char>(unit.front()))) return false;
  bool previous_digit = false;
  for (char c : unit) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      previous_digit = true;
    } else if (c == '/' || c == '.' || c == ':') {
      if (!previous_digit) return false;
      previous_digit = false;
    } else {
      return false;
    }
  }
  return previous_digit;
}

}  // namespace

std::string InterfaceName::short_form() const {
  for (const auto& t : kTypes) {
    if (t.full == type) return std::string(t.brief) + unit;
  }
  return full;
}

std::optional<InterfaceName> normalize_interface_name(std::string_view written) {
  std::string compact;
  for (char c : written) {
    if (c != ' ' && c != '\t') compact += c;
  }
  std::size_t split = 0;
  while (split < compact.size() && !std::isdigit(static_cast<unsigned char>(compact[split]))) ++split;
  const std::string_view type_part = std::string_view(compact).substr(0, split);
  const std::string_view unit = std::string_view(compact).substr(split);
  if (type_part.empty() || !valid_unit(unit)) return std::nullopt;

  const InterfaceType* exact = nullptr;
  const InterfaceType* chosen = nullptr;
  std::size_t candidates = 0;
  for (const auto& t : kTypes) {
    if (!starts_with_ci(t.full, type_part)) continue;
    if (type_part.size() == t.full.size()) exact = &t;
    if (type_part.size() >= t.min_abbreviation) {
      // A shorter accepted abbreviation names the type it was assigned to.
      if (chosen == nullptr || t.min_abbreviation < chosen->min_abbreviation) chosen = &t;
      ++candidates;
    }
  }
  if (exact != nullptr) chosen = exact;
  if (chosen == nullptr) return std::nullopt;
  if (exact == nullptr && candidates > 1) {
    // Ambiguous unless exactly one candidate accepts an abbreviation this short.
    std::size_t at_min = 0;
    for (const auto& t : kTypes) {
      if (starts_with_ci(t.full, type_part) && t.min_abbreviation <= type_part.size() &&
          t.min_abbreviation == chosen->min_abbreviation) {
        ++at_min;
      }
    }
    if (at_min > 1) return std::nullopt;
  }
  InterfaceName name;
  name.type = std::string(chosen->full);
  name.unit = std::string(unit);
  name.full = name.type + name.unit;
  return name;
}

}  // namespace havpnc::model
