#include "runtime/track/interface_name.h"

#include <array>
#include <utility>

namespace havpnc::track {

std::string short_interface_name(std::string_view full_name) {
  // Longest prefixes first: "TenGigabitEthernet" must not be read as "Te" + "nGigabit...".
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 11> kTypes{{
      {"TwentyFiveGigE", "Twe"},
      {"TenGigabitEthernet", "Te"},
      {"GigabitEthernet", "Gi"},
      {"FastEthernet", "Fa"},
      {"Port-channel", "Po"},
      {"Ethernet", "Et"},
      {"Loopback", "Lo"},
      {"Serial", "Se"},
      {"Tunnel", "Tu"},
      {"Vlan", "Vl"},
      {"BDI", "BD"},
  }};
  for (const auto& [full, brief] : kTypes) {
    if (full_name.size() > full.size() && full_name.substr(0, full.size()) == full) {
      return std::string(brief) + std::string(full_name.substr(full.size()));
    }
  }
  return std::string(full_name);
}

}  // namespace havpnc::track
