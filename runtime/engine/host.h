#pragma once
// The component host: dispatches events to components, turns their actions into Edges
// calls, timers and log lines, and remembers every address and route it added so that an
// orderly stop (SIGTERM) withdraws exactly those and nothing the system had before.
//
// Single-threaded by design: every entry point runs on the io_context thread (or the test's
// thread). A component that throws is logged and counted; the router keeps running.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "runtime/engine/actions.h"
#include "runtime/engine/component.h"
#include "runtime/engine/edges.h"
#include "runtime/engine/timer_service.h"
#include "runtime/log/logger.h"

namespace havpnc::engine {

struct HostCounters {
  std::uint64_t datagrams_delivered = 0;
  std::uint64_t datagrams_unclaimed = 0;  // no component subscribed to the port
  std::uint64_t timers_fired = 0;
  std::uint64_t stale_timers = 0;         // fired for a component that is gone
  std::uint64_t actions = 0;
  std::uint64_t edge_failures = 0;
  std::uint64_t component_failures = 0;   // a component threw
};

class Host {
 public:
  Host(TimerService& timers, Edges& edges, log::Logger& logger);
  Host(const Host&) = delete;
  Host& operator=(const Host&) = delete;
  ~Host();

  // Before start(). Returns the component for wiring (show commands, tests).
  Component& add(std::unique_ptr<Component> component);
  void start();
  void deliver(const Datagram& datagram);
  void link_changed(const LinkChange& change);
  // An event that arrives through an edge a component owns itself (the ESP data path reads
  // its own TUN device): `handler` runs with `now` and the component's action list under the
  // same exception guard as the host's own events, and the actions are then carried out like
  // any other. Ignored unless running(); throws std::invalid_argument when `component` was
  // not added to this host (a wiring mistake, not a runtime condition).
  void handle(Component& component, const std::function<void(TimePoint, Actions&)>& handler);
  // Components' stop actions first (e.g. HSRP Resign), then withdraw what we added:
  // routes before addresses, newest first. Idempotent.
  void stop();

  TimePoint now() const { return timers_.now(); }
  bool running() const { return started_ && !stopped_; }
  const HostCounters& counters() const { return counters_; }
  const std::vector<InterfaceAddress>& added_addresses() const { return added_addresses_; }
  const std::vector<Route>& added_routes() const { return added_routes_; }
  const std::vector<std::unique_ptr<Component>>& components() const { return components_; }

 private:
  template <typename Call>
  void run(std::size_t index, const char* event, Call&& call);
  void execute(std::size_t index, Actions& actions);
  void execute_one(std::size_t index, Action& action);
  void on_timer(TimerId id, TimePoint now);
  void edge_failed(std::size_t index, const std::string& what, const EdgeResult& result);
  static TimerId timer_id(std::size_t index, TimerKey key);

  TimerService& timers_;
  Edges& edges_;
  log::Logger& logger_;
  std::vector<std::unique_ptr<Component>> components_;
  std::vector<std::vector<Subscription>> subscriptions_;
  std::vector<InterfaceAddress> added_addresses_;
  std::vector<Route> added_routes_;
  HostCounters counters_;
  bool started_ = false;
  bool stopped_ = false;
};

}  // namespace havpnc::engine
