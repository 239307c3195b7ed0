#include "runtime/router/linux_edges.h"

#include <cerrno>

#include <boost/asio/ip/udp.hpp>

#include "runtime/hsrp/packet.h"
#include "runtime/net/error.h"
#include "runtime/net/udp_frame.h"

namespace havpnc::router {

namespace {

using engine::EdgeResult;

std::string ip(engine::Ipv4 a) { return engine::format_ipv4(a); }

EdgeResult failure_of(const std::error_code& ec, const std::string& what) {
  return EdgeResult::failure(what + ": " + ec.message());
}

}  // namespace

LinuxEdges::LinuxEdges(net::Rtnetlink& rtnl, net::Cleanup& cleanup, SocketSet& sockets)
    : rtnl_(rtnl), cleanup_(cleanup), sockets_(sockets), vips_(rtnl, cleanup) {}

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
  // IKE and ESP sent to a VIP arrive on the group's macvlan: they came in on its interface.
  if (auto ios = vips_.interface_of_macvlan(ifindex)) return ios;
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
  // The Active's hellos leave from the virtual MAC while a macvlan owns it, as on IOS: the
  // switch keeps the virtual MAC on this port with every hello (a dead Active's silent
  // macvlan cannot pull it away for longer than one hello interval).
  const auto decoded = hsrp::decode(version == net::HsrpVersion::V1 ? hsrp::Version::V1 : hsrp::Version::V2,
                                    d.payload);
  if (decoded.packet) {
    if (auto mac = vips_.owned_group_mac(d.interface, decoded.packet->group)) {
      if (auto lx = linux_name(d.interface)) return send_hsrp_frame(d, *lx, *mac);
    }
  }
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

EdgeResult LinuxEdges::send_hsrp_frame(const engine::SendDatagram& d, const std::string& linux_name,
                                       const net::MacAddress& source_mac) {
  std::string error;
  net::GratuitousArp* sender = arp_sender(linux_name, error);
  if (sender == nullptr) return EdgeResult::failure(error);
  net::UdpFrame f;
  f.ethernet_destination = net::multicast_mac(net::Ipv4(d.destination));
  f.ethernet_source = source_mac;
  f.source = net::Ipv4(d.source);
  f.destination = net::Ipv4(d.destination);
  f.source_port = d.source_port;
  f.destination_port = d.destination_port;
  f.ttl = 1;       // RFC 2281 §5.1
  f.tos = 0xc0;    // precedence internetwork control, as IOS and the kernel's socket send it
  f.identification = ++ip_identification_;
  const auto frame = net::encode_udp_frame(f, d.payload);
  if (frame.empty()) return EdgeResult::failure("HSRP hello too long for one frame");
  std::error_code ec;
  sender->send_frame(frame, ec);
  if (ec) return failure_of(ec, "send HSRP hello from " + net::to_string(source_mac) + " on " + d.interface);
  return EdgeResult::success();
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
  if (a.prefix_length == 32 && vips_.handles(a.interface, net::Ipv4(a.address)))
    return vips_.add(a.interface, net::Ipv4(a.address));
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
  if (a.prefix_length == 32 && vips_.handles(a.interface, net::Ipv4(a.address))) {
    std::erase_if(announced_, [&](const Announcement& n) {
      return n.interface == a.interface && n.vip == a.address;
    });
    return vips_.remove(a.interface, net::Ipv4(a.address));
  }
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

net::GratuitousArp* LinuxEdges::arp_sender(const std::string& lx, std::string& error) {
  auto it = arp_.find(lx);
  if (it == arp_.end()) {
    try {
      it = arp_.emplace(lx, std::make_unique<net::GratuitousArp>(lx)).first;
    } catch (const net::NetError& e) {
      error = e.what();
      return nullptr;
    }
  }
  return it->second.get();
}

EdgeResult LinuxEdges::announce(const std::string& ios_interface, engine::Ipv4 vip) {
  const auto lx = linux_name(ios_interface);
  if (!lx) return EdgeResult::failure(ios_interface + " is bound to no Linux interface");
  std::string error;
  net::GratuitousArp* sender = arp_sender(*lx, error);
  if (sender == nullptr) return EdgeResult::failure(error);
  // The virtual MAC the core names while a macvlan carries the VIP (hosts then never change
  // their entry, only the switch its port); otherwise the interface MAC, which is what the
  // kernel answers with: an announcement that agreed with neither would send traffic into
  // a hole.
  std::error_code ec;
  sender->announce(net::Ipv4(vip), ec, vips_.owned_mac(ios_interface, net::Ipv4(vip)));
  if (ec) return failure_of(ec, "gratuitous ARP for " + ip(vip) + " on " + *lx);
  return EdgeResult::success();
}

EdgeResult LinuxEdges::gratuitous_arp(const engine::SendGratuitousArp& a) {
  const EdgeResult r = announce(a.interface, a.address);
  if (!r.ok) return r;
  std::erase_if(announced_, [&](const Announcement& n) {
    return n.interface == a.interface && n.vip == a.address;
  });
  announced_.push_back(Announcement{a.interface, a.address, clock_(), 0, {}, {}});
  return r;
}

std::vector<LogRecord> LinuxEdges::tick(TimePoint now) {
  std::vector<LogRecord> out;
  for (const std::string& e : vips_.refresh(now))
    out.push_back(LogRecord{"HSRP", Severity::Error, "VIP_REFRESH", e});
  for (Announcement& n : announced_) {
    if (n.repeats_sent >= kGarpRepeats.size() || now - n.since < kGarpRepeats[n.repeats_sent]) continue;
    // One per tick even when the loop was late: a burst would say nothing more.
    ++n.repeats_sent;
    const EdgeResult r = announce(n.interface, n.vip);
    if (!r.ok) out.push_back(LogRecord{"HSRP", Severity::Error, "GARP", r.error});
  }
  for (const std::string& note : vips_.take_notes())
    out.push_back(LogRecord{"HSRP", Severity::Informational, "VIRTUAL_MAC", note});
  return out;
}

std::vector<LogRecord> LinuxEdges::arp_seen(const std::string& ios_interface, const net::ArpFrame& f,
                                            TimePoint now) {
  std::vector<LogRecord> out;
  for (Announcement& n : announced_) {
    if (n.interface != ios_interface) continue;
    const net::Ipv4 vip(n.vip);
    const auto lx = linux_name(ios_interface);
    const auto it = lx ? arp_.find(*lx) : arp_.end();
    if (it == arp_.end()) continue;
    const net::MacAddress ours = vips_.owned_mac(ios_interface, vip).value_or(it->second->interface_mac());
    // Another station claims the VIP (its reply or its own announcement), or, while a dead
    // Active's VIP may still be alive, someone asks for it and will hear both of us.
    const bool claimed = f.sender_ip == vip && f.sender_mac != ours;
    const bool asked = f.op == net::ArpOp::Request && f.target_ip == vip && f.sender_ip != vip &&
                       now - n.since < kContestedFor;
    if (!claimed && !asked) continue;
    if (n.last_defence && now - *n.last_defence < kDefenceInterval) continue;
    n.last_defence = now;
    ++defences_;
    if (claimed && (!n.last_duplicate_log || now - *n.last_duplicate_log >= seconds(1))) {
      n.last_duplicate_log = now;
      // IOS's own words for a second station on our address.
      out.push_back(LogRecord{"IP", Severity::Warning, "DUPADDR",
                              "Duplicate address " + vip.to_string() + " on " + ios_interface +
                                  ", sourced by " + net::to_string(f.sender_mac)});
    }
    const EdgeResult r = announce(n.interface, n.vip);
    if (!r.ok) out.push_back(LogRecord{"HSRP", Severity::Error, "GARP", r.error});
  }
  return out;
}

}  // namespace havpnc::router
