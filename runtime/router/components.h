#pragma once
// The one place where a plan's protocol components are chosen and added to the host. A new
// subsystem (IKE/ESP, SSO) adds one call in components.cpp; everything it may need from the
// running router is in ComponentContext.
#include <boost/asio/io_context.hpp>

#include "runtime/engine/host.h"
#include "runtime/log/logger.h"
#include "runtime/plan/plan.h"
#include "runtime/router/hsrp_component.h"
#include "runtime/router/linux_edges.h"
#include "runtime/router/track_component.h"

namespace havpnc::router {

struct ComponentContext {
  boost::asio::io_context& io;
  const plan::Plan& plan;
  engine::Host& host;
  LinuxEdges& edges;      // add_binding() for a device a component creates (a TUN)
  log::Logger& logger;
  LinkStates links;       // line protocol of every bound interface at start
  InterfaceMacs macs;     // MAC of every bound Ethernet-like interface
  VirtualMacModes virtual_macs;  // per HSRP interface: virtual MAC owned (macvlan) or not
  Clock clock;            // the host's clock (show output)
};

// Throws std::invalid_argument / std::runtime_error when the plan's components cannot be
// built; the router then refuses to start with that sentence.
void add_components(ComponentContext& context);

}  // namespace havpnc::router
