#include "runtime/router/track_component.h"

#include <stdexcept>

#include "runtime/control/show_registry.h"
#include "runtime/track/show.h"

namespace havpnc::router {

namespace {

track::Tracker make_tracker(const plan::Plan& plan, TimePoint now) {
  track::CreateResult created = track::Tracker::create(track_configs(plan), now);
  if (!created.tracker) throw std::invalid_argument(created.error);
  return std::move(*created.tracker);
}

}  // namespace

std::vector<track::TrackConfig> track_configs(const plan::Plan& plan) {
  std::vector<track::TrackConfig> out;
  for (const plan::TrackObject& o : plan.track_objects) {
    track::TrackConfig c;
    c.id = o.id;
    c.delay_up = seconds(o.delay_up_seconds);
    c.delay_down = seconds(o.delay_down_seconds);
    switch (o.kind) {
      case plan::TrackKind::InterfaceLineProtocol:
      // `ip routing` is up when the line protocol is up and the interface has an address and
      // IP routing; plan interfaces keep their address for the router's life and IP routing
      // is always on here, so the line protocol decides both kinds.
      case plan::TrackKind::InterfaceIpRouting:
        if (!o.interface)
          throw std::invalid_argument("track " + std::to_string(o.id) + " names no interface");
        c.kind = track::InterfaceLineProtocol{*o.interface};
        break;
      case plan::TrackKind::ListBooleanAnd:
      case plan::TrackKind::ListBooleanOr: {
        track::BooleanList list;
        list.op = o.kind == plan::TrackKind::ListBooleanAnd ? track::BooleanOp::And
                                                            : track::BooleanOp::Or;
        for (const plan::TrackMember& m : o.members) list.members.push_back({m.object, m.negated});
        c.kind = std::move(list);
        break;
      }
    }
    out.push_back(std::move(c));
  }
  return out;
}

TrackComponent::TrackComponent(const plan::Plan& plan, LinkStates initial, Clock clock)
    : tracker_(make_tracker(plan, clock())),
      initial_(std::move(initial)),
      clock_(std::move(clock)),
      empty_(plan.track_objects.empty()) {}

std::vector<track::StateChanged> TrackComponent::feed_initial(TimePoint now,
                                                              engine::Actions& out) {
  // Every object starts Down; IOS reports the first Down -> Up once the state is known.
  std::vector<track::Action> actions;
  for (const auto& [interface, up] : initial_) {
    auto a = tracker_.link_changed(interface, up, now);
    actions.insert(actions.end(), std::make_move_iterator(a.begin()),
                   std::make_move_iterator(a.end()));
  }
  return engine::adapt_track(std::move(actions), binding_, out);
}

std::vector<track::StateChanged> TrackComponent::link(const engine::LinkChange& change,
                                                      TimePoint now, engine::Actions& out) {
  return engine::adapt_track(tracker_.link_changed(change.interface, change.up, now), binding_,
                             out);
}

bool TrackComponent::owns_timer(engine::TimerKey key) const {
  return engine::track_object_of(binding_, key).has_value();
}

std::vector<track::StateChanged> TrackComponent::timer_expired(engine::TimerKey key,
                                                               TimePoint now,
                                                               engine::Actions& out) {
  const auto object = engine::track_object_of(binding_, key);
  if (!object) return {};
  return engine::adapt_track(tracker_.timer_expired(*object, now), binding_, out);
}

void TrackComponent::register_show(control::ShowRegistry& registry) {
  registry.add({"show track", "Tracked objects and their states",
                [this] {
                  const auto snapshot = tracker_.snapshot(clock_());
                  return track::show_track(snapshot);
                },
                [this] {
                  const auto snapshot = tracker_.snapshot(clock_());
                  return track::to_json(snapshot);
                }});
}

}  // namespace havpnc::router
