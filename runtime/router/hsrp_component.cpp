#include "runtime/router/hsrp_component.h"

#include <algorithm>
#include <stdexcept>

#include "runtime/control/show_registry.h"
#include "runtime/hsrp/show.h"
#include "runtime/hsrp/virtual_mac.h"
#include "runtime/track/show.h"

namespace havpnc::router {

hsrp::GroupConfig group_config(const plan::Plan& plan, const plan::HsrpGroup& g,
                               const InterfaceMacs& macs) {
  const plan::Interface* itf = plan.find_interface(g.interface);
  if (itf == nullptr || !itf->address)
    throw std::invalid_argument("HSRP group " + std::to_string(g.group) + " on " + g.interface +
                                ": the interface has no IPv4 address to send hellos from");
  hsrp::GroupConfig c;
  c.interface_name = g.interface;
  c.own_ip = itf->address->address.bits;
  if (auto m = macs.find(g.interface); m != macs.end()) c.own_mac = m->second;
  c.group = static_cast<std::uint16_t>(g.group);
  c.version = g.version == 2 ? hsrp::Version::V2 : hsrp::Version::V1;
  if (g.virtual_ip) c.virtual_ip = g.virtual_ip->bits;
  c.priority = static_cast<std::uint8_t>(std::min<std::uint32_t>(g.priority, 255));
  c.preempt = g.preempt;
  c.preempt_delay_minimum = seconds(g.preempt_delay_minimum_seconds);
  if (g.timers_configured) {
    c.hello_time = milliseconds(g.hello_ms);
    c.hold_time = milliseconds(g.hold_ms);
  }
  c.auth.kind = g.authentication == plan::HsrpAuthKind::Md5 ? hsrp::AuthKind::Md5
                                                            : hsrp::AuthKind::Text;
  c.auth.key = g.authentication_key;
  if (g.name) c.name = *g.name;
  return c;
}

HsrpComponent::HsrpComponent(const plan::Plan& plan, LinkStates initial,
                             const InterfaceMacs& macs, Clock clock, VirtualMacModes virtual_macs)
    : tracking_(plan, initial, clock), links_(std::move(initial)), macs_(macs),
      virtual_macs_(std::move(virtual_macs)), clock_(std::move(clock)) {
  engine::TimerKey base = kHsrpTimerBase;
  for (const plan::HsrpGroup& g : plan.hsrp_groups) {
    hsrp::GroupConfig config = group_config(plan, g, macs);
    const engine::Ipv4 own_ip = config.own_ip;
    const std::uint8_t priority = config.priority;
    auto bound = std::make_unique<Bound>(Bound{hsrp::Group(std::move(config)),
                                               engine::HsrpBinding{g.interface, own_ip, base},
                                               priority, {}, {}, {}, false});
    for (const plan::Ipv4& v : g.secondary_virtual_ips) bound->secondary_vips.push_back(v.bits);
    for (const plan::HsrpTrack& t : g.tracks) {
      if (t.shutdown)
        bound->shutdown_tracks.push_back(t.object);
      else
        bound->decrements.push_back(
            {t.object, static_cast<std::uint8_t>(std::min<std::uint32_t>(t.decrement, 255))});
    }
    groups_.push_back(std::move(bound));
    base += engine::kHsrpTimersPerGroup;
  }
}

std::vector<engine::Subscription> HsrpComponent::subscriptions() const {
  return {{engine::Transport::Udp, hsrp::kUdpPort}};
}

void HsrpComponent::reconcile(Bound& g, TimePoint now, engine::Actions& out) {
  const track::Tracker& tracker = tracking_.tracker();
  const auto link = links_.find(g.binding.interface);
  bool enabled = link != links_.end() && link->second;
  for (track::ObjectId object : g.shutdown_tracks)
    if (tracker.state(object) != track::TrackState::Up) enabled = false;
  // RFC 2281 §5.5 events a (enabled) and b (disabled); leaving Active removes the VIP. A group
  // going down stops before its priority changes (no hello out of a dead interface); a group
  // coming up takes its priority first, so its first hello already says what it is worth.
  if (!enabled && g.enabled) {
    g.enabled = false;
    std::vector<hsrp::Action> actions = g.core.interface_down(now);
    // A group stopped by its line protocol cannot say goodbye on that line: the Resign the
    // core sends when leaving Active would only fail (ENETUNREACH). With the line up (track
    // shutdown, SIGTERM) it is sent, so the Standby takes over without waiting for hold.
    if (link == links_.end() || !link->second)
      std::erase_if(actions, [](const hsrp::Action& a) {
        return std::holds_alternative<hsrp::SendPacket>(a);
      });
    adapt(std::move(actions), g, out);
  }
  adapt(g.core.set_priority(hsrp::tracked_priority(g.configured_priority, g.decrements, tracker), now),
        g, out);
  if (enabled && !g.enabled) {
    g.enabled = true;
    adapt(g.core.interface_up(now), g, out);
  }
}

void HsrpComponent::adapt(std::vector<hsrp::Action> actions, const Bound& g,
                          engine::Actions& out) {
  if (!g.secondary_vips.empty()) {
    std::vector<hsrp::Action> expanded;
    for (hsrp::Action& a : actions) {
      expanded.push_back(a);
      const auto follow = [&](auto primary) {
        for (engine::Ipv4 vip : g.secondary_vips) {
          auto secondary = primary;
          secondary.address = vip;
          expanded.emplace_back(secondary);
        }
      };
      if (const auto* add = std::get_if<hsrp::AddVirtualIp>(&a)) follow(*add);
      if (const auto* remove = std::get_if<hsrp::RemoveVirtualIp>(&a)) follow(*remove);
      if (const auto* arp = std::get_if<hsrp::SendGratuitousArp>(&a)) follow(*arp);
    }
    actions = std::move(expanded);
  }
  engine::adapt_hsrp(std::move(actions), g.binding, out);
}

void HsrpComponent::reconcile_all(TimePoint now, engine::Actions& out) {
  for (auto& g : groups_) reconcile(*g, now, out);
}

bool HsrpComponent::virtual_mac_owned(const Bound& g) const {
  const auto mode = virtual_macs_.find(g.binding.interface);
  return mode != virtual_macs_.end() && mode->second.owned;
}

std::string HsrpComponent::virtual_mac_line(const Bound& g) const {
  const std::string vmac =
      hsrp::format_mac(hsrp::virtual_mac(g.core.config().version, g.core.config().group));
  if (virtual_mac_owned(g))
    return "Virtual mac address is " + vmac + ", owned: while Active a macvlan carries it with " +
           "the VIP (ARP replies, gratuitous ARP and hellos from " + vmac + ")";
  const auto own = macs_.find(g.binding.interface);
  const auto mode = virtual_macs_.find(g.binding.interface);
  std::string why;
  if (mode != virtual_macs_.end() && !mode->second.detail.empty()) why = " (" + mode->second.detail + ")";
  return "Virtual mac address is " + vmac + ", not owned: frames and ARP replies carry the interface MAC " +
         (own != macs_.end() ? hsrp::format_mac(own->second) : std::string("(unknown)")) + why;
}

void HsrpComponent::start(TimePoint now, engine::Actions& out) {
  for (const auto& g : groups_)
    out.emplace_back(LogRecord{
        "HSRP", Severity::Informational, "VIRTUAL_MAC",
        g->binding.interface + " Grp " + std::to_string(g->core.config().group) + " " +
            virtual_mac_line(*g)});
  tracking_.feed_initial(now, out);
  reconcile_all(now, out);
}

void HsrpComponent::datagram(const engine::Datagram& d, TimePoint now, engine::Actions& out) {
  // Each group checks the group number and authentication itself (and counts the others);
  // only the groups of the ingress interface hear a hello, as on IOS.
  for (auto& g : groups_) {
    if (g->binding.interface != d.interface || !g->enabled) continue;
    adapt(g->core.receive(d.payload, d.source, now), *g, out);
  }
}

void HsrpComponent::timer(engine::TimerKey key, TimePoint now, engine::Actions& out) {
  if (tracking_.owns_timer(key)) {
    if (!tracking_.timer_expired(key, now, out).empty()) reconcile_all(now, out);
    return;
  }
  for (auto& g : groups_)
    if (auto t = engine::hsrp_timer_of(g->binding, key)) {
      adapt(g->core.timer_expired(*t, now), *g, out);
      return;
    }
}

void HsrpComponent::link_changed(const engine::LinkChange& change, TimePoint now,
                                 engine::Actions& out) {
  links_[change.interface] = change.up;
  tracking_.link(change, now, out);
  reconcile_all(now, out);
}

void HsrpComponent::stop(TimePoint now, engine::Actions& out) {
  // Resign (RFC 2281 §5.6 F) so the Standby takes over at once instead of after the hold time.
  for (auto& g : groups_)
    if (g->enabled) {
      g->enabled = false;
      adapt(g->core.interface_down(now), *g, out);
    }
}

std::vector<hsrp::GroupSnapshot> HsrpComponent::snapshots(TimePoint now) const {
  std::vector<hsrp::GroupSnapshot> out;
  for (const auto& g : groups_) {
    hsrp::GroupSnapshot s = g->core.snapshot(now);
    hsrp::add_tracking(s, g->decrements, tracking_.tracker());
    out.push_back(std::move(s));
  }
  return out;
}

std::string HsrpComponent::show_standby_text(TimePoint now) const {
  // IOS's block per group, with the line saying whose MAC the frames really carry.
  std::string out;
  for (const auto& g : groups_) {
    hsrp::GroupSnapshot s = g->core.snapshot(now);
    hsrp::add_tracking(s, g->decrements, tracking_.tracker());
    out += hsrp::show_standby(std::span<const hsrp::GroupSnapshot>(&s, 1));
    out += "  " + virtual_mac_line(*g) + "\n";
  }
  return out;
}

namespace {
struct NamedCount {
  std::string name;
  std::uint64_t value;
};

std::vector<NamedCount> named_counts(const hsrp::GroupCounters& c) {
  std::vector<NamedCount> out{{"accepted", c.accepted},
                              {"bad authentication", c.bad_auth},
                              {"other group", c.other_group},
                              {"own packets", c.own_packets},
                              {"ignored while down", c.ignored_while_down},
                              {"hellos sent", c.hellos_sent},
                              {"coups sent", c.coups_sent},
                              {"resigns sent", c.resigns_sent}};
  for (std::size_t i = 0; i < hsrp::kDecodeErrorCount; ++i)
    out.push_back({"malformed " + std::string(hsrp::decode_error_name(static_cast<hsrp::DecodeError>(i))),
                   c.decode_errors[i]});
  return out;
}
}  // namespace

std::string HsrpComponent::show_internal_text() const {
  std::string out;
  for (const auto& g : groups_) {
    out += g->binding.interface + " - Group " + std::to_string(g->core.config().group) + "\n";
    for (const NamedCount& n : named_counts(g->core.counters()))
      out += "  " + n.name + ": " + std::to_string(n.value) + "\n";
  }
  return out;
}

nlohmann::json HsrpComponent::internal_json() const {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& g : groups_) {
    const hsrp::GroupCounters& c = g->core.counters();
    nlohmann::json malformed = nlohmann::json::object();
    for (std::size_t i = 0; i < hsrp::kDecodeErrorCount; ++i)
      malformed[std::string(hsrp::decode_error_name(static_cast<hsrp::DecodeError>(i)))] =
          c.decode_errors[i];
    out.push_back({{"interface", g->binding.interface},
                   {"group", g->core.config().group},
                   {"accepted", c.accepted},
                   {"bad_auth", c.bad_auth},
                   {"other_group", c.other_group},
                   {"own_packets", c.own_packets},
                   {"ignored_while_down", c.ignored_while_down},
                   {"hellos_sent", c.hellos_sent},
                   {"coups_sent", c.coups_sent},
                   {"resigns_sent", c.resigns_sent},
                   {"malformed", c.malformed()},
                   {"malformed_by_reason", std::move(malformed)}});
  }
  return out;
}

