#include "runtime/hsrp/tracked_priority.h"

namespace havpnc::hsrp {

std::uint8_t tracked_priority(std::uint8_t configured, std::span<const TrackedObject> tracked,
                              const track::Tracker& tracker) {
  int priority = configured;
  for (const auto& t : tracked) {
    if (tracker.state(t.object) != track::TrackState::Up) priority -= t.decrement;
  }
  return static_cast<std::uint8_t>(priority < 0 ? 0 : priority);
}

void add_tracking(GroupSnapshot& snapshot, std::span<const TrackedObject> tracked,
                  const track::Tracker& tracker) {
  for (const auto& t : tracked) {
    snapshot.tracking.push_back(
        TrackLine{t.object, tracker.state(t.object) == track::TrackState::Up, t.decrement});
  }
}

}  // namespace havpnc::hsrp
