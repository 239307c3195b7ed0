// ref-unused: a defined ACL, transform set, crypto map, track object, ISAKMP profile or
// keyring that nothing uses. Usually a leftover, or a typo where it was meant to be used: the
// tunnel someone thinks is protected by it is not.
#include "lint/rules/ha_common.h"
#include "lint/rules/rules.h"

namespace havpnc::lint::rules {
namespace {

class RefUnused final : public Rule {
 public:
  std::string_view id() const override { return "ref-unused"; }
  std::string_view summary() const override { return "ACL, transform set, crypto map, track or profile defined but never used"; }
  model::Severity default_severity() const override { return model::Severity::Warning; }

  void check_device(const model::Device& device, FindingSink& sink) const override {
    const std::string who = device.display_name();
    for (const auto& def : device.references.definitions()) {
      // Interfaces need no user; HSRP names also label `show standby` output.
      if (def.kind == model::StructureKind::Interface || def.kind == model::StructureKind::HsrpGroupName) continue;
      // An IPsec profile's other user, `tunnel protection ipsec profile` on a tunnel
      // interface, is not modelled: "unused" would be a guess.
      if (def.kind == model::StructureKind::IpsecProfile) continue;
      if (!device.references.uses_of(def.kind, def.name).empty()) continue;
      sink.report(make_finding(*this,
                               who + ": " + model::to_string(def.kind) + " " + def.name +
                                   " is defined but never used; if a command was meant to use it, its name is "
                                   "misspelled there and that feature is not doing what you think",
                               def.range, {who}));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_ref_unused() { return std::make_unique<RefUnused>(); }

}  // namespace havpnc::lint::rules
