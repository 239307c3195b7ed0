// ha-sso-security: without `security ipsec PROFILE` under `redundancy inter-device`, the SSO
// channel carries IKE and IPsec SA keys in clear SCTP (`show redundancy inter-device` says
// "Security: Not configured"); anyone on the inside segment can read every tunnel's keys.
#include "lint/rules/ha_common.h"
#include "lint/rules/rules.h"

namespace havpnc::lint::rules {
namespace {

class HaSsoSecurity final : public Rule {
 public:
  std::string_view id() const override { return "ha-sso-security"; }
  std::string_view summary() const override {
    return "`redundancy inter-device` without `security ipsec`: SA keys cross the SSO link in the clear";
  }
  model::Severity default_severity() const override { return model::Severity::Warning; }

  void check_device(const model::Device& device, FindingSink& sink) const override {
    // `security key` (havpnc extension) keys the channel too; ha-sso-key-missing covers a
    // `security ipsec` that finds no key.
    if (!device.inter_device || device.inter_device->security_ipsec || device.inter_device->security_key) return;
    sink.report(make_finding(*this,
                             device.display_name() +
                                 ": `redundancy inter-device` has no `security ipsec PROFILE`; SSO replicates IKE "
                                 "and IPsec SA keys to the peer router over unprotected SCTP, so anyone on that "
                                 "segment can decrypt every tunnel",
                             device.inter_device->range, {device.display_name()}));
  }
};

}  // namespace

std::unique_ptr<Rule> make_ha_sso_security() { return std::make_unique<HaSsoSecurity>(); }

}  // namespace havpnc::lint::rules
