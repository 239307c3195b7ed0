#pragma once
// Every socket a plan needs, opened once at start-up so that a port in use or a missing
// interface refuses the start instead of failing the first takeover. LinuxEdges sends through
// them, EventPump reads them; neither owns them.
//
//  - HSRP: one HsrpSocket per (interface, version) that has groups (net/hsrp_socket.h).
//  - IKE/NAT-T: UDP 500 and 4500 on each crypto-map interface address and on each VIP of a
//    group a stateful crypto map names (IP_FREEBIND: the standby binds the VIP before it owns
//    it, so takeover is only "add address + gratuitous ARP").
//  - ESP: one raw protocol-50 socket per such local address.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "runtime/engine/actions.h"
#include "runtime/net/hsrp_socket.h"
#include "runtime/net/raw_esp_socket.h"
#include "runtime/net/udp_socket.h"
#include "runtime/plan/plan.h"

namespace havpnc::router {

struct HsrpEndpoint {
  std::string ios_name;
  std::unique_ptr<net::HsrpSocket> socket;
};

struct UdpEndpoint {
  engine::Ipv4 local = 0;
  std::uint16_t port = 0;
  std::unique_ptr<net::UdpSocket> socket;
};

struct EspEndpoint {
  engine::Ipv4 local = 0;
  std::unique_ptr<net::RawEspSocket> socket;
};

// The local addresses IKE and ESP listen on, from the plan: crypto-map interface addresses
// (or their `local-address` interface) and the VIPs of groups named by stateful maps.
std::vector<engine::Ipv4> crypto_local_addresses(const plan::Plan& plan);

struct SocketSet {
  std::vector<HsrpEndpoint> hsrp;
  std::vector<UdpEndpoint> udp;
  std::vector<EspEndpoint> esp;
};

// `linux_name_of` maps an IOS interface name to the Linux one it is bound to ("" when
// unbound). Throws net::NetError whose message names the socket and says why (port in use,
// not root, no such interface).
SocketSet open_sockets(const boost::asio::any_io_executor& executor, const plan::Plan& plan,
                       const std::function<std::string(const std::string&)>& linux_name_of);

}  // namespace havpnc::router
