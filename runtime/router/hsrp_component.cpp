#include "runtime/router/hsrp_component.h"

#include <algorithm>
#include <stdexcept>

#include "runtime/control/show_registry.h"
#include "runtime/hsrp/show.h"

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
                             const InterfaceMacs& macs, Clock clock)
    : tracking_(plan, initial, clock), links_(std::move(initial)), clock_(std::move(clock)) {
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

void HsrpComponent::start(TimePoint now, engine::Actions& out) {
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

void HsrpComponent::register_show(control::ShowRegistry& registry) {
  registry.add({"show standby", "HSRP groups in detail",
                [this] { return hsrp::show_standby(snapshots(clock_())); },
                [this] { return hsrp::to_json(snapshots(clock_())); }});
  registry.add({"show standby brief", "HSRP groups, one line each",
                [this] { return hsrp::show_standby_brief(snapshots(clock_())); },
                [this] { return hsrp::to_json(snapshots(clock_())); }});
  tracking_.register_show(registry);
}

}  // namespace havpnc::router
