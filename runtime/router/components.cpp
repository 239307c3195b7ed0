#include "runtime/router/components.h"

#include <memory>

#include "runtime/crypto/crypto_service.h"

namespace havpnc::router {

void add_components(ComponentContext& c) {
  // HSRP embeds the tracking (its priorities follow the objects within one event); a plan
  // with track objects but no groups still gets `show track` and the TRACK logs.
  if (!c.plan.hsrp_groups.empty())
    c.host.add(std::make_unique<HsrpComponent>(c.plan, c.links, c.macs, c.clock));
  else if (!c.plan.track_objects.empty())
    c.host.add(std::make_unique<TrackComponent>(c.plan, c.links, c.clock));
  // IKE + ESP for the bound crypto maps, fed by its own TUN (registered as an interface).
  if (auto crypto = crypto::make_crypto_service(
          c.io, c.plan, c.host, c.clock,
          [&c](const std::string& ios, const std::string& lx) { c.edges.add_binding(ios, lx); }))
    c.host.add(std::move(crypto));
}

}  // namespace havpnc::router
