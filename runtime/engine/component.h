#pragma once
// The small interface a protocol component plugs into the host with. A component wraps one
// or more sans-IO cores: the host calls it on the io_context thread with `now` and an action
// list to append to, and turns the actions into I/O afterwards. Components never touch a
// socket, a clock or a timer themselves, so the same component runs under the fake clock of
// a unit test and under Asio in `havpnc run`.
#include <cstdint>
#include <string_view>
#include <vector>

#include "runtime/core/time.h"
#include "runtime/engine/actions.h"

namespace havpnc::control {
class ShowRegistry;
}

namespace havpnc::engine {

// Which received datagrams a component wants: UDP by local port, or all ESP (port 0).
struct Subscription {
  Transport transport = Transport::Udp;
  std::uint16_t port = 0;
};

class Component {
 public:
  virtual ~Component() = default;

  // "hsrp", "ike", "track": used in the host's own log lines and counters.
  virtual std::string_view name() const = 0;
  virtual std::vector<Subscription> subscriptions() const { return {}; }

  // Control requests arrive through the show commands a component registers here; their
  // handlers run on the io_context thread like every other event.
  virtual void register_show(control::ShowRegistry& /*registry*/) {}

  virtual void start(TimePoint /*now*/, Actions& /*out*/) {}
  virtual void datagram(const Datagram& /*datagram*/, TimePoint /*now*/, Actions& /*out*/) {}
  virtual void timer(TimerKey /*key*/, TimePoint /*now*/, Actions& /*out*/) {}
  virtual void link_changed(const LinkChange& /*change*/, TimePoint /*now*/, Actions& /*out*/) {}
  // Orderly shutdown (SIGTERM): e.g. HSRP sends Resign (RFC 2281 §5.6 action F with
  // the interface going down) before the host withdraws addresses and routes.
  virtual void stop(TimePoint /*now*/, Actions& /*out*/) {}
};

}  // namespace havpnc::engine
