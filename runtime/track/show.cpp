#include "runtime/track/show.h"

#include <chrono>
#include <cstdio>

namespace havpnc::track {

namespace {

using std::chrono::duration_cast;

std::string hhmmss(Duration d) {
  const auto total = duration_cast<seconds>(d).count();
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld", static_cast<long long>(total / 3600),
                static_cast<long long>(total / 60 % 60), static_cast<long long>(total % 60));
  return buf;
}

std::string secs(Duration d) {
  const auto s = duration_cast<seconds>(d).count();
  return std::to_string(s) + (s == 1 ? " sec" : " secs");
}

// Seconds left, rounded up: a change 200 ms away is "1 sec remaining", not "0".
std::string remaining_text(Duration d) {
  const auto ms = duration_cast<milliseconds>(d).count();
  return secs(seconds((ms + 999) / 1000));
}

std::string op_name(BooleanOp op) { return op == BooleanOp::And ? "and" : "or"; }

}  // namespace

std::string show_track(std::span<const ObjectSnapshot> objects) {
  std::string out;
  for (const auto& o : objects) {
    out += "Track " + std::to_string(o.config.id) + "\n";
    std::string parameter;
    if (const auto* intf = std::get_if<InterfaceLineProtocol>(&o.config.kind)) {
      out += "  Interface " + intf->interface + " line-protocol\n";
      parameter = "Line protocol";
    } else {
      const auto& list = std::get<BooleanList>(o.config.kind);
      out += "  List boolean " + op_name(list.op) + "\n";
      parameter = list.op == BooleanOp::And ? "Boolean AND" : "Boolean OR";
    }
    out += "  " + parameter + " is " + std::string(track_state_name(o.state));
    if (o.pending && o.pending_remaining) {
      out += ", delayed " + std::string(track_state_name(*o.pending)) + " (" +
             remaining_text(*o.pending_remaining) + " remaining)";
    }
    out += "\n    " + std::to_string(o.changes) + (o.changes == 1 ? " change" : " changes");
    if (o.since_last_change) out += ", last change " + hhmmss(*o.since_last_change);
    out += "\n";
    if (const auto* list = std::get_if<BooleanList>(&o.config.kind)) {
      for (std::size_t i = 0; i < list->members.size() && i < o.member_states.size(); ++i) {
        out += "    object " + std::to_string(list->members[i].object) +
               (list->members[i].negate ? " not " : " ") +
               std::string(track_state_name(o.member_states[i])) + "\n";
      }
    }
    if (o.config.delay_up > Duration::zero() || o.config.delay_down > Duration::zero()) {
      out += "  Delay";
      if (o.config.delay_up > Duration::zero()) out += " up " + secs(o.config.delay_up);
      if (o.config.delay_up > Duration::zero() && o.config.delay_down > Duration::zero()) out += ",";
      if (o.config.delay_down > Duration::zero()) out += " down " + secs(o.config.delay_down);
      out += "\n";
    }
  }
  return out;
}

nlohmann::json to_json(std::span<const ObjectSnapshot> objects) {
  auto array = nlohmann::json::array();
  for (const auto& o : objects) {
    nlohmann::json j{{"id", o.config.id},
                     {"state", std::string(track_state_name(o.state))},
                     {"changes", o.changes},
                     {"delay_up_s", duration_cast<seconds>(o.config.delay_up).count()},
                     {"delay_down_s", duration_cast<seconds>(o.config.delay_down).count()}};
    if (const auto* intf = std::get_if<InterfaceLineProtocol>(&o.config.kind)) {
      j["type"] = "interface";
      j["interface"] = intf->interface;
      j["parameter"] = "line-protocol";
    } else {
      const auto& list = std::get<BooleanList>(o.config.kind);
      j["type"] = "list";
      j["boolean"] = op_name(list.op);
      auto members = nlohmann::json::array();
      for (std::size_t i = 0; i < list.members.size() && i < o.member_states.size(); ++i) {
        members.push_back({{"object", list.members[i].object},
                           {"not", list.members[i].negate},
                           {"state", std::string(track_state_name(o.member_states[i]))}});
      }
      j["objects"] = members;
    }
    if (o.pending) {
      j["pending"] = std::string(track_state_name(*o.pending));
      if (o.pending_remaining) {
        j["pending_remaining_ms"] = duration_cast<milliseconds>(*o.pending_remaining).count();
      }
    }
    if (o.since_last_change) {
      j["since_last_change_ms"] = duration_cast<milliseconds>(*o.since_last_change).count();
    }
    array.push_back(std::move(j));
  }
  return array;
}

}  // namespace havpnc::track
