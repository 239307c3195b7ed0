#include "runtime/router/linux_edges.h"

#include <cerrno>

#include <boost/asio/ip/udp.hpp>

#include "runtime/net/error.h"

namespace havpnc::router {

namespace {

using engine::EdgeResult;

std::string ip(engine::Ipv4 a) { return engine::format_ipv4(a); }

EdgeResult failure_of(const std::error_code& ec, const std::string& what) {
  return EdgeResult::failure(what + ": " + ec.message());
}

}  // namespace

LinuxEdges::LinuxEdges(net::Rtnetlink& rtnl, net::Cleanup& cleanup, SocketSet& sockets)
    : rtnl_(rtnl), cleanup_(cleanup), sockets_(sockets) {}

void LinuxEdges::add_bindings(const std::vector<engine::Binding>& bindings) {
  for (const engine::Binding& b : bindings)
    if (!b.linux_name.empty()) add_binding(b.ios_name, b.linux_name);
}

void LinuxEdges::add_binding(const std::string& ios_name, const std::string& linux_name) {
  ios_to_linux_[ios_name] = linux_name;
  ifindex_to_ios_.clear();  // rebuilt on demand: a name may now stand for another device
}

std::optional<std::string> LinuxEdges::linux_name(std::string_view ios_name) const {
  const auto it = ios_to_linux_.find(ios_name);
  if (it == ios_to_linux_.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> LinuxEdges::ios_name(std::string_view linux_name) const {
  for (const auto& [ios, lx] : ios_to_linux_)
    if (lx == linux_name) return ios;
  return std::nullopt;
}

std::optional<std::string> LinuxEdges::ios_name_of_ifindex(int ifindex) {
  if (auto it = ifindex_to_ios_.find(ifindex); it != ifindex_to_ios_.end()) return it->second;
  try {
    for (const net::LinkInfo& link : rtnl_.links())
      if (auto ios = ios_name(link.name)) ifindex_to_ios_[link.ifindex] = *ios;
  } catch (const net::NetError&) {
    return std::nullopt;  // the datagram is then attributed to no interface
  }
  if (auto it = ifindex_to_ios_.find(ifindex); it != ifindex_to_ios_.end()) return it->second;
  return std::nullopt;
}

std::optional<int> LinuxEdges::ifindex_of(const std::string& ios_name, std::string& error) {
  const auto lx = linux_name(ios_name);
  if (!lx) {
    error = ios_name + " is bound to no Linux interface";
    return std::nullopt;
  }
  try {
    if (auto link = rtnl_.link(*lx)) return link->ifindex;
    error = ios_name + ": Linux interface " + *lx + " no longer exists";
  } catch (const net::NetError& e) {
    error = e.what();
  }
  return std::nullopt;
}

EdgeResult LinuxEdges::send(const engine::SendDatagram& d) {
  if (d.transport == engine::Transport::Esp) return send_esp(d);
  if (d.destination_port == net::kHsrpPort && d.source_port == net::kHsrpPort) return send_hsrp(d);
  return send_udp(d);
}

EdgeResult LinuxEdges::send_hsrp(const engine::SendDatagram& d) {
  // The destination names the version (RFC 2281 §5.1: 224.0.0.2; v2: 224.0.0.102); the
  // socket of that interface and version sends it with TTL 1 and the interface's address.
  net::HsrpVersion version;
  if (net::Ipv4(d.destination) == net::hsrp_group_address(net::HsrpVersion::V1))
    version = net::HsrpVersion::V1;
  else if (net::Ipv4(d.destination) == net::hsrp_group_address(net::HsrpVersion::V2))
    version = net::HsrpVersion::V2;
  else
    return EdgeResult::failure("HSRP is only sent to 224.0.0.2 or 224.0.0.102, not " +
                               ip(d.destination));
  for (HsrpEndpoint& e : sockets_.hsrp) {
    if (e.ios_name != d.interface || e.socket->version() != version) continue;
    std::error_code ec;
    e.socket->send(d.payload, ec);
    if (ec) return failure_of(ec, "send HSRP hello on " + d.interface);
    return EdgeResult::success();
  }
  return EdgeResult::failure("no HSRP v" + std::to_string(static_cast<int>(version)) +
                             " socket is open on " + d.interface);
}

EdgeResult LinuxEdges::send_udp(const engine::SendDatagram& d) {
  UdpEndpoint* chosen = nullptr;
  for (UdpEndpoint& e : sockets_.udp) {
    if (e.port != d.source_port) continue;
    if (e.local == d.source || (d.source == 0 && chosen == nullptr)) chosen = &e;
    if (e.local == d.source) break;
  }
  if (chosen == nullptr)
    return EdgeResult::failure("no UDP socket is open on " + ip(d.source) + ":" +
                               std::to_string(d.source_port));
  std::error_code ec;
  // Pinned to the bound address: an answer from another address would not match the peer's
  // SA (RFC 2409 identifies the peer by address).
  chosen->socket->send({boost::asio::ip::address_v4(d.destination), d.destination_port},
                       d.payload, ec, net::Ipv4(chosen->local));
  if (ec)
    return failure_of(ec, "send UDP " + ip(chosen->local) + ":" + std::to_string(d.source_port) +
                              " -> " + ip(d.destination) + ":" + std::to_string(d.destination_port));
  return EdgeResult::success();
}

EdgeResult LinuxEdges::send_esp(const engine::SendDatagram& d) {
  EspEndpoint* chosen = nullptr;
  for (EspEndpoint& e : sockets_.esp)
    if (e.local == d.source || (d.source == 0 && chosen == nullptr)) chosen = &e;
  if (chosen == nullptr) return EdgeResult::failure("no ESP socket is bound to " + ip(d.source));
  std::error_code ec;
  chosen->socket->send(net::Ipv4(d.destination), d.payload, ec);
  if (ec) return failure_of(ec, "send ESP " + ip(chosen->local) + " -> " + ip(d.destination));
  return EdgeResult::success();
}

EdgeResult LinuxEdges::add_address(const engine::InterfaceAddress& a) {
  std::string error;
  const auto ifindex = ifindex_of(a.interface, error);
  if (!ifindex) return EdgeResult::failure(error);
  try {
    cleanup_.add_address(*ifindex, {net::Ipv4(a.address), a.prefix_length});
  } catch (const net::NetError& e) {
    // Someone else's address (an operator's, or the kernel's own): not ours to withdraw.
    if (e.error_number() == EEXIST) return EdgeResult::present();
    return EdgeResult::failure(e.what());
  }
  return EdgeResult::success();
}

EdgeResult LinuxEdges::remove_address(const engine::InterfaceAddress& a) {
  std::string error;
  const auto ifindex = ifindex_of(a.interface, error);
  if (!ifindex) return EdgeResult::failure(error);
  try {
    cleanup_.remove_address(*ifindex, {net::Ipv4(a.address), a.prefix_length});
  } catch (const net::NetError& e) {
    // Already gone (removed by hand, interface flapped): what we wanted.
    if (e.error_number() == EADDRNOTAVAIL || e.error_number() == ENODEV) return EdgeResult::success();
    return EdgeResult::failure(e.what());
  }
  return EdgeResult::success();
}

std::optional<net::Route> LinuxEdges::to_net(const engine::Route& r, std::string& error) {
  net::Route route;
  route.destination = {net::Ipv4(r.destination), r.prefix_length};
  if (r.gateway != 0) route.gateway = net::Ipv4(r.gateway);
  if (!r.interface.empty()) {
    const auto ifindex = ifindex_of(r.interface, error);
    if (!ifindex) return std::nullopt;
    route.oif = *ifindex;
  }
  return route;
}

EdgeResult LinuxEdges::add_route(const engine::Route& r) {
  std::string error;
  auto route = to_net(r, error);
  if (!route) return EdgeResult::failure(error);
  try {
    cleanup_.add_route(*route);
  } catch (const net::NetError& e) {
    if (e.error_number() == EEXIST) return EdgeResult::present();
    return EdgeResult::failure(e.what());
  }
  return EdgeResult::success();
}

EdgeResult LinuxEdges::remove_route(const engine::Route& r) {
  std::string error;
  auto route = to_net(r, error);
  if (!route) return EdgeResult::failure(error);
  try {
    cleanup_.remove_route(*route);
  } catch (const net::NetError& e) {
    if (e.error_number() == ESRCH || e.error_number() == ENOENT || e.error_number() == ENODEV)
      return EdgeResult::success();
    return EdgeResult::failure(e.what());
  }
  return EdgeResult::success();
}

EdgeResult LinuxEdges::gratuitous_arp(const engine::SendGratuitousArp& a) {
  const auto lx = linux_name(a.interface);
  if (!lx) return EdgeResult::failure(a.interface + " is bound to no Linux interface");
  auto it = arp_.find(*lx);
  if (it == arp_.end()) {
    try {
      it = arp_.emplace(*lx, std::make_unique<net::GratuitousArp>(*lx)).first;
    } catch (const net::NetError& e) {
      return EdgeResult::failure(e.what());
    }
  }
  // Announced with the interface's own MAC, not the HSRP virtual MAC the core names: this
  // interface has no MAC filter or macvlan for 0000.0c07.acXX, so frames sent to the virtual
  // MAC would be dropped by it, and the kernel answers ARP for the VIP with its own MAC anyway.
  // A gratuitous ARP that agreed with neither would send hosts' traffic into a hole.
  std::error_code ec;
  it->second->announce(net::Ipv4(a.address), ec);
  if (ec) return failure_of(ec, "gratuitous ARP for " + ip(a.address) + " on " + *lx);
  return EdgeResult::success();
}

}  // namespace havpnc::router