void HsrpComponent::register_show(control::ShowRegistry& registry) {
  registry.add({"show standby", "HSRP groups in detail",
                [this] { return show_standby_text(clock_()); },
                [this] {
                  nlohmann::json j = hsrp::to_json(snapshots(clock_()));
                  for (std::size_t i = 0; i < groups_.size() && i < j.size(); ++i)
                    j[i]["virtual_mac_owned"] = virtual_mac_owned(*groups_[i]);
                  return j;
                }});
  registry.add({"show standby internal", "HSRP packets accepted, sent and dropped, per group",
                [this] { return show_internal_text(); }, [this] { return internal_json(); }});
  registry.add({"show standby brief", "HSRP groups, one line each",
                [this] { return hsrp::show_standby_brief(snapshots(clock_())); },
                [this] { return hsrp::to_json(snapshots(clock_())); }});
  registry.add({"show track", "Tracked objects, their states and the HSRP groups tracking them",
                [this] { return show_track_text(); }, [this] { return track_json(); }});
}

std::vector<std::string> HsrpComponent::tracked_by(track::ObjectId object) const {
  // IOS lists each client under "Tracked by:" as "HSRP <interface> <group>".
  std::vector<std::string> out;
  for (const auto& g : groups_) {
    const bool decrement = std::any_of(g->decrements.begin(), g->decrements.end(),
                                       [&](const hsrp::TrackedObject& t) { return t.object == object; });
    const bool shutdown = std::find(g->shutdown_tracks.begin(), g->shutdown_tracks.end(), object) !=
                          g->shutdown_tracks.end();
    if (decrement || shutdown)
      out.push_back("HSRP " + g->binding.interface + " " + std::to_string(g->core.config().group));
  }
  return out;
}

std::string HsrpComponent::show_track_text() const {
  std::string out;
  for (const track::ObjectSnapshot& o : tracking_.tracker().snapshot(clock_())) {
    out += track::show_track(std::span<const track::ObjectSnapshot>(&o, 1));
    const std::vector<std::string> clients = tracked_by(o.config.id);
    if (clients.empty()) continue;
    out += "  Tracked by:\n";
    for (const std::string& c : clients) out += "    " + c + "\n";
  }
  return out;
}

nlohmann::json HsrpComponent::track_json() const {
  const auto snapshot = tracking_.tracker().snapshot(clock_());
  nlohmann::json j = track::to_json(snapshot);
  for (std::size_t i = 0; i < snapshot.size() && i < j.size(); ++i)
    j[i]["tracked_by"] = tracked_by(snapshot[i].config.id);
  return j;
}

}  // namespace havpnc::router
