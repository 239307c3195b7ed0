// ha-dpd-required: after a failover the remote peer only notices that the SAs it holds still
// work (or must be renegotiated) through Dead Peer Detection (RFC 3706); IOS stateful failover
// supports DPD and periodic DPD, not the legacy keepalives. Both the HA routers and every
// tunnel peer of theirs need `crypto isakmp keepalive`.
#include <set>
#include <utility>

#include "lint/rules/ha_common.h"
#include "lint/rules/rules.h"

namespace havpnc::lint::rules {
namespace {

class HaDpdRequired final : public Rule {
 public:
  std::string_view id() const override { return "ha-dpd-required"; }
  std::string_view summary() const override {
    return "HA router or tunnel peer of one without `crypto isakmp keepalive` (DPD)";
  }
  model::Severity default_severity() const override { return model::Severity::Error; }

  void check_device(const model::Device& device, FindingSink& sink) const override {
    auto stateful = stateful_maps(device);
    if (stateful.empty() || device.isakmp_keepalive) return;
    const StatefulMap& first = stateful.front();
    sink.report(make_finding(
        *this,
        device.display_name() + ": crypto map " + first.applied->map.value +
            " is stateful but the router has no `crypto isakmp keepalive`; without DPD (RFC 3706) neither side "
            "detects a peer that lost its SAs, so a failover that did not replicate them black-holes traffic until "
            "the SA lifetime expires",
        first.applied->range, {device.display_name()}));
  }

  void check_network(const network::Network& net, FindingSink& sink) const override {
    std::set<std::pair<const model::Device*, const model::CryptoMapEntry*>> seen;
    for (const auto& tunnel : net.tunnel_peers()) {
      const model::Device& local = *tunnel.local;
      const model::Device* remote = tunnel.remote.device;
      if (remote == nullptr || remote == &local || local.isakmp_keepalive) continue;
      if (!is_stateful_ha(*remote) || is_stateful_ha(local)) continue;
      if (!seen.insert({&local, tunnel.entry}).second) continue;
      Finding f = make_finding(
          *this,
          local.display_name() + ": the tunnel to " + tunnel.peer.value.to_string() + " ends on HA router " +
              remote->display_name() + ", but " + local.display_name() +
              " has no `crypto isakmp keepalive`; without DPD (RFC 3706) it keeps sending into SAs the new "
              "active router may not hold after a failover, instead of renegotiating",
          tunnel.peer.range, {local.display_name(), remote->display_name()});
      for (const auto& s : stateful_maps(*remote)) add_related(f, s.applied->range, "stateful crypto map on " + remote->display_name());
      sink.report(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_ha_dpd_required() { return std::make_unique<HaDpdRequired>(); }

}  // namespace havpnc::lint::rules
