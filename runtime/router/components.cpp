#include "runtime/router/components.h"

#include <memory>

namespace havpnc::router {

void add_components(ComponentContext& c) {
  // HSRP embeds the tracking (its priorities follow the objects within one event); a plan
  // with track objects but no groups still gets `show track` and the TRACK logs.
  if (!c.plan.hsrp_groups.empty())
    c.host.add(std::make_unique<HsrpComponent>(c.plan, c.links, c.macs, c.clock));
  else if (!c.plan.track_objects.empty())
    c.host.add(std::make_unique<TrackComponent>(c.plan, c.links, c.clock));
}

}  // namespace havpnc::router
