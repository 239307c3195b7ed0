// ike-proposal-mismatch: IKEv1 main mode succeeds only when the responder finds one of its
// policies whose encryption, hash, authentication method and DH group all equal one of the
// initiator's proposals (RFC 2409 §5: the SA payload negotiates all four together); with none in
// common the tunnel never comes up, and after an HA failover it cannot be renegotiated.
#include "lint/rules/ha_common.h"
#include "lint/rules/rules.h"
#include "lint/rules/tunnel_common.h"

namespace havpnc::lint::rules {
namespace {

bool same_proposal(const model::IsakmpPolicy& a, const model::IsakmpPolicy& b) {
  return a.encryption.value == b.encryption.value && a.hash.value == b.hash.value &&
         a.authentication.value == b.authentication.value && a.group.value == b.group.value;
}

std::string describe(const model::IsakmpPolicy& p) {
  return std::to_string(p.priority.value) + " (" + model::to_string(p.encryption.value) + "/" +
         model::to_string(p.hash.value) + "/" + model::to_string(p.authentication.value) + "/" +
         model::to_string(p.group.value) + ")";
}

std::string describe_all(const model::Device& d) {
  std::string out;
  for (const auto& [priority, p] : d.isakmp_policies) out += (out.empty() ? "" : ", ") + describe(p);
  return out;
}

class IkeProposalMismatch final : public Rule {
 public:
  std::string_view id() const override { return "ike-proposal-mismatch"; }
  std::string_view summary() const override { return "tunnel peers share no ISAKMP policy (encryption, hash, auth, group)"; }
  model::Severity default_severity() const override { return model::Severity::Error; }

  void check_network(const network::Network& net, FindingSink& sink) const override {
    for (const auto& ends : tunnel_ends(net)) {
      const model::Device& a = *ends.there.local;
      const model::Device& b = *ends.there.remote;
      // No policy at all means the IOS built-in defaults, which havpnc does not guess.
      if (a.isakmp_policies.empty() || b.isakmp_policies.empty()) continue;
      bool common = false;
      for (const auto& [pa, policy_a] : a.isakmp_policies) {
        for (const auto& [pb, policy_b] : b.isakmp_policies) common = common || same_proposal(policy_a, policy_b);
      }
      if (common) continue;
      Finding f = make_finding(*this,
                               a.display_name() + ": no ISAKMP policy in common with " + b.display_name() + " for peer " +
                                   ends.there.peer.value.to_string() + ": " + a.display_name() + " has " + describe_all(a) +
                                   ", " + b.display_name() + " has " + describe_all(b) +
                                   "; main mode fails with NO-PROPOSAL-CHOSEN and the tunnel never comes up",
                               ends.there.peer.range, {a.display_name(), b.display_name()});
      for (const auto& [pb, policy_b] : b.isakmp_policies) {
        add_related(f, policy_b.range, b.display_name() + " crypto isakmp policy " + describe(policy_b));
      }
      sink.report(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_ike_proposal_mismatch() { return std::make_unique<IkeProposalMismatch>(); }

}  // namespace havpnc::lint::rules
