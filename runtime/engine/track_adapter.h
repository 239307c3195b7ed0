#pragma once
// track::Action -> engine actions. Each object's delay timer becomes host key
// timer_base + object id; StateChanged stays with the component (it feeds the HSRP
// priorities of the groups that track the object), so it is handed back, not translated.
#include <optional>
#include <vector>

#include "runtime/engine/actions.h"
#include "runtime/track/tracker.h"

namespace havpnc::engine {

struct TrackBinding {
  TimerKey timer_base = 0;  // keys timer_base + 1 .. timer_base + kMaxObjectId
};

TimerKey track_timer_key(const TrackBinding& binding, track::ObjectId object);
std::optional<track::ObjectId> track_object_of(const TrackBinding& binding, TimerKey key);

// Returns the state changes, in order.
std::vector<track::StateChanged> adapt_track(std::vector<track::Action> in,
                                             const TrackBinding& binding, Actions& out);

}  // namespace havpnc::engine
