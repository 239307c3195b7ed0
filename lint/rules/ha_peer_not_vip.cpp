// ha-peer-not-vip: the remote peer must address the HA pair through the HSRP virtual IP that
// the stateful crypto map terminates on. A `set peer` or `crypto isakmp key ... address` for a
// router's physical address builds SAs with that one router: after failover the new active
// router answers from the VIP and the peer neither reaches it nor finds a key for it.
#include <set>

#include "lint/rules/ha_common.h"
#include "lint/rules/rules.h"

namespace havpnc::lint::rules {
namespace {

// The physical address of a stateful crypto-map interface, with the VIP the peer should use.
struct PhysicalOwner {
  const model::Device* device = nullptr;
  const model::HsrpGroup* group = nullptr;
};

std::optional<PhysicalOwner> physical_ha_owner(const network::Network& net, model::Ipv4 address,
                                               const model::Device& asking) {
  for (const auto& owner : net.owners_of(address)) {
    if (owner.device == nullptr || owner.device == &asking || owner.group != nullptr || owner.interface == nullptr) continue;
    for (const auto& s : stateful_maps(*owner.device)) {
      if (s.interface != owner.interface) continue;
      for (const auto* pair : net.pairs_of(*owner.device)) {
        if (other_member(*pair, *owner.device).device == &asking) return std::nullopt;  // its HA partner
      }
      auto red = redundancy_group(s);
      return PhysicalOwner{owner.device, red.group};
    }
  }
  return std::nullopt;
}

class HaPeerNotVip final : public Rule {
 public:
  std::string_view id() const override { return "ha-peer-not-vip"; }
  std::string_view summary() const override {
    return "remote peer's `set peer` or ISAKMP key targets an HA router's physical address, not the VIP";
  }
  model::Severity default_severity() const override { return model::Severity::Error; }

  void check_network(const network::Network& net, FindingSink& sink) const override {
    std::set<std::pair<const model::CryptoMapEntry*, model::Ipv4>> seen;
    for (const auto& t : net.tunnel_peers()) {
      if (!seen.insert({t.entry, t.peer.value}).second) continue;
      auto owner = physical_ha_owner(net, t.peer.value, *t.local);
      if (!owner) continue;
      report(t.local->display_name() + ": `set peer " + t.peer.value.to_string() + "`", *t.local, *owner,
             t.peer.range, sink);
    }
    for (const auto& device : net.devices()) {
      for (const auto& k : device.isakmp_keys) {
        if (!k.address || k.mask.value.bits != 0xFFFFFFFFu) continue;
        auto owner = physical_ha_owner(net, k.address->value, device);
        if (!owner) continue;
        report(device.display_name() + ": `crypto isakmp key ... address " + k.address->value.to_string() + "`", device,
               *owner, k.range, sink);
      }
    }
  }

 private:
  void report(const std::string& what, const model::Device& local, const PhysicalOwner& owner,
              const model::SourceRange& at, FindingSink& sink) const {
    const std::string vip = owner.group != nullptr && owner.group->virtual_ip
                                ? "the virtual IP " + owner.group->virtual_ip->value.to_string()
                                : "the HSRP virtual IP";
    Finding f = make_finding(*this,
                             what + " targets a physical address of HA router " + owner.device->display_name() +
                                 " instead of " + vip +
                                 "; after failover the new active router answers from the VIP, so the tunnel "
                                 "to this peer fails until it is reconfigured",
                             at, {local.display_name(), owner.device->display_name()});
    if (owner.group != nullptr && owner.group->virtual_ip) {
      add_related(f, owner.group->virtual_ip->range, owner.device->display_name() + "'s virtual IP");
    }
    sink.report(std::move(f));
  }
};

}  // namespace

std::unique_ptr<Rule> make_ha_peer_not_vip() { return std::make_unique<HaPeerNotVip>(); }

}  // namespace havpnc::lint::rules
