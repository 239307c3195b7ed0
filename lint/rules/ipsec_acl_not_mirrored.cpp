// ipsec-acl-not-mirrored: quick mode carries the crypto ACL as proxy identities (RFC 2409
// §5.5 IDci/IDcr); the responder accepts only if its own ACL has the mirror image (source and
// destination swapped). An entry without a mirror never gets an SA, so its traffic is dropped
// or sent in the clear.
#include <algorithm>

#include "lint/rules/ha_common.h"
#include "lint/rules/rules.h"
#include "lint/rules/tunnel_common.h"

namespace havpnc::lint::rules {
namespace {

struct Flow {
  std::string protocol;
  model::Ipv4Prefix source;
  model::Ipv4Prefix destination;
  std::string source_ports;
  std::string destination_ports;
  friend bool operator==(const Flow&, const Flow&) = default;
};

std::string ports(const std::optional<model::AclPort>& p) {
  if (!p) return "";
  std::string out = std::to_string(static_cast<int>(p->op));
  for (const auto& s : p->ports) out += " " + s;
  return out;
}

std::optional<Flow> flow_of(const model::AclEntry& e) {
  if (e.action != model::AclEntry::Action::Permit || !e.destination) return std::nullopt;
  Flow f{e.protocol, e.source.prefix(), e.destination->prefix(), ports(e.source_port), ports(e.destination_port)};
  f.source = {f.source.network(), f.source.length};
  f.destination = {f.destination.network(), f.destination.length};
  return f;
}

Flow mirror(const Flow& f) { return {f.protocol, f.destination, f.source, f.destination_ports, f.source_ports}; }

const model::AccessList* acl_of(const TunnelLink& link) {
  if (!link.entry->match_address) return nullptr;
  auto it = link.local->access_lists.find(link.entry->match_address->value);
  return it == link.local->access_lists.end() ? nullptr : &it->second;
}

class IpsecAclNotMirrored final : public Rule {
 public:
  std::string_view id() const override { return "ipsec-acl-not-mirrored"; }
  std::string_view summary() const override { return "tunnel peers' crypto ACLs are not mirror images"; }
  model::Severity default_severity() const override { return model::Severity::Error; }

  void check_network(const network::Network& net, FindingSink& sink) const override {
    for (const auto& ends : tunnel_ends(net)) {
      if (!ends.back) continue;
      const model::AccessList* a = acl_of(ends.there);
      const model::AccessList* b = acl_of(*ends.back);
      if (a == nullptr || b == nullptr) continue;  // ref-undefined
      report_unmirrored(ends.there, *a, *ends.back, *b, sink);
      report_unmirrored(*ends.back, *b, ends.there, *a, sink);
    }
  }

 private:
  void report_unmirrored(const TunnelLink& here, const model::AccessList& mine, const TunnelLink& there,
                         const model::AccessList& theirs, FindingSink& sink) const {
    std::vector<Flow> their_flows;
    for (const auto& e : theirs.entries) {
      if (auto f = flow_of(e)) their_flows.push_back(*f);
    }
    for (const auto& e : mine.entries) {
      auto f = flow_of(e);
      if (!f || std::find(their_flows.begin(), their_flows.end(), mirror(*f)) != their_flows.end()) continue;
      Finding finding = make_finding(
          *this,
          here.local->display_name() + ": access-list " + mine.name.value + " permits " + f->protocol + " " +
              f->source.to_string() + " -> " + f->destination.to_string() + " but " + there.local->display_name() +
              "'s access-list " + theirs.name.value + " has no mirror entry (" + f->protocol + " " +
              f->destination.to_string() + " -> " + f->source.to_string() +
              "); the peer rejects these proxy identities in quick mode (RFC 2409 §5.5), so this traffic never gets "
              "an SA",
          e.range, {here.local->display_name(), there.local->display_name()});
      add_related(finding, theirs.range, there.local->display_name() + "'s crypto ACL");
      sink.report(std::move(finding));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_ipsec_acl_not_mirrored() { return std::make_unique<IpsecAclNotMirrored>(); }

}  // namespace havpnc::lint::rules
