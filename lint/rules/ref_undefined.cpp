// ref-undefined: a command that names a structure (ACL, transform set, crypto map, track
// object, interface, ISAKMP profile, keyring, IPsec profile) the config never defines. IOS accepts such a
// reference silently and the feature then does nothing: a crypto map entry without its ACL
// or transform set never brings a tunnel up.
#include "lint/rules/ha_common.h"
#include "lint/rules/rules.h"

namespace havpnc::lint::rules {
namespace {

class RefUndefined final : public Rule {
 public:
  std::string_view id() const override { return "ref-undefined"; }
  std::string_view summary() const override { return "reference to an ACL, transform set, map, track or interface that is not defined"; }
  model::Severity default_severity() const override { return model::Severity::Error; }

  void check_device(const model::Device& device, FindingSink& sink) const override {
    const std::string who = device.display_name();
    for (const auto& use : device.references.uses()) {
      if (!model::References::definitions_modelled(use.kind)) continue;
      // HSRP group names have their own HA rules (ha-redundancy-group-undefined,
      // ha-inter-device-missing) that say why the name matters.
      if (use.kind == model::StructureKind::HsrpGroupName) continue;
      if (device.references.find_definition(use.kind, use.name) != nullptr) continue;
      sink.report(make_finding(*this,
                               who + ": " + use.context + " refers to " + model::to_string(use.kind) + " " + use.name +
                                   ", which is not defined on this router; IOS accepts the reference and the "
                                   "feature silently does nothing",
                               use.range, {who}));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_ref_undefined() { return std::make_unique<RefUndefined>(); }

}  // namespace havpnc::lint::rules
