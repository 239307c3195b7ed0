// ipsec-pfs-mismatch: with `set pfs`, IOS requires the peer's quick mode to carry a KE payload
// of that group (RFC 2409 §5.5); without it, IOS accepts any. Different settings on the two
// ends make phase 2 succeed or fail depending on which side initiates — and after an HA
// failover the side that re-keys may be the other one.
#include "lint/rules/ha_common.h"
#include "lint/rules/rules.h"
#include "lint/rules/tunnel_common.h"

namespace havpnc::lint::rules {
namespace {

std::string pfs_text(const model::CryptoMapEntry& e) {
  return e.pfs ? "`set pfs " + model::to_string(e.pfs->value) + "`" : "no PFS";
}

model::SourceRange pfs_range(const model::CryptoMapEntry& e) { return e.pfs ? e.pfs->range : e.range; }

class IpsecPfsMismatch final : public Rule {
 public:
  std::string_view id() const override { return "ipsec-pfs-mismatch"; }
  std::string_view summary() const override { return "tunnel peers' crypto map entries differ in `set pfs`"; }
  model::Severity default_severity() const override { return model::Severity::Error; }

  void check_network(const network::Network& net, FindingSink& sink) const override {
    for (const auto& ends : tunnel_ends(net)) {
      if (!ends.back) continue;
      const TunnelLink& here = ends.there;
      const TunnelLink& back = *ends.back;
      const auto a = here.entry->pfs ? std::optional(here.entry->pfs->value) : std::nullopt;
      const auto b = back.entry->pfs ? std::optional(back.entry->pfs->value) : std::nullopt;
      if (a == b) continue;
      // Point at the side that demands PFS: that is where quick mode will be refused.
      const bool here_demands = here.entry->pfs.has_value();
      const TunnelLink& strict = here_demands ? here : back;
      const TunnelLink& other = here_demands ? back : here;
      Finding f = make_finding(*this,
                               strict.local->display_name() + ": crypto map " + strict.map->name.value + " " +
                                   std::to_string(strict.entry->sequence.value) + " has " + pfs_text(*strict.entry) +
                                   " but " + other.local->display_name() + " has " + pfs_text(*other.entry) +
                                   " for this tunnel; quick mode fails whenever " + other.local->display_name() +
                                   " initiates (RFC 2409 §5.5), so re-keys and post-failover negotiations fail at random",
                               pfs_range(*strict.entry), {here.local->display_name(), back.local->display_name()});
      add_related(f, pfs_range(*other.entry), other.local->display_name() + "'s crypto map entry");
      sink.report(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_ipsec_pfs_mismatch() { return std::make_unique<IpsecPfsMismatch>(); }

}  // namespace havpnc::lint::rules
