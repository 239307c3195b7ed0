// ipsec-transform-mismatch: quick mode needs one transform set on the responder whose ESP
// cipher, integrity and mode equal one the initiator proposes (RFC 2409 §5.5); otherwise phase
// 2 fails with NO-PROPOSAL-CHOSEN although phase 1 is up.
#include <algorithm>
#include <tuple>

#include "lint/rules/ha_common.h"
#include "lint/rules/rules.h"
#include "lint/rules/tunnel_common.h"

namespace havpnc::lint::rules {
namespace {

using Signature = std::vector<std::tuple<int, int, int>>;

std::optional<std::pair<Signature, int>> signature(const model::Device& d, const std::string& name) {
  auto it = d.transform_sets.find(name);
  if (it == d.transform_sets.end()) return std::nullopt;
  Signature s;
  for (const auto& t : it->second.transforms) {
    s.emplace_back(static_cast<int>(t.value.kind), static_cast<int>(t.value.cipher), static_cast<int>(t.value.integrity));
  }
  std::sort(s.begin(), s.end());
  return std::make_pair(s, static_cast<int>(it->second.mode.value));
}

std::string names(const model::CryptoMapEntry& e) {
  std::string out;
  for (const auto& n : e.transform_sets) out += (out.empty() ? "" : " ") + n.value;
  return out;
}

class IpsecTransformMismatch final : public Rule {
 public:
  std::string_view id() const override { return "ipsec-transform-mismatch"; }
  std::string_view summary() const override { return "tunnel peers' crypto map entries share no transform set"; }
  model::Severity default_severity() const override { return model::Severity::Error; }

  void check_network(const network::Network& net, FindingSink& sink) const override {
    for (const auto& ends : tunnel_ends(net)) {
      if (!ends.back) continue;
      const TunnelLink& here = ends.there;
      const TunnelLink& back = *ends.back;
      if (here.entry->transform_sets.empty() || back.entry->transform_sets.empty()) continue;
      bool unresolved = false;
      bool common = false;
      for (const auto& x : here.entry->transform_sets) {
        auto sx = signature(*here.local, x.value);
        unresolved = unresolved || !sx;
        for (const auto& y : back.entry->transform_sets) {
          auto sy = signature(*back.local, y.value);
          unresolved = unresolved || !sy;
          common = common || (sx && sy && *sx == *sy);
        }
      }
      if (common || unresolved) continue;  // an undefined set is ref-undefined's finding
      Finding f = make_finding(*this,
                               here.local->display_name() + ": crypto map " + here.map->name.value + " " +
                                   std::to_string(here.entry->sequence.value) + " offers transform sets " + names(*here.entry) +
                                   " to " + here.peer.value.to_string() + ", none of which matches " +
                                   back.local->display_name() + "'s " + names(*back.entry) +
                                   " (ESP cipher, integrity and mode); quick mode fails with NO-PROPOSAL-CHOSEN",
                               here.entry->transform_sets.front().range,
                               {here.local->display_name(), back.local->display_name()});
      add_related(f, back.entry->transform_sets.front().range, back.local->display_name() + "'s transform sets");
      sink.report(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_ipsec_transform_mismatch() { return std::make_unique<IpsecTransformMismatch>(); }

}  // namespace havpnc::lint::rules
