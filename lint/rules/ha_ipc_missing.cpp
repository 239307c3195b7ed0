// ha-ipc-missing: SSO carries SA state over the SCTP association of `ipc zone default`. IOS
// creates an association shut down, and it stays down until it has `protocol sctp`, a local
// and a remote port and address, and `no shutdown`; a local-ip the router does not own can
// never be bound.
#include <algorithm>

#include "lint/rules/ha_common.h"
#include "lint/rules/rules.h"

namespace havpnc::lint::rules {
namespace {

class HaIpcMissing final : public Rule {
 public:
  std::string_view id() const override { return "ha-ipc-missing"; }
  std::string_view summary() const override {
    return "stateful failover without a complete `ipc zone default` SCTP association";
  }
  model::Severity default_severity() const override { return model::Severity::Error; }

  void check_device(const model::Device& device, FindingSink& sink) const override {
    if (!is_stateful_ha(device)) return;
    const std::string who = device.display_name();
    const std::string why = "; SSO cannot open its SCTP channel, so no IKE or IPsec SA reaches the standby router";
    if (!device.ipc_zone || device.ipc_zone->associations.empty()) {
      auto stateful = stateful_maps(device);
      model::SourceRange at = device.ipc_zone ? device.ipc_zone->range
                              : !stateful.empty() ? stateful.front().applied->range
                                                  : device.inter_device->range;
      sink.report(make_finding(*this, who + ": stateful failover is configured but there is no `ipc zone default` association" + why,
                               at, {who}));
      return;
    }
    for (const auto& a : device.ipc_zone->associations) {
      const std::string assoc = "association " + std::to_string(a.id.value);
      auto missing = [&](const std::string& what) {
        sink.report(make_finding(*this, who + ": ipc zone " + assoc + " " + what + why, a.range, {who}));
      };
      if (a.shutdown.value) missing("is shut down (IOS creates it shut down; add `no shutdown`)");
      if (!a.protocol_sctp) missing("has no `protocol sctp`");
      if (!a.local_port) missing("has no `local-port`");
      if (a.local_ips.empty()) missing("has no `local-ip`");
      if (!a.remote_port) missing("has no `remote-port`");
      if (a.remote_ips.empty()) missing("has no `remote-ip`");
      auto owned = device.interface_addresses();
      for (const auto& ip : a.local_ips) {
        bool mine = std::any_of(owned.begin(), owned.end(), [&](const auto& p) { return p.second.address == ip.value; });
        if (mine) continue;
        sink.report(make_finding(*this,
                                 who + ": ipc zone " + assoc + " local-ip " + ip.value.to_string() +
                                     " is not an address of any interface on this router" + why,
                                 ip.range, {who}));
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_ha_ipc_missing() { return std::make_unique<HaIpcMissing>(); }

}  // namespace havpnc::lint::rules
