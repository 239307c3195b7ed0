#include "runtime/router/event_pump.h"

#include <cerrno>
#include <utility>

#include "runtime/net/error.h"

namespace havpnc::router {

namespace {

// Reads per readiness before waiting again: one busy socket (an ESP flood) cannot starve the
// others or the timers, and an error that repeats on every read cannot spin the loop.
constexpr int kReadsPerWake = 64;

bool would_block(const std::error_code& ec) {
  return ec == std::errc::resource_unavailable_try_again || ec == std::errc::operation_would_block;
}

}  // namespace

EventPump::EventPump(engine::Host& host, LinuxEdges& edges, SocketSet& sockets,
                     net::Rtnetlink& rtnl, net::LinkMonitor& links)
    : host_(host), edges_(edges), sockets_(sockets), rtnl_(rtnl), links_(links) {}

std::map<std::string, bool> EventPump::read_link_states() {
  std::map<std::string, bool> states;
  for (const auto& [ios, lx] : edges_.bindings()) states[ios] = false;  // gone = down
  for (const net::LinkInfo& link : rtnl_.links())
    if (auto ios = edges_.ios_name(link.name)) states[*ios] = link.line_protocol_up();
  line_up_ = states;
  return states;
}

template <class Endpoint, class ToDatagram>
void EventPump::wait_readable(Endpoint& e, ToDatagram to_datagram) {
  auto on_readable = [this, &e, to_datagram](const boost::system::error_code& wait_error) {
    if (wait_error) return;  // cancelled: the router is stopping
    for (int reads = 0; reads < kReadsPerWake; ++reads) {
      std::error_code ec;
      const auto d = e.socket->receive(buffer_, ec);
      if (!d) {
        if (!ec || would_block(ec)) break;
        // A socket error, or (raw ESP) a bad IPv4 header, which the socket counts too.
        ++counters_.receive_errors;
        continue;
      }
      ++counters_.datagrams;
      host_.deliver(to_datagram(e, *d));
    }
    wait_readable(e, to_datagram);
  };
  e.socket->async_wait_readable(std::move(on_readable));
}

void EventPump::start() {
  for (HsrpEndpoint& e : sockets_.hsrp)
    wait_readable(e, [](const HsrpEndpoint& hsrp, const net::UdpDatagram& d) {
      // The socket is bound to the interface, so the ingress is known without PKTINFO.
      return engine::Datagram{engine::Transport::Udp, d.source.address().to_v4().to_uint(),
                              d.source.port(), d.destination.to_uint(), net::kHsrpPort,
                              hsrp.ios_name, engine::Bytes(d.payload.begin(), d.payload.end())};
    });
  for (UdpEndpoint& e : sockets_.udp)
    wait_readable(e, [this](const UdpEndpoint& udp, const net::UdpDatagram& d) {
      return engine::Datagram{engine::Transport::Udp, d.source.address().to_v4().to_uint(),
                              d.source.port(), d.destination.to_uint(), udp.port,
                              edges_.ios_name_of_ifindex(d.ifindex).value_or(""),
                              engine::Bytes(d.payload.begin(), d.payload.end())};
    });
  for (EspEndpoint& e : sockets_.esp)
    wait_readable(e, [](const EspEndpoint&, const net::EspDatagram& d) {
      return engine::Datagram{engine::Transport::Esp, d.source.to_uint(), 0,
                              d.destination.to_uint(), 0, "",
                              engine::Bytes(d.esp.begin(), d.esp.end())};
    });
  wait_links();
}

void EventPump::report_link(const std::string& linux_name, bool up) {
  const auto ios = edges_.ios_name(linux_name);
  if (!ios) return;  // not one of the plan's interfaces
  auto it = line_up_.find(*ios);
  if (it != line_up_.end() && it->second == up) return;
  line_up_[*ios] = up;
  ++counters_.link_changes;
  host_.link_changed({*ios, up});
}

void EventPump::wait_links() {
  links_.async_wait_readable([this](const boost::system::error_code& wait_error) {
    if (wait_error) return;
    const net::LinkEventBatch batch = links_.read_events();
    for (const net::LinkEvent& event : batch.events)
      report_link(event.link.name, !event.removed && event.link.line_protocol_up());
    if (batch.overrun) {
      // Missed transitions cannot be recovered; the current table is the truth.
      ++counters_.link_overruns;
      try {
        std::map<std::string, bool> seen;
        for (const net::LinkInfo& link : rtnl_.links()) seen[link.name] = link.line_protocol_up();
        for (const auto& [ios, lx] : edges_.bindings()) {
          const auto s = seen.find(lx);
          report_link(lx, s != seen.end() && s->second);
        }
      } catch (const net::NetError&) {
        // The next event batch tries again; nothing better to do from here.
      }
    }
    wait_links();
  });
}

}  // namespace havpnc::router
