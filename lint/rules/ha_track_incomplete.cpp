// ha-track-incomplete: the inside and outside HSRP groups must be active on the same router
// (Cisco's stateful failover guide: mutual tracking). The redundancy group has to track the
// crypto-map interface and an inside interface, and every inside group has to track the
// outside, or a failed link leaves the VIP, the SAs and the return traffic on different
// routers and the tunnel black-holes.
#include <set>

#include "lint/rules/ha_common.h"
#include "lint/rules/rules.h"

namespace havpnc::lint::rules {
namespace {

std::set<std::string> tracked_by(const model::Device& device, const model::HsrpGroup& group) {
  std::set<std::string> out;
  for (const auto& t : group.tracks) {
    auto more = interfaces_tracked(device, t.object.value);
    out.insert(more.begin(), more.end());
  }
  return out;
}

class HaTrackIncomplete final : public Rule {
 public:
  std::string_view id() const override { return "ha-track-incomplete"; }
  std::string_view summary() const override {
    return "redundancy and inside HSRP groups do not track both the crypto-map and the inside interfaces";
  }
  model::Severity default_severity() const override { return model::Severity::Error; }

  void check_device(const model::Device& device, FindingSink& sink) const override {
    const std::string who = device.display_name();
    for (const auto& s : stateful_maps(device)) {
      auto red = redundancy_group(s);
      if (!red) continue;
      const std::string outside = s.interface->name.value;
      const std::string label = "HSRP group " + std::to_string(red.group->number.value) + " (" + s.group_name() + ")";
      // Inside: the other interfaces that run HSRP, which is how the guide builds the inside.
      std::vector<std::pair<const model::Interface*, const model::HsrpGroup*>> inside;
      for (const auto& [name, itf] : device.interfaces) {
        if (&itf == s.interface || itf.shutdown.value) continue;
        for (const auto& g : itf.hsrp_groups) inside.emplace_back(&itf, &g);
      }
      const auto tracked = tracked_by(device, *red.group);
      if (tracked.count(outside) == 0) {
        sink.report(make_finding(*this,
                                 who + ": " + label + " on " + outside + " does not track its own interface " + outside +
                                     " (the crypto-map interface); when that link fails the router keeps the HSRP "
                                     "active role and the SAs, and the tunnel stays down",
                                 red.group->range, {who}));
      }
      bool tracks_inside = false;
      for (const auto& [itf, g] : inside) tracks_inside = tracks_inside || tracked.count(itf->name.value) > 0;
      if (!inside.empty() && !tracks_inside) {
        Finding f = make_finding(*this,
                                 who + ": " + label + " on " + outside + " does not track an inside interface (" +
                                     inside.front().first->name.value +
                                     "); when the inside link fails this router stays SSO-active and decrypts "
                                     "traffic it can no longer deliver",
                                 red.group->range, {who});
        add_related(f, inside.front().first->range, "inside interface");
        sink.report(std::move(f));
      }
      for (const auto& [itf, g] : inside) {
        if (tracked_by(device, *g).count(outside) > 0) continue;
        Finding f = make_finding(*this,
                                 who + ": inside " + group_label(*itf, *g) + " does not track the crypto-map interface " +
                                     outside + "; when the outside fails the inside VIP stays here while the SAs move "
                                     "to the peer router, so return traffic is black-holed",
                                 g->range, {who});
        add_related(f, s.applied->range, "stateful crypto map applied here");
        sink.report(std::move(f));
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_ha_track_incomplete() { return std::make_unique<HaTrackIncomplete>(); }

}  // namespace havpnc::lint::rules
