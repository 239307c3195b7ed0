// ha-sso-key-missing: `security ipsec PROFILE` protects the SSO channel with the ISAKMP
// pre-shared key configured for the ipc zone's remote-ip (a `crypto isakmp key ... address A`
// or a keyring `pre-shared-key address A`). Without such a key there is nothing to authenticate
// the channel with: IOS cannot bring the protected channel up, and havpnc replicates SA keys in
// the clear (%CRYPTO-4-SSO_CLEARTEXT).
#include "compiler/model/sso_channel_key.h"
#include "lint/rules/ha_common.h"
#include "lint/rules/rules.h"

namespace havpnc::lint::rules {
namespace {

class HaSsoKeyMissing final : public Rule {
 public:
  std::string_view id() const override { return "ha-sso-key-missing"; }
  std::string_view summary() const override {
    return "`security ipsec` without a pre-shared key for the ipc remote-ip: the SSO channel runs in the clear";
  }
  model::Severity default_severity() const override { return model::Severity::Warning; }

  void check_device(const model::Device& device, FindingSink& sink) const override {
    if (!device.inter_device || !device.inter_device->security_ipsec) return;
    if (model::sso_channel_key(device)) return;
    const auto remote = model::sso_remote_ip(device);
    if (!remote) return;  // no usable association: ha-ipc-missing says so
    const std::string who = device.display_name();
    const std::string address = remote->value.to_string();
    const auto& profile = *device.inter_device->security_ipsec;
    Finding f = make_finding(*this,
                             who + ": `security ipsec " + profile.value +
                                 "` authenticates the SSO channel with the ISAKMP pre-shared key for the ipc zone "
                                 "remote-ip " + address + ", but no `crypto isakmp key ... address " + address +
                                 "` or keyring `pre-shared-key address " + address +
                                 "` matches it; SSO replicates IKE and IPsec SA keys in the clear",
                             profile.range, {who});
    add_related(f, remote->range, "the ipc zone remote-ip " + address);
    sink.report(std::move(f));
  }
};

}  // namespace

std::unique_ptr<Rule> make_ha_sso_key_missing() { return std::make_unique<HaSsoKeyMissing>(); }

}  // namespace havpnc::lint::rules
