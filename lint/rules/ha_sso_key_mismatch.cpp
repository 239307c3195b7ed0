// ha-sso-key-mismatch: the SSO channel key (model/sso_channel_key.h) seals every record with
// AES-256-GCM under keys derived from it on both ends, so the two routers of an HA pair must
// hold the same key: with different keys every record fails authentication, and with a key on
// one side only the keyed end refuses the clear one (no downgrade). Either way no SA reaches the
// standby and the next failover renegotiates every tunnel. The keys are compared, never shown.
#include <set>

#include "compiler/model/sso_channel_key.h"
#include "lint/rules/ha_common.h"
#include "lint/rules/rules.h"

namespace havpnc::lint::rules {
namespace {

class HaSsoKeyMismatch final : public Rule {
 public:
  std::string_view id() const override { return "ha-sso-key-mismatch"; }
  std::string_view summary() const override {
    return "the HA pair's SSO channel keys differ, or only one router has one";
  }
  model::Severity default_severity() const override { return model::Severity::Warning; }

  void check_network(const network::Network& net, FindingSink& sink) const override {
    std::set<std::pair<const model::Device*, const model::Device*>> done;
    for (const auto& pair : net.ha_pairs()) {
      const model::Device& a = *pair.first.device;
      const model::Device& b = *pair.second.device;
      if (!done.insert({&a, &b}).second) continue;
      if (!a.inter_device || !b.inter_device) continue;  // ha-inter-device-missing
      const auto ka = model::sso_channel_key(a);
      const auto kb = model::sso_channel_key(b);
      const std::vector<std::string> both{a.display_name(), b.display_name()};
      if (ka && kb) {
        // A type 7 key cannot be compared with a type 0 one without decoding; like
        // ike-psk-mismatch, only keys written the same way are compared.
        if (ka->key->encryption_type != kb->key->encryption_type || ka->key->text == kb->key->text) continue;
        Finding f = make_finding(*this,
                                 a.display_name() + ": the SSO channel key (" + ka->description() + ") differs from " +
                                     b.display_name() + "'s (" + kb->description() +
                                     "); every replicated record fails authentication, so the standby never "
                                     "gets the SAs and failover renegotiates every tunnel",
                                 ka->key_range, both);
        add_related(f, kb->key_range, b.display_name() + "'s SSO channel key");
        sink.report(std::move(f));
        continue;
      }
      if (!ka && !kb) continue;  // both clear: ha-sso-security / ha-sso-key-missing
      const model::Device& keyed = ka ? a : b;
      const model::Device& clear = ka ? b : a;
      const model::SsoChannelKey& key = ka ? *ka : *kb;
      const model::SourceRange clear_at = clear.inter_device->security_ipsec ? clear.inter_device->security_ipsec->range
                                                                             : clear.inter_device->range;
      Finding f = make_finding(*this,
                               clear.display_name() + ": has no SSO channel key while " + keyed.display_name() +
                                   " seals the channel with one (" + key.description() +
                                   "); the keyed router refuses clear records, so no SA is replicated and "
                                   "failover renegotiates every tunnel",
                               clear_at, both);
      add_related(f, key.key_range, keyed.display_name() + "'s SSO channel key");
      sink.report(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_ha_sso_key_mismatch() { return std::make_unique<HaSsoKeyMismatch>(); }

}  // namespace havpnc::lint::rules
