// ha-ipc-mismatch: the SSO SCTP association comes up only when each router's remote-ip and
// remote-port are the other's local-ip and local-port (RFC 4960 §5: the INIT goes to the
// configured remote address and port, and the peer accepts it only on its local one).
#include <algorithm>
#include <set>

#include "lint/rules/ha_common.h"
#include "lint/rules/rules.h"

namespace havpnc::lint::rules {
namespace {

const model::SctpAssociation* association_of(const network::HaMember& m) {
  if (m.association != nullptr) return m.association;
  if (m.device->ipc_zone && !m.device->ipc_zone->associations.empty()) return &m.device->ipc_zone->associations.front();
  return nullptr;
}

std::set<model::Ipv4> addresses(const std::vector<model::Located<model::Ipv4>>& list) {
  std::set<model::Ipv4> out;
  for (const auto& a : list) out.insert(a.value);
  return out;
}

std::string join(const std::vector<model::Located<model::Ipv4>>& list) {
  std::string out;
  for (const auto& a : list) out += (out.empty() ? "" : " ") + a.value.to_string();
  return out;
}

class HaIpcMismatch final : public Rule {
 public:
  std::string_view id() const override { return "ha-ipc-mismatch"; }
  std::string_view summary() const override { return "the HA pair's ipc zone associations are not mirror images"; }
  model::Severity default_severity() const override { return model::Severity::Error; }

  void check_network(const network::Network& net, FindingSink& sink) const override {
    std::set<std::pair<const model::Device*, const model::Device*>> done;
    for (const auto& pair : net.ha_pairs()) {
      if (!done.insert({pair.first.device, pair.second.device}).second) continue;
      const auto* a = association_of(pair.first);
      const auto* b = association_of(pair.second);
      if (a == nullptr || b == nullptr) continue;  // ha-ipc-missing
      direction(*pair.first.device, *a, *pair.second.device, *b, sink);
      direction(*pair.second.device, *b, *pair.first.device, *a, sink);
    }
  }

 private:
  // `me`'s remote side must be `peer`'s local side.
  void direction(const model::Device& me, const model::SctpAssociation& mine, const model::Device& peer,
                 const model::SctpAssociation& theirs, FindingSink& sink) const {
    const std::vector<std::string> both{me.display_name(), peer.display_name()};
    const std::string why = "; the SSO association never comes up, so no SA is replicated and failover renegotiates every tunnel";
    if (!mine.remote_ips.empty() && !theirs.local_ips.empty() && addresses(mine.remote_ips) != addresses(theirs.local_ips)) {
      Finding f = make_finding(*this,
                               me.display_name() + ": ipc remote-ip " + join(mine.remote_ips) + " is not " +
                                   peer.display_name() + "'s local-ip " + join(theirs.local_ips) + why,
                               mine.remote_ips.front().range, both);
      add_related(f, theirs.local_ips.front().range, peer.display_name() + "'s local-ip");
      sink.report(std::move(f));
    }
    if (mine.remote_port && theirs.local_port && mine.remote_port->value != theirs.local_port->value) {
      Finding f = make_finding(*this,
                               me.display_name() + ": ipc remote-port " + std::to_string(mine.remote_port->value) +
                                   " is not " + peer.display_name() + "'s local-port " +
                                   std::to_string(theirs.local_port->value) + why,
                               mine.remote_port->range, both);
      add_related(f, theirs.local_port->range, peer.display_name() + "'s local-port");
      sink.report(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_ha_ipc_mismatch() { return std::make_unique<HaIpcMismatch>(); }

}  // namespace havpnc::lint::rules
