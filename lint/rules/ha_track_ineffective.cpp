// ha-track-ineffective: HSRP moves the active role only when the active router's priority,
// lowered by its tracked objects, falls below the standby's (RFC 2281 §5.4 compares
// priorities; a tie goes to the higher IP address). A decrement too small to cross the peer's
// priority leaves the VIP and the SAs on a router whose link is down.
#include <algorithm>

#include "lint/rules/ha_common.h"
#include "lint/rules/rules.h"

namespace havpnc::lint::rules {
namespace {

class HaTrackIneffective final : public Rule {
 public:
  std::string_view id() const override { return "ha-track-ineffective"; }
  std::string_view summary() const override { return "HSRP track decrement does not drop priority below the peer's"; }
  model::Severity default_severity() const override { return model::Severity::Error; }

  void check_network(const network::Network& net, FindingSink& sink) const override {
    for (const auto& pair : net.ha_pairs()) {
      if (pair.first.group == nullptr || pair.second.group == nullptr) continue;
      check_side(pair.first, pair.second, sink);
      check_side(pair.second, pair.first, sink);
    }
  }

 private:
  void check_side(const network::HaMember& me, const network::HaMember& peer, FindingSink& sink) const {
    const auto& g = *me.group;
    const long mine = g.priority.value;
    const long theirs = peer.group->priority.value;
    for (const auto& t : g.tracks) {
      if (t.shutdown) continue;  // `track N shutdown` moves the group to Init: always effective
      const long lowered = std::max(0L, mine - static_cast<long>(t.decrement.value));
      if (lowered < theirs) continue;
      Finding f = make_finding(
          *this,
          me.device->display_name() + ": HSRP " + group_label(*me.interface, g) + " priority " + std::to_string(mine) +
              " minus track " + std::to_string(t.object.value) + " decrement " + std::to_string(t.decrement.value) +
              (t.decrement.defaulted ? " (default)" : "") + " is " + std::to_string(lowered) +
              ", not below " + peer.device->display_name() + "'s priority " + std::to_string(theirs) +
              "; when the tracked link fails this router stays active and keeps the VIP and the SAs",
          t.range, {me.device->display_name(), peer.device->display_name()});
      add_related(f, peer.group->priority.range, peer.device->display_name() + "'s priority");
      sink.report(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_ha_track_ineffective() { return std::make_unique<HaTrackIneffective>(); }

}  // namespace havpnc::lint::rules
