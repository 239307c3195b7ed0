// ike-psk-mismatch: with pre-shared key authentication each side looks up the key by the
// peer's address; SKEYID = prf(pre-shared-key, Ni_b | Nr_b) (RFC 2409 §5.4), so a missing key
// fails main mode at once and a different key fails the HASH check in message 5 or 6.
#include <algorithm>
#include <set>

#include "lint/rules/ha_common.h"
#include "lint/rules/rules.h"
#include "lint/rules/tunnel_common.h"

namespace havpnc::lint::rules {
namespace {

bool uses_pre_share(const model::Device& d) {
  return std::any_of(d.isakmp_policies.begin(), d.isakmp_policies.end(),
                     [](const auto& p) { return p.second.authentication.value == model::IkeAuth::PreShare; });
}

// The key `remote` uses for `local`: looked up by an address `local` sends IKE from.
const model::IsakmpKey* key_back(const model::Device& remote, const TunnelEnds& ends, model::Ipv4* used) {
  std::vector<model::Ipv4> candidates;
  if (ends.back) candidates.push_back(ends.back->peer.value);
  if (const model::Interface* itf = interface_of(*ends.there.local, *ends.there.map)) {
    auto more = crypto_source_addresses(*ends.there.local, *itf);
    candidates.insert(candidates.end(), more.begin(), more.end());
  }
  for (auto address : candidates) {
    if (const model::IsakmpKey* k = key_for(remote, address)) {
      *used = address;
      return k;
    }
  }
  if (!candidates.empty()) *used = candidates.front();
  return nullptr;
}

class IkePskMismatch final : public Rule {
 public:
  std::string_view id() const override { return "ike-psk-mismatch"; }
  std::string_view summary() const override { return "tunnel peers' pre-shared keys differ, or one has no key for the other"; }
  model::Severity default_severity() const override { return model::Severity::Error; }

  void check_network(const network::Network& net, FindingSink& sink) const override {
    std::set<std::pair<const model::Device*, model::Ipv4>> missing_reported;
    for (const auto& ends : tunnel_ends(net)) {
      const model::Device& a = *ends.there.local;
      const model::Device& b = *ends.there.remote;
      if (!uses_pre_share(a) || !uses_pre_share(b)) continue;
      const std::vector<std::string> both{a.display_name(), b.display_name()};
      const model::IsakmpKey* ka = key_for(a, ends.there.peer.value);
      model::Ipv4 b_looks_up{};
      const model::IsakmpKey* kb = key_back(b, ends, &b_looks_up);
      if (ka == nullptr && missing_reported.insert({&a, ends.there.peer.value}).second) {
        sink.report(make_finding(*this,
                                 a.display_name() + ": no `crypto isakmp key` matches peer " +
                                     ends.there.peer.value.to_string() + " (" + b.display_name() +
                                     "); main mode with pre-shared keys cannot start and the tunnel never comes up",
                                 ends.there.peer.range, both));
      }
      if (kb == nullptr) {
        const model::SourceRange at = ends.back ? ends.back->peer.range : b.isakmp_policies.begin()->second.range;
        sink.report(make_finding(*this,
                                 b.display_name() + ": no `crypto isakmp key` matches " + b_looks_up.to_string() +
                                     ", the address " + a.display_name() +
                                     " negotiates from; main mode with pre-shared keys fails and the tunnel never "
                                     "comes up",
                                 at, both));
      }
      if (ka == nullptr || kb == nullptr || ka->key.encryption_type != kb->key.encryption_type) continue;
      if (ka->key.text == kb->key.text) continue;
      Finding f = make_finding(*this,
                               a.display_name() + ": the pre-shared key for " + ends.there.peer.value.to_string() +
                                   " differs from " + b.display_name() + "'s key for " + b_looks_up.to_string() +
                                   "; the main mode HASH check (RFC 2409 §5.4) fails and the tunnel never comes up",
                               ka->range, both);
      add_related(f, kb->range, b.display_name() + "'s key for " + b_looks_up.to_string());
      sink.report(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_ike_psk_mismatch() { return std::make_unique<IkePskMismatch>(); }

}  // namespace havpnc::lint::rules
