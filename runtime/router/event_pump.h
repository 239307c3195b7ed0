#pragma once
// The io_context side of receiving: one async wait per socket of the SocketSet and on the
// LinkMonitor; each readiness drains what is queued (non-blocking reads) into the host as
// engine events with IOS interface names, then waits again. Nothing here decides anything.
//
// Link events are reported as line-protocol changes (IOS "line protocol is up/down") only
// when they change what was last reported for that interface: the kernel sends RTM_NEWLINK
// for many reasons (MTU, flags, stats), and tracking must see transitions, not noise. On an
// overrun (events lost) the whole link table is re-read and compared.
#include <array>
#include <cstdint>
#include <map>
#include <string>

#include "runtime/engine/host.h"
#include "runtime/net/link_monitor.h"
#include "runtime/router/linux_edges.h"
#include "runtime/router/sockets.h"

namespace havpnc::router {

struct PumpCounters {
  std::uint64_t datagrams = 0;
  std::uint64_t receive_errors = 0;  // truncated, malformed IPv4 header, socket errors
  std::uint64_t link_changes = 0;
  std::uint64_t link_overruns = 0;
};

class EventPump {
 public:
  EventPump(engine::Host& host, LinuxEdges& edges, SocketSet& sockets, net::Rtnetlink& rtnl,
            net::LinkMonitor& links);

  // The line protocol of every bound interface now, as IOS names (read after the monitor was
  // opened, so no change falls between the two). Also the pump's baseline for later events.
  std::map<std::string, bool> read_link_states();
  // Starts the async waits; call after Host::start().
  void start();
  const PumpCounters& counters() const { return counters_; }

 private:
  // The one read loop of every socket kind: waits for readiness, drains up to a bound, then
  // waits again. `to_datagram(endpoint, received)` is all that differs between kinds: what
  // the socket's receive() returned, as the engine's Datagram. Defined in event_pump.cpp, the
  // only place it is used.
  template <class Endpoint, class ToDatagram>
  void wait_readable(Endpoint& endpoint, ToDatagram to_datagram);
  void wait_links();
  void report_link(const std::string& linux_name, bool up);

  engine::Host& host_;
  LinuxEdges& edges_;
  SocketSet& sockets_;
  net::Rtnetlink& rtnl_;
  net::LinkMonitor& links_;
  std::map<std::string, bool> line_up_;  // by IOS name: last reported
  // One buffer is enough: handlers run one at a time on the io_context thread. 65535 holds
  // the largest IPv4 datagram, so nothing is ever truncated for lack of room.
  std::array<std::uint8_t, 65535> buffer_{};
  PumpCounters counters_;
};

}  // namespace havpnc::router
