// ha-inter-device-missing: SSO between two routers runs only under `redundancy inter-device`
// with `scheme standby NAME`, and NAME must be the HSRP group the stateful crypto map uses:
// SSO follows that group's active/standby state to decide which router owns the SAs.
#include "lint/rules/ha_common.h"
#include "lint/rules/rules.h"

namespace havpnc::lint::rules {
namespace {

class HaInterDeviceMissing final : public Rule {
 public:
  std::string_view id() const override { return "ha-inter-device-missing"; }
  std::string_view summary() const override {
    return "stateful failover without `redundancy inter-device` / `scheme standby NAME` matching the crypto map";
  }
  model::Severity default_severity() const override { return model::Severity::Error; }

  void check_device(const model::Device& device, FindingSink& sink) const override {
    const std::string who = device.display_name();
    auto stateful = stateful_maps(device);
    if (stateful.empty()) {
      // `scheme standby NAME` naming no group: SSO never leaves initialization.
      if (device.inter_device && device.inter_device->scheme_standby &&
          !group_named(device, device.inter_device->scheme_standby->value)) {
        const auto& scheme = *device.inter_device->scheme_standby;
        sink.report(make_finding(*this,
                                 who + ": `scheme standby " + scheme.value + "` names no HSRP group (no `standby N name " +
                                     scheme.value + "`), so SSO has no HSRP state to follow and never reaches STANDBY HOT",
                                 scheme.range, {who}));
      }
      return;
    }
    const StatefulMap& first = stateful.front();
    if (!device.inter_device) {
      sink.report(make_finding(*this,
                               who + ": crypto map " + first.applied->map.value +
                                   " is stateful but the router has no `redundancy inter-device`; without SSO the "
                                   "IKE and IPsec SAs are never replicated and every failover renegotiates the tunnel",
                               first.applied->range, {who}));
      return;
    }
    if (!device.inter_device->scheme_standby) {
      Finding f = make_finding(*this,
                               who + ": `redundancy inter-device` has no `scheme standby " + first.group_name() +
                                   "`; SSO does not know which HSRP group decides the active router, so it never "
                                   "replicates the SAs of crypto map " + first.applied->map.value,
                               device.inter_device->range, {who});
      add_related(f, first.applied->range, "stateful crypto map applied here");
      sink.report(std::move(f));
      return;
    }
    const auto& scheme = *device.inter_device->scheme_standby;
    for (const auto& s : stateful) {
      if (s.group_name() == scheme.value) continue;
      Finding f = make_finding(*this,
                               who + ": `scheme standby " + scheme.value + "` differs from the redundancy group " +
                                   s.group_name() + " of stateful crypto map " + s.applied->map.value +
                                   "; SSO follows group " + scheme.value +
                                   ", so the SAs move with a different HSRP group than the VIP they terminate on",
                               scheme.range, {who});
      add_related(f, s.applied->redundancy_group->range, "the crypto map's redundancy group");
      sink.report(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_ha_inter_device_missing() { return std::make_unique<HaInterDeviceMissing>(); }

}  // namespace havpnc::lint::rules
