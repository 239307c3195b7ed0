#pragma once
// The tracking process, sans-IO: link events and timer expiries in (with `now`), state-change
// notifications, timer actions and `%TRACK-6-STATE` log records out.
//
// Each object has a raw state (what its inputs say right now) and a reported state (what
// clients such as HSRP see). A raw change is reported after it has held for the object's
// delay in that direction; if the raw state returns before then, nothing is reported, as in
// IOS. Lists combine the *reported* states of their members, so a member's delay delays the
// list too.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "runtime/core/log_record.h"
#include "runtime/core/time.h"
#include "runtime/track/track_config.h"

namespace havpnc::track {

enum class TrackState : std::uint8_t { Down, Up };
std::string_view track_state_name(TrackState state);  // "Up" / "Down"

struct StateChanged {
  ObjectId object = 0;
  TrackState state = TrackState::Down;
};

struct ArmTimer {
  ObjectId object = 0;
  TimePoint deadline;
};

struct CancelTimer {
  ObjectId object = 0;
};

using Action = std::variant<StateChanged, ArmTimer, CancelTimer, LogRecord>;

struct ObjectSnapshot {
  TrackConfig config;
  TrackState state = TrackState::Down;           // reported
  std::optional<TrackState> pending;             // a change waiting out its delay
  std::optional<Duration> pending_remaining;
  std::uint32_t changes = 0;
  std::optional<Duration> since_last_change;
  std::vector<TrackState> member_states;          // lists: each member's reported state
};

struct CreateResult;

class Tracker {
 public:
  // Rejects duplicate ids, ids outside 1-1000, empty lists, references to undefined objects
  // and cycles through lists, naming the objects involved. Every object starts Down (IOS
  // reports the first Down -> Up once the link state is known).
  static CreateResult create(std::vector<TrackConfig> configs, TimePoint now);

  // Line protocol of `interface` (full IOS name) went up or down.
  std::vector<Action> link_changed(std::string_view interface, bool up, TimePoint now);
  // The delay timer of `object` fired.
  std::vector<Action> timer_expired(ObjectId object, TimePoint now);

  std::optional<TrackState> state(ObjectId object) const;
  std::vector<ObjectSnapshot> snapshot(TimePoint now) const;
  std::uint64_t stale_timers() const { return stale_timers_; }

 private:
  struct Object {
    TrackConfig config;
    TrackState raw = TrackState::Down;
    TrackState reported = TrackState::Down;
    std::optional<TimePoint> deadline;  // pending change's report time
    std::uint32_t changes = 0;
    std::optional<TimePoint> last_change;
    std::vector<ObjectId> dependents;   // lists that name this object
  };

  Tracker() = default;
  void reevaluate(Object& object, TimePoint now, std::vector<Action>& out);
  void report(Object& object, TimePoint now, std::vector<Action>& out);
  TrackState compute_list(const BooleanList& list) const;
  std::string describe(const Object& object) const;

  std::map<ObjectId, Object> objects_;
  std::map<std::string, bool, std::less<>> links_;
  std::uint64_t stale_timers_ = 0;
};

struct CreateResult {
  std::optional<Tracker> tracker;  // empty when the configuration is rejected
  std::string error;
};

}  // namespace havpnc::track
