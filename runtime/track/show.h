#pragma once
// `show track` in IOS form and as JSON, from Tracker::snapshot().
#include <span>
#include <string>

#include <nlohmann/json.hpp>

#include "runtime/track/tracker.h"

namespace havpnc::track {

std::string show_track(std::span<const ObjectSnapshot> objects);
nlohmann::json to_json(std::span<const ObjectSnapshot> objects);

}  // namespace havpnc::track
