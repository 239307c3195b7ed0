#pragma once
// IOS interface names in every form people write them (`int g0/1`, `Gi0/1`,
// `GigabitEthernet 0/1`) normalised to the full name `show running-config` prints.
#include <optional>
#include <string>
#include <string_view>

namespace havpnc::model {

struct InterfaceName {
  std::string full;   // GigabitEthernet0/1.100
  std::string type;   // GigabitEthernet
  std::string unit;   // 0/1.100
  std::string short_form() const;  // Gi0/1.100, as `show ... brief` prints it
};

// nullopt when the type is unknown or ambiguous, or the unit is not slot/port[.sub] digits.
std::optional<InterfaceName> normalize_interface_name(std::string_view written);

}  // namespace havpnc::model
