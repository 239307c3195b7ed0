#include "runtime/track/tracker.h"

#include <algorithm>
#include <set>

#include "runtime/track/interface_name.h"

namespace havpnc::track {

namespace {

std::string name_of(ObjectId id) { return "track " + std::to_string(id); }

// Depth-first search over list membership; returns the ids on a cycle (first id repeated at
// the end), or an empty vector.
std::vector<ObjectId> find_cycle(const std::map<ObjectId, TrackConfig>& configs) {
  enum class Mark : std::uint8_t { Unvisited, OnPath, Done };
  std::map<ObjectId, Mark> mark;
  std::vector<ObjectId> path;
  std::vector<ObjectId> cycle;

  // Iterative DFS: a hostile plan with a 1000-deep chain must not exhaust the stack.
  for (const auto& [root, unused] : configs) {
    if (mark[root] != Mark::Unvisited) continue;
    std::vector<std::pair<ObjectId, std::size_t>> stack{{root, 0}};
    mark[root] = Mark::OnPath;
    path.push_back(root);
    while (!stack.empty()) {
      auto& [id, next] = stack.back();
      const auto* list = std::get_if<BooleanList>(&configs.at(id).kind);
      if (list == nullptr || next >= list->members.size()) {
        mark[id] = Mark::Done;
        path.pop_back();
        stack.pop_back();
        continue;
      }
      const ObjectId child = list->members[next++].object;
      if (mark[child] == Mark::OnPath) {
        auto from = std::find(path.begin(), path.end(), child);
        cycle.assign(from, path.end());
        cycle.push_back(child);
        return cycle;
      }
      if (mark[child] == Mark::Unvisited) {
        mark[child] = Mark::OnPath;
        path.push_back(child);
        stack.emplace_back(child, 0);
      }
    }
  }
  return cycle;
}

}  // namespace

std::string_view track_state_name(TrackState state) {
  return state == TrackState::Up ? "Up" : "Down";
}

CreateResult Tracker::create(std::vector<TrackConfig> configs, TimePoint now) {
  (void)now;  // objects start Down with no change recorded; `now` keeps the sans-IO contract
  std::map<ObjectId, TrackConfig> by_id;
  for (auto& c : configs) {
    if (c.id < kMinObjectId || c.id > kMaxObjectId) {
      return {std::nullopt, name_of(c.id) + ": object numbers are 1-1000"};
    }
    if (c.delay_up < Duration::zero() || c.delay_down < Duration::zero()) {
      return {std::nullopt, name_of(c.id) + ": negative delay"};
    }
    const ObjectId id = c.id;
    if (!by_id.emplace(id, std::move(c)).second) {
      return {std::nullopt, name_of(id) + " is defined twice"};
    }
  }
  for (const auto& [id, c] : by_id) {
    if (const auto* list = std::get_if<BooleanList>(&c.kind)) {
      if (list->members.empty()) return {std::nullopt, name_of(id) + ": list has no objects"};
      for (const auto& m : list->members) {
        if (!by_id.contains(m.object)) {
          return {std::nullopt, name_of(id) + " list references undefined object " +
                                    std::to_string(m.object)};
        }
      }
    }
  }
  if (auto cycle = find_cycle(by_id); !cycle.empty()) {
    std::string text = "track lists form a cycle: ";
    for (std::size_t i = 0; i < cycle.size(); ++i) {
      text += (i ? " -> " : "") + std::to_string(cycle[i]);
    }
    return {std::nullopt, text};
  }

  Tracker t;
  for (auto& [id, c] : by_id) t.objects_[id].config = std::move(c);
  for (auto& [id, obj] : t.objects_) {
    if (const auto* list = std::get_if<BooleanList>(&obj.config.kind)) {
      for (const auto& m : list->members) t.objects_.at(m.object).dependents.push_back(id);
    }
  }
  // Lists start at the value their (all Down) members give - `object N not` makes a list Up
  // from the start. Settle in dependency order: repeat until nothing changes; acyclic, so
  // this ends within (number of objects) rounds.
  for (std::size_t round = 0; round <= t.objects_.size(); ++round) {
    bool changed = false;
    for (auto& [id, obj] : t.objects_) {
      if (const auto* list = std::get_if<BooleanList>(&obj.config.kind)) {
        const auto value = t.compute_list(*list);
        if (value != obj.reported) {
          obj.raw = obj.reported = value;
          changed = true;
        }
      }
    }
    if (!changed) break;
  }
  return {std::move(t), {}};
}

std::vector<Action> Tracker::link_changed(std::string_view interface, bool up, TimePoint now) {
  std::vector<Action> out;
  links_.insert_or_assign(std::string(interface), up);
  for (auto& [id, obj] : objects_) {
    const auto* intf = std::get_if<InterfaceLineProtocol>(&obj.config.kind);
    if (intf == nullptr || intf->interface != interface) continue;
    obj.raw = up ? TrackState::Up : TrackState::Down;
    reevaluate(obj, now, out);
  }
  return out;
}

std::vector<Action> Tracker::timer_expired(ObjectId object, TimePoint now) {
  std::vector<Action> out;
  auto it = objects_.find(object);
  if (it == objects_.end() || !it->second.deadline || now < *it->second.deadline) {
    ++stale_timers_;
    return out;
  }
  auto& obj = it->second;
  obj.deadline.reset();
  if (obj.raw != obj.reported) report(obj, now, out);
  return out;
}

void Tracker::reevaluate(Object& obj, TimePoint now, std::vector<Action>& out) {
  if (obj.raw == obj.reported) {
    // Flipped back inside the delay: IOS reports nothing.
    if (obj.deadline) {
      obj.deadline.reset();
      out.emplace_back(CancelTimer{obj.config.id});
    }
    return;
  }
  const Duration delay = obj.raw == TrackState::Up ? obj.config.delay_up : obj.config.delay_down;
  if (delay == Duration::zero()) {
    report(obj, now, out);
  } else if (!obj.deadline) {
    obj.deadline = now + delay;
    out.emplace_back(ArmTimer{obj.config.id, *obj.deadline});
  }
}

void Tracker::report(Object& obj, TimePoint now, std::vector<Action>& out) {
  const TrackState old = obj.reported;
  obj.reported = obj.raw;
  if (obj.deadline) {
    obj.deadline.reset();
    out.emplace_back(CancelTimer{obj.config.id});
  }
  ++obj.changes;
  obj.last_change = now;
  out.emplace_back(LogRecord{"TRACK", Severity::Informational, "STATE",
                             std::to_string(obj.config.id) + " " + describe(obj) + " " +
                                 std::string(track_state_name(old)) + " -> " +
                                 std::string(track_state_name(obj.reported))});
  out.emplace_back(StateChanged{obj.config.id, obj.reported});
  for (ObjectId dep : obj.dependents) {
    auto& list_obj = objects_.at(dep);
    list_obj.raw = compute_list(std::get<BooleanList>(list_obj.config.kind));
    reevaluate(list_obj, now, out);
  }
}

TrackState Tracker::compute_list(const BooleanList& list) const {
  const auto member_up = [&](const ListMember& m) {
    const bool up = objects_.at(m.object).reported == TrackState::Up;
    return up != m.negate;
  };
  const bool value = list.op == BooleanOp::And
                         ? std::all_of(list.members.begin(), list.members.end(), member_up)
                         : std::any_of(list.members.begin(), list.members.end(), member_up);
  return value ? TrackState::Up : TrackState::Down;
}

std::string Tracker::describe(const Object& obj) const {
  if (const auto* intf = std::get_if<InterfaceLineProtocol>(&obj.config.kind)) {
    // IOS logs the short name: "%TRACK-6-STATE: 1 interface Gi0/0/2 line-protocol Up -> Down".
    return "interface " + short_interface_name(intf->interface) + " line-protocol";
  }
  const auto& list = std::get<BooleanList>(obj.config.kind);
  return list.op == BooleanOp::And ? "list boolean and" : "list boolean or";
}

std::optional<TrackState> Tracker::state(ObjectId object) const {
  auto it = objects_.find(object);
  if (it == objects_.end()) return std::nullopt;
  return it->second.reported;
}

std::vector<ObjectSnapshot> Tracker::snapshot(TimePoint now) const {
  std::vector<ObjectSnapshot> out;
  for (const auto& [id, obj] : objects_) {
    ObjectSnapshot s;
    s.config = obj.config;
    s.state = obj.reported;
    if (obj.deadline) {
      s.pending = obj.raw;
      s.pending_remaining = std::max(Duration::zero(), *obj.deadline - now);
    }
    s.changes = obj.changes;
    if (obj.last_change) s.since_last_change = now - *obj.last_change;
    if (const auto* list = std::get_if<BooleanList>(&obj.config.kind)) {
      for (const auto& m : list->members) s.member_states.push_back(objects_.at(m.object).reported);
    }
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace havpnc::track
