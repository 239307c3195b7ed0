// ha-psk-only: stateful IPsec failover replicates IKE SAs authenticated with pre-shared keys;
// a policy that lets a peer negotiate certificates (rsa-sig, the IOS default) or rsa-encr
// produces SAs the standby cannot take over.
#include "lint/rules/ha_common.h"
#include "lint/rules/rules.h"

namespace havpnc::lint::rules {
namespace {

class HaPskOnly final : public Rule {
 public:
  std::string_view id() const override { return "ha-psk-only"; }
  std::string_view summary() const override {
    return "stateful crypto map on a router whose ISAKMP policies allow authentication other than pre-share";
  }
  model::Severity default_severity() const override { return model::Severity::Error; }

  void check_device(const model::Device& device, FindingSink& sink) const override {
    auto stateful = stateful_maps(device);
    if (stateful.empty()) return;
    const StatefulMap& first = stateful.front();
    for (const auto& [priority, policy] : device.isakmp_policies) {
      if (policy.authentication.value == model::IkeAuth::PreShare) continue;
      const std::string how = policy.authentication.defaulted ? " (the IOS default, no `authentication` line)" : "";
      Finding f = make_finding(
          *this,
          device.display_name() + ": crypto isakmp policy " + std::to_string(priority) + " allows " +
              model::to_string(policy.authentication.value) + " authentication" + how + ", but crypto map " +
              first.applied->map.value + " is stateful (redundancy " + first.group_name() +
              "); IOS stateful IPsec failover supports only pre-shared keys, so an IKE SA negotiated with this "
              "policy is not taken over by the standby and the tunnel drops on failover",
          policy.authentication.range, {device.display_name()});
      add_related(f, first.applied->range, "stateful crypto map applied here");
      sink.report(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_ha_psk_only() { return std::make_unique<HaPskOnly>(); }

}  // namespace havpnc::lint::rules
