// ha-hsrp-preempt-missing: without `standby N preempt`, a router whose tracked priority is now
// the highest never takes over (RFC 2281 §5.4: only a preempting router may displace an active
// router of lower priority), so tracking cannot move the SSO-active role.
#include "lint/rules/ha_common.h"
#include "lint/rules/rules.h"

namespace havpnc::lint::rules {
namespace {

class HaHsrpPreemptMissing final : public Rule {
 public:
  std::string_view id() const override { return "ha-hsrp-preempt-missing"; }
  std::string_view summary() const override { return "the stateful redundancy HSRP group lacks `standby N preempt`"; }
  model::Severity default_severity() const override { return model::Severity::Error; }

  void check_device(const model::Device& device, FindingSink& sink) const override {
    for (const auto& stateful : stateful_maps(device)) {
      auto found = redundancy_group(stateful);
      if (!found || found.group->preempt) continue;
      const model::HsrpGroup& g = *found.group;
      Finding f = make_finding(
          *this,
          device.display_name() + ": HSRP group " + std::to_string(g.number.value) + " (" + stateful.group_name() +
              ") on " + found.interface->name.value + " protects stateful crypto map " + stateful.applied->map.value +
              " but has no `standby " + std::to_string(g.number.value) +
              " preempt`; when tracking lowers the active router's priority the standby never takes over "
              "(RFC 2281 §5.4), so the VIP and the SAs stay on the failed router",
          g.range, {device.display_name()});
      add_related(f, stateful.applied->range, "stateful crypto map applied here");
      sink.report(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_ha_hsrp_preempt_missing() { return std::make_unique<HaHsrpPreemptMissing>(); }

}  // namespace havpnc::lint::rules
