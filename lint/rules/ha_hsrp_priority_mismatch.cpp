// ha-hsrp-priority-mismatch: the SSO standby always reloads to resynchronise after the active
// router returns. With unequal priorities the returning higher-priority router preempts, the
// router that took over loses SSO-active and reloads: every failure causes a second outage.
// Cisco's stateful failover guide therefore asks for equal priorities on both routers.
#include "lint/rules/ha_common.h"
#include "lint/rules/rules.h"

namespace havpnc::lint::rules {
namespace {

std::string priority_text(const model::Located<std::uint32_t>& p) {
  return std::to_string(p.value) + (p.defaulted ? " (default)" : "");
}

class HaHsrpPriorityMismatch final : public Rule {
 public:
  std::string_view id() const override { return "ha-hsrp-priority-mismatch"; }
  std::string_view summary() const override { return "the HA pair's HSRP priorities differ"; }
  model::Severity default_severity() const override { return model::Severity::Error; }

  void check_network(const network::Network& net, FindingSink& sink) const override {
    for (const auto& pair : net.ha_pairs()) {
      const auto& a = pair.first;
      const auto& b = pair.second;
      if (a.group == nullptr || b.group == nullptr) continue;
      if (!is_stateful_ha(*a.device) && !is_stateful_ha(*b.device)) continue;
      if (a.group->priority.value == b.group->priority.value) continue;
      Finding f = make_finding(
          *this,
          a.device->display_name() + ": HSRP " + group_label(*a.interface, *a.group) + " (VIP " +
              pair.virtual_ip.to_string() + ") has priority " + priority_text(a.group->priority) + " but " +
              b.device->display_name() + " has " + priority_text(b.group->priority) +
              "; the SSO standby reloads to resynchronise, so after a failure the returning higher-priority router "
              "preempts and the pair fails over a second time. Use equal priorities",
          a.group->priority.range, {a.device->display_name(), b.device->display_name()});
      add_related(f, b.group->priority.range, b.device->display_name() + "'s priority for the same group");
      sink.report(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_ha_hsrp_priority_mismatch() { return std::make_unique<HaHsrpPriorityMismatch>(); }

}  // namespace havpnc::lint::rules
