#pragma once
// One router assembled on an io_context from a plan: the namespace lock, netlink and Cleanup,
// the plan's sockets, LinuxEdges, the Asio timers, the Host with the plan's components, and
// the EventPump. Construction does everything that can refuse a start, in this order:
//
//  1. NamespaceLock: a second router in the namespace stops here, before it touches anything.
//  2. Cleanup::sweep_leftovers(): what a crashed earlier run left (its VIP above all: left on
//     the dead router's interface it makes both routers answer for it) is removed and logged.
//  3. The plan's sockets (a port in use refuses the start with the socket named).
//  4. LinkMonitor opened, then the link table read: the components start from real state.
//  5. The HSRP interfaces probed for a macvlan (virtual MAC owned or not) and watched for
//     ARP frames claiming our VIPs.
//  6. Components built (components.cpp), their show commands registered.
// A tick every kTickEvery refreshes the VIPs' lifetimes and repeats gratuitous ARPs.
// start() then starts the components and the pump; stop() resigns (HSRP) and withdraws.
#include <memory>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "runtime/control/show_registry.h"
#include "runtime/engine/asio_timer_service.h"
#include "runtime/engine/host.h"
#include "runtime/engine/interface_binding.h"
#include "runtime/log/logger.h"
#include "runtime/net/arp_watch.h"
#include "runtime/net/cleanup.h"
#include "runtime/net/link_monitor.h"
#include "runtime/net/rtnetlink.h"
#include "runtime/plan/plan.h"
#include "runtime/router/event_pump.h"
#include "runtime/router/linux_edges.h"
#include "runtime/router/namespace_lock.h"
#include "runtime/router/sockets.h"

namespace havpnc::router {

inline constexpr Duration kTickEvery = milliseconds(100);

class Router {
 public:
  // Throws std::runtime_error (net::NetError included) with the reason to refuse the start.
  // `plan` must outlive the router: components may keep references into it.
  Router(boost::asio::io_context& io, const plan::Plan& plan,
         const std::vector<engine::Binding>& bindings, log::Logger& logger,
         control::ShowRegistry& registry);
  Router(const Router&) = delete;
  Router& operator=(const Router&) = delete;
  ~Router();  // stop()

  void start();
  // Components' stop actions (HSRP Resign, VIP removal), then every address and route this
  // process added is withdrawn. Idempotent.
  void stop();

  engine::Host& host() { return host_; }
  LinuxEdges& edges() { return edges_; }
  const EventPump& pump() const { return pump_; }

 private:
  log::Logger& logger_;
  NamespaceLock lock_;
  net::Rtnetlink rtnl_;
  net::Cleanup cleanup_;
  [[maybe_unused]] bool swept_;  // sweep_leftovers() ran: before any socket is opened
  net::LinkMonitor links_;
  SocketSet sockets_;
  LinuxEdges edges_;
  engine::AsioTimerService timers_;
  engine::Host host_;
  EventPump pump_;
  struct Watch {
    std::string ios_name;
    std::unique_ptr<net::ArpWatch> watch;
  };
  void wait_arp(Watch& w);
  void schedule_tick();
  std::vector<Watch> arp_watches_;
  boost::asio::steady_timer tick_timer_;
  bool started_ = false;
  bool stopped_ = false;
};

}  // namespace havpnc::router
