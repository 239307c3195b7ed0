#pragma once
// `standby N track M [decrement D]`: while object M is down the group's priority drops by D
// (IOS default 10). The result feeds Group::set_priority().
#include <cstdint>
#include <span>

#include "runtime/hsrp/snapshot.h"
#include "runtime/track/tracker.h"

namespace havpnc::hsrp {

inline constexpr std::uint8_t kDefaultTrackDecrement = 10;

struct TrackedObject {
  track::ObjectId object = 0;
  std::uint8_t decrement = kDefaultTrackDecrement;
};

// Configured priority minus the decrements of tracked objects that are Down, floored at 0.
// An object the tracker does not know counts as Down, as IOS treats a missing track object.
std::uint8_t tracked_priority(std::uint8_t configured, std::span<const TrackedObject> tracked,
                              const track::Tracker& tracker);

// Adds the `Track object M state Up|Down decrement D` lines to a group's snapshot.
void add_tracking(GroupSnapshot& snapshot, std::span<const TrackedObject> tracked,
                  const track::Tracker& tracker);

}  // namespace havpnc::hsrp
