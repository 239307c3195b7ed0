#pragma once
// `show standby brief`, `show standby` and their JSON form, from snapshots. The text follows
// IOS 15 output column for column (brief: interface 11, group 4, priority 3, state 7, active
// and standby 15, each followed by one space).
#include <span>
#include <string>

#include <nlohmann/json.hpp>

#include "runtime/hsrp/snapshot.h"

namespace havpnc::hsrp {

std::string show_standby_brief(std::span<const GroupSnapshot> groups);
std::string show_standby(std::span<const GroupSnapshot> groups);
nlohmann::json to_json(const GroupSnapshot& group);
nlohmann::json to_json(std::span<const GroupSnapshot> groups);

}  // namespace havpnc::hsrp
