// ha-redundancy-group-undefined: `crypto map X redundancy NAME [stateful]` names an HSRP group
// by its `standby N name NAME`; when no group carries that name, IOS has no virtual IP to
// terminate IKE on and no HSRP state to drive SSO.
#include "lint/rules/ha_common.h"
#include "lint/rules/rules.h"

namespace havpnc::lint::rules {
namespace {

class HaRedundancyGroupUndefined final : public Rule {
 public:
  std::string_view id() const override { return "ha-redundancy-group-undefined"; }
  std::string_view summary() const override {
    return "`crypto map X redundancy NAME` with no `standby N name NAME` on the router";
  }
  model::Severity default_severity() const override { return model::Severity::Error; }

  void check_device(const model::Device& device, FindingSink& sink) const override {
    for (const auto& [name, itf] : device.interfaces) {
      if (!itf.crypto_map || !itf.crypto_map->redundancy_group) continue;
      const auto& group = *itf.crypto_map->redundancy_group;
      // A group of that name on another interface is ha-crypto-map-not-on-hsrp-interface.
      if (group_named(device, group.value)) continue;
      sink.report(make_finding(
          *this,
          device.display_name() + ": crypto map " + itf.crypto_map->map.value + " on " + name +
              " uses redundancy group " + group.value + ", but no `standby N name " + group.value +
              "` exists on this router; IOS has no HSRP virtual IP or state for the map, so IKE cannot "
              "terminate on a shared address and SSO has nothing to follow",
          group.range, {device.display_name()}));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_ha_redundancy_group_undefined() { return std::make_unique<HaRedundancyGroupUndefined>(); }

}  // namespace havpnc::lint::rules
