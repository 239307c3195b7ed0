#pragma once
// IOS prints interfaces in two forms: the full name in `show` headers and config
// ("GigabitEthernet0/1") and the short one in brief tables and some logs ("Gi0/1").
#include <string>
#include <string_view>

namespace havpnc::track {

// "GigabitEthernet0/1" -> "Gi0/1". Names without a known type prefix are returned unchanged.
std::string short_interface_name(std::string_view full_name);

}  // namespace havpnc::track
