#include "runtime/router/event_pump.h"

#include <cerrno>

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

void EventPump::start() {
  for (HsrpEndpoint& e : sockets_.hsrp) wait_hsrp(e);
  for (UdpEndpoint& e : sockets_.udp) wait_udp(e);
  for (EspEndpoint& e : sockets_.esp) wait_esp(e);
  wait_links();
}

void EventPump::wait_hsrp(HsrpEndpoint& e) {
  e.socket->async_wait_readable([this, &e](const boost::system::error_code& wait_error) {
    if (wait_error) return;  // cancelled: the router is stopping
    for (int reads = 0; reads < kReadsPerWake; ++reads) {
      std::error_code ec;
      const auto d = e.socket->receive(buffer_, ec);
      if (!d) {
        if (!ec || would_block(ec)) break;
        ++counters_.receive_errors;
        continue;
      }
      ++counters_.datagrams;
      // The socket is bound to the interface, so the ingress is known without PKTINFO.
      host_.deliver({engine::Transport::Udp, d->source.address().to_v4().to_uint(),
                     d->source.port(), d->destination.to_uint(), net::kHsrpPort, e.ios_name,
                     engine::Bytes(d->payload.begin(), d->payload.end())});
    }
    wait_hsrp(e);
  });
}

void EventPump::wait_udp(UdpEndpoint& e) {
  e.socket->async_wait_readable([this, &e](const boost::system::error_code& wait_error) {
    if (wait_error) return;
    for (int reads = 0; reads < kReadsPerWake; ++reads) {
      std::error_code ec;
      const auto d = e.socket->receive(buffer_, ec);
      if (!d) {
        if (!ec || would_block(ec)) break;
        ++counters_.receive_errors;
        continue;
      }
      ++counters_.datagrams;
      host_.deliver({engine::Transport::Udp, d->source.address().to_v4().to_uint(),
                     d->source.port(), d->destination.to_uint(), e.port,
                     edges_.ios_name_of_ifindex(d->ifindex).value_or(""),
                     engine::Bytes(d->payload.begin(), d->payload.end())});
    }
    wait_udp(e);
  });
}

void EventPump::wait_esp(EspEndpoint& e) {
  e.socket->async_wait_readable([this, &e](const boost::system::error_code& wait_error) {
    if (wait_error) return;
    for (int reads = 0; reads < kReadsPerWake; ++reads) {
      std::error_code ec;
      const auto d = e.socket->receive(buffer_, ec);
      if (!d) {
        if (!ec || would_block(ec)) break;
        ++counters_.receive_errors;  // bad IPv4 header: counted by the socket too
        continue;
      }
      ++counters_.datagrams;
      host_.deliver({engine::Transport::Esp, d->source.to_uint(), 0, d->destination.to_uint(), 0,
                     "", engine::Bytes(d->esp.begin(), d->esp.end())});
    }
    wait_esp(e);
  });
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
