// ha-onboard-crypto-engine: on IOS 15.2 (the seed ran 15.2(3)T) the onboard hardware crypto
// engine breaks SA synchronisation between the SSO routers; the documented workaround is
// `no crypto engine onboard 0`. A running-config's `version` line only shows the train
// (15.2), so every 15.2 stateful router with the engine enabled is reported.
#include "lint/rules/ha_common.h"
#include "lint/rules/rules.h"

namespace havpnc::lint::rules {
namespace {

class HaOnboardCryptoEngine final : public Rule {
 public:
  std::string_view id() const override { return "ha-onboard-crypto-engine"; }
  std::string_view summary() const override {
    return "IOS 15.2 stateful failover router with the onboard hardware crypto engine enabled";
  }
  model::Severity default_severity() const override { return model::Severity::Warning; }

  void check_device(const model::Device& device, FindingSink& sink) const override {
    if (!device.version || device.version->value.rfind("15.2", 0) != 0) return;
    auto stateful = stateful_maps(device);
    if (stateful.empty()) return;
    for (const auto& engine : device.crypto_engines) {
      if (engine.slot.value == 0 && !engine.enabled) return;
    }
    Finding f = make_finding(
        *this,
        device.display_name() + ": IOS " + device.version->value +
            " with stateful crypto map " + stateful.front().applied->map.value +
            " and the onboard hardware crypto engine enabled; a known 15.2(3)T bug breaks SA synchronisation to "
            "the standby with the hardware engine, so failover loses the tunnels. Add `no crypto engine onboard 0`",
        device.version->range, {device.display_name()});
    add_related(f, stateful.front().applied->range, "stateful crypto map applied here");
    sink.report(std::move(f));
  }
};

}  // namespace

std::unique_ptr<Rule> make_ha_onboard_crypto_engine() { return std::make_unique<HaOnboardCryptoEngine>(); }

}  // namespace havpnc::lint::rules
