#include "runtime/hsrp/show.h"

#include <chrono>
#include <cstdio>

#include "runtime/track/interface_name.h"

namespace havpnc::hsrp {

namespace {

using std::chrono::duration_cast;

std::string pad(std::string text, std::size_t width) {
  if (text.size() < width) text.append(width - text.size(), ' ');
  return text;
}

std::string router_column(const RouterView& r) {
  switch (r.who) {
    case RouterView::Who::Local: return "local";
    case RouterView::Who::Peer: return format_ipv4(r.address);
    case RouterView::Who::Unknown: break;
  }
  return "unknown";
}

// "8.368" for `expires in 8.368 sec`.
std::string seconds3(Duration d) {
  const auto ms = duration_cast<milliseconds>(d).count();
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld.%03lld", static_cast<long long>(ms / 1000),
                static_cast<long long>(ms % 1000));
  return buf;
}

// "04:50:43" for `last state change 04:50:43`.
std::string hhmmss(Duration d) {
  const auto total = duration_cast<seconds>(d).count();
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld", static_cast<long long>(total / 3600),
                static_cast<long long>(total / 60 % 60), static_cast<long long>(total % 60));
  return buf;
}

// IOS prints whole seconds as "3 sec" and sub-second timers as "200 msec".
std::string timer_text(Duration d) {
  const auto ms = duration_cast<milliseconds>(d).count();
  if (ms % 1000 == 0) return std::to_string(ms / 1000) + " sec";
  return std::to_string(ms) + " msec";
}

std::string router_line(const char* role, const RouterView& r) {
  std::string line = std::string("  ") + role + " router is ";
  switch (r.who) {
    case RouterView::Who::Local: return line + "local\n";
    case RouterView::Who::Unknown: return line + "unknown\n";
    case RouterView::Who::Peer: break;
  }
  line += format_ipv4(r.address) + ", priority " + std::to_string(r.priority);
  if (r.expires_in) line += " (expires in " + seconds3(*r.expires_in) + " sec)";
  return line + "\n";
}

std::string auth_text(const GroupSnapshot& g) {
  if (g.auth == AuthKind::Md5) {
    return g.auth_key_id == 0 ? "MD5, key-string" : "MD5, key-chain, key id " + std::to_string(g.auth_key_id);
  }
  return "text";  // never the string itself: keys stay out of show output
}

const char* who_name(RouterView::Who who) {
  switch (who) {
    case RouterView::Who::Local: return "local";
    case RouterView::Who::Peer: return "peer";
    case RouterView::Who::Unknown: break;
  }
  return "unknown";
}

nlohmann::json router_json(const RouterView& r) {
  nlohmann::json j{{"who", who_name(r.who)}};
  if (r.who == RouterView::Who::Peer) {
    j["address"] = format_ipv4(r.address);
    j["priority"] = r.priority;
    if (r.expires_in) j["expires_in_ms"] = duration_cast<milliseconds>(*r.expires_in).count();
  }
  return j;
}

}  // namespace

std::string show_standby_brief(std::span<const GroupSnapshot> groups) {
  std::string out =
      "                     P indicates configured to preempt.\n"
      "                     |\n"
      "Interface   Grp  Pri P State   Active          Standby         Virtual IP\n";
  for (const auto& g : groups) {
    out += pad(track::short_interface_name(g.interface_name), 11) + " ";
    out += pad(std::to_string(g.group), 4) + " ";
    out += pad(std::to_string(g.priority), 3) + " ";
    out += g.preempt ? "P " : "  ";
    out += pad(std::string(state_name(g.state)), 7) + " ";
    out += pad(router_column(g.active), 15) + " ";
    out += pad(router_column(g.standby), 15) + " ";
    out += g.virtual_ip ? format_ipv4(*g.virtual_ip) : "unknown";
    out += "\n";
  }
  return out;
}

