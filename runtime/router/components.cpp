#include "runtime/router/components.h"

#include <memory>
#include <stdexcept>

#include "runtime/crypto/crypto_service.h"
#include "runtime/sctp/make_association.h"
#include "runtime/sctp/parameters.h"
#include "runtime/sso/sso_service.h"

namespace havpnc::router {

namespace {

// Index of the `scheme standby NAME` group among the plan's groups (HsrpComponent keeps the
// plan's order).
std::size_t group_index(const plan::Plan& plan, const std::string& name) {
  const plan::HsrpGroup* g = plan.find_hsrp_group_named(name);
  return static_cast<std::size_t>(g - plan.hsrp_groups.data());
}

}  // namespace

void add_components(ComponentContext& c) {
  // SSO (`redundancy inter-device`) follows the `scheme standby` group and drives crypto.
  auto sso_config = sso::sso_config_from_plan(c.plan);  // throws when configured but unusable

  // HSRP embeds the tracking (its priorities follow the objects within one event); a plan
  // with track objects but no groups still gets `show track` and the TRACK logs.
  std::unique_ptr<engine::Component> hsrp;
  HsrpComponent* hsrp_core = nullptr;
  if (!c.plan.hsrp_groups.empty()) {
    auto h = std::make_unique<HsrpComponent>(c.plan, c.links, c.macs, c.clock, c.virtual_macs);
    hsrp_core = h.get();
    hsrp = std::move(h);
  } else if (!c.plan.track_objects.empty()) {
    hsrp = std::make_unique<TrackComponent>(c.plan, c.links, c.clock);
  }
  // IKE + ESP for the bound crypto maps, fed by its own TUN (registered as an interface).
  auto crypto_service = crypto::make_crypto_service(
      c.io, c.plan, c.host, c.clock,
      [&c](const std::string& ios, const std::string& lx) { c.edges.add_binding(ios, lx); });
  auto* crypto = dynamic_cast<crypto::CryptoService*>(crypto_service.get());

  std::unique_ptr<sso::SsoService> sso;
  if (sso_config && hsrp_core) {
    auto parameters = sctp::parameters_from_plan(sso_config->association);
    if (!parameters.parameters) throw std::invalid_argument(parameters.error);
    boost::asio::io_context& io = c.io;
    sso = std::make_unique<sso::SsoService>(
        std::move(*sso_config), c.host, crypto ? &crypto->component() : nullptr, crypto,
        [&io, p = *parameters.parameters](sctp::AssociationHandler& handler, sctp::LogSink log) {
          return sctp::make_association(io, p, handler, std::move(log));
        },
        std::make_unique<ike::crypto::SystemRandom>());
    const std::size_t index = group_index(c.plan, sso->node().rf().group_name());
    sso::SsoService* watcher = sso.get();
    hsrp = std::make_unique<sso::ObservedHsrp>(
        std::move(hsrp), [hsrp_core, index] { return hsrp_core->group(index).state(); },
        [watcher](hsrp::State state) { watcher->hsrp_state(state); });
  }
  if (hsrp) c.host.add(std::move(hsrp));
  if (crypto_service) c.host.add(std::move(crypto_service));
  if (sso) c.host.add(std::move(sso));
}

}  // namespace havpnc::router
