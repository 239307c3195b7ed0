#pragma once
// `track N ...` objects from the plan as a host component: link changes (and the link
// state read at start) feed track::Tracker, its delay timers run on the host, `show track`
// is registered. The state changes it reports are handed back to the caller: HsrpComponent
// embeds a TrackComponent and turns them into group priorities within the same event (see
// README.md for why the two are not separate host components then).
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "runtime/engine/component.h"
#include "runtime/engine/track_adapter.h"
#include "runtime/plan/plan.h"
#include "runtime/track/tracker.h"

namespace havpnc::router {

using LinkStates = std::map<std::string, bool>;  // IOS name -> line protocol up
using Clock = std::function<TimePoint()>;          // the host's clock, for show output only

// Plan track objects -> tracker configuration. Throws std::invalid_argument naming the
// object when the plan's object cannot be tracked.
std::vector<track::TrackConfig> track_configs(const plan::Plan& plan);

class TrackComponent final : public engine::Component {
 public:
  // Throws std::invalid_argument with the tracker's reason when the objects are unusable.
  TrackComponent(const plan::Plan& plan, LinkStates initial, Clock clock);

  std::string_view name() const override { return "track"; }
  void register_show(control::ShowRegistry& registry) override;
  void start(TimePoint now, engine::Actions& out) override { feed_initial(now, out); }
  void timer(engine::TimerKey key, TimePoint now, engine::Actions& out) override {
    timer_expired(key, now, out);
  }
  void link_changed(const engine::LinkChange& change, TimePoint now,
                    engine::Actions& out) override {
    link(change, now, out);
  }

  // The same events, returning the objects whose reported state changed, in order.
  std::vector<track::StateChanged> feed_initial(TimePoint now, engine::Actions& out);
  std::vector<track::StateChanged> link(const engine::LinkChange& change, TimePoint now,
                                        engine::Actions& out);
  // Empty (and nothing done) when `key` is not one of the tracker's timers.
  std::vector<track::StateChanged> timer_expired(engine::TimerKey key, TimePoint now,
                                                 engine::Actions& out);
  bool owns_timer(engine::TimerKey key) const;

  const track::Tracker& tracker() const { return tracker_; }
  bool empty() const { return empty_; }

 private:
  track::Tracker tracker_;
  LinkStates initial_;
  Clock clock_;
  bool empty_ = true;
  // Keys 1..1000 (object ids); HSRP groups use keys above kMaxObjectId.
  engine::TrackBinding binding_{0};
};

}  // namespace havpnc::router
