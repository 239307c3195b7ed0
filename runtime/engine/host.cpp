#include "runtime/engine/host.h"

#include <algorithm>
#include <exception>
#include <stdexcept>
#include <type_traits>

namespace havpnc::engine {

namespace {

std::string describe(const InterfaceAddress& a) {
  return format_ipv4(a.address) + "/" + std::to_string(a.prefix_length) + " on " + a.interface;
}

std::string describe(const Route& r) {
  std::string text = format_ipv4(r.destination) + "/" + std::to_string(r.prefix_length);
  if (r.gateway != 0) text += " via " + format_ipv4(r.gateway);
  if (!r.interface.empty()) text += " dev " + r.interface;
  return text;
}

bool matches(const Subscription& s, const Datagram& d) {
  if (s.transport != d.transport) return false;
  return s.transport == Transport::Esp || s.port == d.destination_port;
}

}  // namespace

Host::Host(TimerService& timers, Edges& edges, log::Logger& logger)
    : timers_(timers), edges_(edges), logger_(logger) {
  timers_.on_expiry([this](TimerId id, TimePoint now) { on_timer(id, now); });
}

Host::~Host() { timers_.on_expiry(nullptr); }

TimerId Host::timer_id(std::size_t index, TimerKey key) {
  return (static_cast<TimerId>(index) << 32) | key;
}

Component& Host::add(std::unique_ptr<Component> component) {
  subscriptions_.push_back(component->subscriptions());
  components_.push_back(std::move(component));
  return *components_.back();
}

template <typename Call>
void Host::run(std::size_t index, const char* event, Call&& call) {
  Actions actions;
  try {
    call(*components_[index], actions);
  } catch (const std::exception& e) {
    ++counters_.component_failures;
    logger_.log({"HAVPNC", Severity::Critical, "COMPONENT_FAILED",
                 std::string(components_[index]->name()) + " failed handling " + event + ": " +
                     e.what()});
    // Actions produced before the throw are still carried out: they were decided.
  }
  execute(index, actions);
}

void Host::start() {
  if (started_) return;
  started_ = true;
  for (std::size_t i = 0; i < components_.size(); ++i)
    run(i, "start", [&](Component& c, Actions& out) { c.start(timers_.now(), out); });
}

void Host::deliver(const Datagram& datagram) {
  if (!running()) return;
  bool claimed = false;
  for (std::size_t i = 0; i < components_.size(); ++i) {
    const auto& subs = subscriptions_[i];
    if (std::none_of(subs.begin(), subs.end(),
                     [&](const Subscription& s) { return matches(s, datagram); }))
      continue;
    claimed = true;
    run(i, "a datagram",
        [&](Component& c, Actions& out) { c.datagram(datagram, timers_.now(), out); });
  }
  if (claimed)
    ++counters_.datagrams_delivered;
  else
    ++counters_.datagrams_unclaimed;
}

void Host::link_changed(const LinkChange& change) {
  if (!running()) return;
  for (std::size_t i = 0; i < components_.size(); ++i)
    run(i, "a link change",
        [&](Component& c, Actions& out) { c.link_changed(change, timers_.now(), out); });
}

void Host::handle(Component& component,
                  const std::function<void(TimePoint, Actions&)>& handler) {
  const auto it = std::find_if(components_.begin(), components_.end(),
                               [&](const auto& c) { return c.get() == &component; });
  if (it == components_.end())
    throw std::invalid_argument("Host::handle: " + std::string(component.name()) +
                                " is not a component of this host");
  if (!running()) return;
  run(static_cast<std::size_t>(it - components_.begin()), "an event",
      [&](Component&, Actions& out) { handler(timers_.now(), out); });
}

void Host::on_timer(TimerId id, TimePoint now) {
  const std::size_t index = static_cast<std::size_t>(id >> 32);
  const auto key = static_cast<TimerKey>(id & 0xFFFFFFFFu);
  if (!running() || index >= components_.size()) {
    ++counters_.stale_timers;
    return;
  }
  ++counters_.timers_fired;
  run(index, "a timer", [&](Component& c, Actions& out) { c.timer(key, now, out); });
}

void Host::stop() {
  if (!started_ || stopped_) return;
  for (std::size_t i = 0; i < components_.size(); ++i)
    run(i, "stop", [&](Component& c, Actions& out) { c.stop(timers_.now(), out); });
  stopped_ = true;
  for (auto it = added_routes_.rbegin(); it != added_routes_.rend(); ++it) {
    const EdgeResult r = edges_.remove_route(*it);
    if (!r.ok) edge_failed(components_.size(), "withdraw route " + describe(*it), r);
  }
  added_routes_.clear();
  for (auto it = added_addresses_.rbegin(); it != added_addresses_.rend(); ++it) {
    const EdgeResult r = edges_.remove_address(*it);
    if (!r.ok) edge_failed(components_.size(), "withdraw address " + describe(*it), r);
  }
  added_addresses_.clear();
}

void Host::execute(std::size_t index, Actions& actions) {
  for (Action& action : actions) execute_one(index, action);
}

void Host::edge_failed(std::size_t index, const std::string& what, const EdgeResult& result) {
  ++counters_.edge_failures;
  const std::string who = index < components_.size() ? std::string(components_[index]->name())
                                                     : std::string("host");
  logger_.log({"HAVPNC", Severity::Error, "EDGE_FAILED", who + ": " + what + ": " + result.error});
}

void Host::execute_one(std::size_t index, Action& action) {
  ++counters_.actions;
  std::visit(
      [&](auto& a) {
        using T = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<T, SendDatagram>) {
          const EdgeResult r = edges_.send(a);
          if (!r.ok)
            edge_failed(index, "send to " + format_ipv4(a.destination) + ":" +
                                   std::to_string(a.destination_port),
                        r);
        } else if constexpr (std::is_same_v<T, ArmTimer>) {
          if (!stopped_) timers_.arm(timer_id(index, a.key), a.deadline);
        } else if constexpr (std::is_same_v<T, CancelTimer>) {
          timers_.cancel(timer_id(index, a.key));
        } else if constexpr (std::is_same_v<T, AddAddress>) {
          const EdgeResult r = edges_.add_address(a.address);
          if (!r.ok)
            edge_failed(index, "add address " + describe(a.address), r);
          else if (!r.already_present && std::find(added_addresses_.begin(), added_addresses_.end(),
                                                    a.address) == added_addresses_.end())
            added_addresses_.push_back(a.address);
        } else if constexpr (std::is_same_v<T, RemoveAddress>) {
          const EdgeResult r = edges_.remove_address(a.address);
          if (!r.ok) edge_failed(index, "remove address " + describe(a.address), r);
          std::erase(added_addresses_, a.address);
        } else if constexpr (std::is_same_v<T, AddRoute>) {
          const EdgeResult r = edges_.add_route(a.route);
          if (!r.ok)
            edge_failed(index, "add route " + describe(a.route), r);
          else if (!r.already_present && std::find(added_routes_.begin(), added_routes_.end(),
                                                   a.route) == added_routes_.end())
            added_routes_.push_back(a.route);
        } else if constexpr (std::is_same_v<T, RemoveRoute>) {
          const EdgeResult r = edges_.remove_route(a.route);
          if (!r.ok) edge_failed(index, "remove route " + describe(a.route), r);
          std::erase(added_routes_, a.route);
        } else if constexpr (std::is_same_v<T, SendGratuitousArp>) {
          const EdgeResult r = edges_.gratuitous_arp(a);
          if (!r.ok)
            edge_failed(index, "gratuitous ARP for " + format_ipv4(a.address) + " on " + a.interface,
                        r);
        } else if constexpr (std::is_same_v<T, LogRecord>) {
          logger_.log(a);
        }
      },
      action);
}

}  // namespace havpnc::engine