std::string show_standby(std::span<const GroupSnapshot> groups) {
  std::string out;
  for (const auto& g : groups) {
    out += g.interface_name + " - Group " + std::to_string(g.group);
    if (g.version == Version::V2) out += " (version 2)";
    out += "\n  State is " + std::string(state_name(g.state)) + "\n";
    out += "    " + std::to_string(g.state_changes) +
           (g.state_changes == 1 ? " state change" : " state changes");
    if (g.since_last_change) out += ", last state change " + hhmmss(*g.since_last_change);
    out += "\n";
    out += "  Virtual IP address is " + (g.virtual_ip ? format_ipv4(*g.virtual_ip) : "unknown");
    if (g.virtual_ip_learned) out += " (learnt)";
    out += "\n";
    const bool active_known = g.active.who != RouterView::Who::Unknown;
    out += "  Active virtual MAC address is " +
           (active_known ? format_mac(g.virtual_mac) : std::string("unknown")) + "\n";
    out += "    Local virtual MAC address is " + format_mac(g.virtual_mac) +
           (g.version == Version::V1 ? " (v1 default)\n" : " (v2 default)\n");
    out += "  Hello time " + timer_text(g.hello) + ", hold time " + timer_text(g.hold) + "\n";
    if (g.next_hello_in) out += "    Next hello sent in " + seconds3(*g.next_hello_in) + " secs\n";
    if (!g.auth_is_default) out += "  Authentication " + auth_text(g) + "\n";
    if (g.preempt) {
      out += "  Preemption enabled";
      if (g.preempt_delay_minimum > Duration::zero()) {
        out += ", delay min " +
               std::to_string(duration_cast<seconds>(g.preempt_delay_minimum).count()) + " secs";
      }
      out += "\n";
      if (g.preempt_delay_remaining) {
        out += "    Preemption delayed for " + seconds3(*g.preempt_delay_remaining) + " secs\n";
      }
    } else {
      out += "  Preemption disabled\n";
    }
    out += router_line("Active", g.active);
    out += router_line("Standby", g.standby);
    out += "  Priority " + std::to_string(g.priority) +
           (g.configured_priority == 100 && g.priority == 100 ? " (default 100)"
                                                               : " (configured " +
                                                                     std::to_string(g.configured_priority) + ")") +
           "\n";
    for (const auto& t : g.tracking) {
      out += "    Track object " + std::to_string(t.object) + " state " +
             (t.up ? "Up" : "Down") + " decrement " + std::to_string(t.decrement) + "\n";
    }
    out += "  Group name is \"" + g.name + "\"" + (g.name_is_default ? " (default)" : " (cfgd)") +
           "\n";
  }
  return out;
}

nlohmann::json to_json(const GroupSnapshot& g) {
  nlohmann::json j{
      {"interface", g.interface_name},
      {"group", g.group},
      {"version", g.version == Version::V1 ? 1 : 2},
      {"name", g.name},
      {"state", std::string(state_name(g.state))},
      {"state_changes", g.state_changes},
      {"virtual_mac", format_mac(g.virtual_mac)},
      {"hello_ms", duration_cast<milliseconds>(g.hello).count()},
      {"hold_ms", duration_cast<milliseconds>(g.hold).count()},
      {"timers_configured", g.timers_configured},
      {"preempt", g.preempt},
      {"preempt_delay_minimum_s", duration_cast<seconds>(g.preempt_delay_minimum).count()},
      {"active", router_json(g.active)},
      {"standby", router_json(g.standby)},
      {"priority", g.priority},
      {"configured_priority", g.configured_priority},
      {"authentication", g.auth == AuthKind::Md5 ? "md5" : "text"},
  };
  j["virtual_ip"] = g.virtual_ip ? nlohmann::json(format_ipv4(*g.virtual_ip)) : nlohmann::json();
  j["virtual_ip_learned"] = g.virtual_ip_learned;
  if (g.since_last_change) {
    j["since_last_change_ms"] = duration_cast<milliseconds>(*g.since_last_change).count();
  }
  if (g.next_hello_in) j["next_hello_in_ms"] = duration_cast<milliseconds>(*g.next_hello_in).count();
  auto tracking = nlohmann::json::array();
  for (const auto& t : g.tracking) {
    tracking.push_back({{"object", t.object}, {"state", t.up ? "Up" : "Down"}, {"decrement", t.decrement}});
  }
  j["tracking"] = tracking;
  if (g.preempt_delay_remaining) {
    j["preempt_delay_remaining_ms"] = duration_cast<milliseconds>(*g.preempt_delay_remaining).count();
  }
  return j;
}

nlohmann::json to_json(std::span<const GroupSnapshot> groups) {
  auto array = nlohmann::json::array();
  for (const auto& g : groups) array.push_back(to_json(g));
  return array;
}

}  // namespace havpnc::hsrp
