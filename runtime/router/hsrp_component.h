#pragma once
// Every `standby` group of the plan as one host component: hsrp::Group cores with their
// HsrpBinding (UDP 1985, TTL 1, host timer keys), fed by hellos, timers and the line protocol
// of their interface; VIP add/remove and gratuitous ARP come out of the cores' own actions,
// `%HSRP-5-STATECHANGE` from their logs. The plan's tracking runs inside it (an embedded
// TrackComponent), so a tracked object going down lowers the priorities within the same event.
// Registers `show standby`, `show standby brief`, `show standby internal` (the drop counters;
// text and JSON), and `show track`.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "runtime/engine/component.h"
#include "runtime/engine/hsrp_adapter.h"
#include "runtime/hsrp/group.h"
#include "runtime/hsrp/tracked_priority.h"
#include "runtime/plan/plan.h"
#include "runtime/router/track_component.h"

namespace havpnc::router {

using InterfaceMacs = std::map<std::string, hsrp::MacAddress>;  // IOS name -> MAC (HSRPv2 id)

// Whether the group's virtual MAC is really owned on an interface (router/vip_owner.h): a
// macvlan carries it with the VIP while Active, or, where the interface takes no macvlan,
// the interface MAC stands in. The sentence goes into the start log and `show standby`.
struct VirtualMacMode {
  bool owned = false;
  std::string detail;
};
using VirtualMacModes = std::map<std::string, VirtualMacMode>;  // IOS name -> mode

// Host timer keys of group i: kHsrpTimerBase + i * kHsrpTimersPerGroup (above the tracker's).
inline constexpr engine::TimerKey kHsrpTimerBase = 2000;

// One plan group -> the core's configuration. Throws std::invalid_argument when the group's
// interface has no address (HSRP needs one to send from and to break ties with).
hsrp::GroupConfig group_config(const plan::Plan& plan, const plan::HsrpGroup& group,
                               const InterfaceMacs& macs);

class HsrpComponent final : public engine::Component {
 public:
  // Throws std::invalid_argument (unusable group or track objects), naming what is wrong.
  HsrpComponent(const plan::Plan& plan, LinkStates initial, const InterfaceMacs& macs,
                Clock clock, VirtualMacModes virtual_macs = {});

  std::string_view name() const override { return "hsrp"; }
  std::vector<engine::Subscription> subscriptions() const override;
  void register_show(control::ShowRegistry& registry) override;
  void start(TimePoint now, engine::Actions& out) override;
  void datagram(const engine::Datagram& datagram, TimePoint now, engine::Actions& out) override;
  void timer(engine::TimerKey key, TimePoint now, engine::Actions& out) override;
  void link_changed(const engine::LinkChange& change, TimePoint now,
                    engine::Actions& out) override;
  void stop(TimePoint now, engine::Actions& out) override;

  std::vector<hsrp::GroupSnapshot> snapshots(TimePoint now) const;
  std::size_t group_count() const { return groups_.size(); }
  const hsrp::Group& group(std::size_t i) const { return groups_[i]->core; }

 private:
  struct Bound {
    hsrp::Group core;
    engine::HsrpBinding binding;
    std::uint8_t configured_priority;
    std::vector<hsrp::TrackedObject> decrements;   // `track N decrement D`
    std::vector<track::ObjectId> shutdown_tracks;  // `track N shutdown`
    std::vector<engine::Ipv4> secondary_vips;      // `standby N ip A secondary`
    bool enabled = false;                          // last told interface_up
  };

  // Interface line protocol and `track N shutdown` decide whether the group runs; tracked
  // decrements decide its priority (IOS order: priority first, so a group that comes up
  // already advertises what it is worth).
  void reconcile(Bound& g, TimePoint now, engine::Actions& out);
  void reconcile_all(TimePoint now, engine::Actions& out);
  // adapt_hsrp, with the group's secondary VIPs following the primary: IOS adds, removes
  // and announces them together (the core knows only the primary).
  static void adapt(std::vector<hsrp::Action> actions, const Bound& g, engine::Actions& out);

  // Whose MAC frames and ARP replies for the VIP carry (README: "Virtual MAC"); `show
  // standby` and the start log say so.
  bool virtual_mac_owned(const Bound& g) const;
  std::string virtual_mac_line(const Bound& g) const;
  std::string show_standby_text(TimePoint now) const;
  std::string show_internal_text() const;
  nlohmann::json internal_json() const;
  // `show track` with IOS's "Tracked by:" block naming the groups that track each object.
  std::vector<std::string> tracked_by(track::ObjectId object) const;
  std::string show_track_text() const;
  nlohmann::json track_json() const;

  TrackComponent tracking_;
  LinkStates links_;
  InterfaceMacs macs_;
  VirtualMacModes virtual_macs_;
  Clock clock_;
  std::vector<std::unique_ptr<Bound>> groups_;
};

}  // namespace havpnc::router
