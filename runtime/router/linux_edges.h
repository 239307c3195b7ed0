#pragma once
// engine::Edges over runtime/net: the host's actions become real packets, addresses, routes
// and ARP frames. IOS names are mapped to Linux interfaces through the binding table built at
// start (engine::bind_interfaces) plus add_binding() for devices created later (the ESP data
// path's TUN). Every address and route goes through net::Cleanup, so it is stamped with
// kHavpncProtocol and withdrawn at exit — or swept by the next run after a crash.
//
// Errors never throw out of here: they come back as EdgeResult with the operator sentence
// net/ produced ("add address 6.6.156.100/32 on eth1 (ifindex 3): operation not permitted:
// havpnc must run as root ...").
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "runtime/engine/edges.h"
#include "runtime/engine/interface_binding.h"
#include "runtime/net/cleanup.h"
#include "runtime/net/gratuitous_arp.h"
#include "runtime/net/rtnetlink.h"
#include "runtime/router/sockets.h"

namespace havpnc::router {

class LinuxEdges final : public engine::Edges {
 public:
  LinuxEdges(net::Rtnetlink& rtnl, net::Cleanup& cleanup, SocketSet& sockets);

  // Every binding with a Linux name; the others stay unknown (actions on them fail cleanly).
  void add_bindings(const std::vector<engine::Binding>& bindings);
  // Registers (or replaces) one binding, e.g. a TUN device under the name a plan route uses.
  void add_binding(const std::string& ios_name, const std::string& linux_name);

  std::optional<std::string> linux_name(std::string_view ios_name) const;
  std::optional<std::string> ios_name(std::string_view linux_name) const;
  // The IOS name of the interface with this ifindex, resolving it through rtnetlink once.
  std::optional<std::string> ios_name_of_ifindex(int ifindex);
  const std::map<std::string, std::string, std::less<>>& bindings() const { return ios_to_linux_; }

  engine::EdgeResult send(const engine::SendDatagram& datagram) override;
  engine::EdgeResult add_address(const engine::InterfaceAddress& address) override;
  engine::EdgeResult remove_address(const engine::InterfaceAddress& address) override;
  engine::EdgeResult add_route(const engine::Route& route) override;
  engine::EdgeResult remove_route(const engine::Route& route) override;
  engine::EdgeResult gratuitous_arp(const engine::SendGratuitousArp& announcement) override;

 private:
  engine::EdgeResult send_hsrp(const engine::SendDatagram& datagram);
  engine::EdgeResult send_udp(const engine::SendDatagram& datagram);
  engine::EdgeResult send_esp(const engine::SendDatagram& datagram);
  // ifindex of the Linux interface bound to `ios_name`, or the failure to report.
  std::optional<int> ifindex_of(const std::string& ios_name, std::string& error);
  std::optional<net::Route> to_net(const engine::Route& route, std::string& error);

  net::Rtnetlink& rtnl_;
  net::Cleanup& cleanup_;
  SocketSet& sockets_;
  std::map<std::string, std::string, std::less<>> ios_to_linux_;
  std::map<int, std::string> ifindex_to_ios_;
  std::map<std::string, std::unique_ptr<net::GratuitousArp>, std::less<>> arp_;  // by Linux name
};

}  // namespace havpnc::router
