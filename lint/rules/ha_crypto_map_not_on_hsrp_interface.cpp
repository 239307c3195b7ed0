// ha-crypto-map-not-on-hsrp-interface: IOS terminates a redundant crypto map on the virtual IP
// of the named HSRP group, which must live on the interface the map is applied to; a group on
// another interface gives the map a VIP from a different segment that the peer cannot reach
// through this interface.
#include "lint/rules/ha_common.h"
#include "lint/rules/rules.h"

namespace havpnc::lint::rules {
namespace {

class HaCryptoMapNotOnHsrpInterface final : public Rule {
 public:
  std::string_view id() const override { return "ha-crypto-map-not-on-hsrp-interface"; }
  std::string_view summary() const override {
    return "redundant crypto map applied on a different interface than its HSRP group";
  }
  model::Severity default_severity() const override { return model::Severity::Error; }

  void check_device(const model::Device& device, FindingSink& sink) const override {
    for (const auto& [name, itf] : device.interfaces) {
      if (!itf.crypto_map || !itf.crypto_map->redundancy_group) continue;
      const std::string& group = itf.crypto_map->redundancy_group->value;
      if (group_named(itf, group)) continue;
      auto elsewhere = group_named(device, group);
      if (!elsewhere) continue;  // ha-redundancy-group-undefined
      Finding f = make_finding(
          *this,
          device.display_name() + ": crypto map " + itf.crypto_map->map.value + " is applied on " + name +
              " with redundancy " + group + ", but HSRP group " + group + " (" +
              group_label(*elsewhere.interface, *elsewhere.group) +
              ") is on another interface; IOS binds the map to that group's virtual IP, which is not on the "
              "interface where the tunnel traffic arrives, so the peer cannot reach the SAs after failover",
          itf.crypto_map->range, {device.display_name()});
      add_related(f, elsewhere.group->name->range, "HSRP group " + group + " is defined here");
      sink.report(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_ha_crypto_map_not_on_hsrp_interface() {
  return std::make_unique<HaCryptoMapNotOnHsrpInterface>();
}

}  // namespace havpnc::lint::rules
