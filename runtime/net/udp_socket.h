#pragma once
// UDP for IKE (500), NAT-T (4500, RFC 3948: ESP-in-UDP and IKE share the port; with no
// kernel ESP, havpnc reads both from this plain socket) and the base of HsrpSocket.
//
// Every datagram is received with its destination address and ingress interface
// (IP_PKTINFO): a router that answers for an HSRP VIP must reply to IKE from the address
// the peer used — a reply from the real interface address would not match the peer's SA
// (RFC 2409 identifies the peer by address) — and with a socket bound to 0.0.0.0 the
// destination is the only way to know which address that was.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <system_error>

#include <boost/asio/ip/udp.hpp>

#include "runtime/net/descriptor.h"
#include "runtime/net/types.h"

namespace havpnc::net {

struct UdpDatagram {
  boost::asio::ip::udp::endpoint source;
  Ipv4 destination;  // the packet's destination address (IP_PKTINFO ipi_addr)
  int ifindex = 0;   // the interface it arrived on
  std::span<const std::uint8_t> payload;  // inside the caller's buffer
};

struct UdpOptions {
  Ipv4 address = Ipv4::any();
  std::uint16_t port = 0;
  // IP_FREEBIND: bind even when `address` is not (yet) configured here. The standby router
  // of an HSRP pair opens its IKE sockets on the VIP at start-up, so that takeover only has
  // to add the address — no socket to create, no port that could turn out to be in use, no
  // window in which the peer's DPD or IKE retransmission arrives at an unbound port.
  // Without it bind() fails with EADDRNOTAVAIL. Per socket, unlike the namespace-wide
  // net.ipv4.ip_nonlocal_bind sysctl. (Sending from the address still fails until it is
  // configured: the kernel will not source packets from an address it does not own.)
  bool freebind = true;
  bool reuse_address = false;  // SO_REUSEADDR: several sockets on one multicast port
  std::string device;          // SO_BINDTODEVICE: only this interface's traffic; "" = any
};

class UdpSocket {
 public:
  UdpSocket(const boost::asio::any_io_executor& executor, const UdpOptions& options);

  // nullopt with ec = EAGAIN when nothing is queued. A datagram longer than `buffer` is
  // reported as std::errc::message_size and dropped (a truncated IKE message is useless).
  std::optional<UdpDatagram> receive(std::span<std::uint8_t> buffer, std::error_code& ec);

  // With `source`, the packet leaves from that local address (IP_PKTINFO ipi_spec_dst), for
  // the wildcard-bound socket that must answer from the address a request came to.
  void send(const boost::asio::ip::udp::endpoint& to, std::span<const std::uint8_t> payload,
            std::error_code& ec, std::optional<Ipv4> source = std::nullopt);

  template <class Handler>
  void async_wait_readable(Handler&& handler) {
    descriptor_.async_wait_readable(std::forward<Handler>(handler));
  }
  int native_handle() { return descriptor_.native_handle(); }
  boost::asio::ip::udp::endpoint local_endpoint();

 private:
  Descriptor descriptor_;
};

inline constexpr std::uint16_t kIkePort = 500;
inline constexpr std::uint16_t kNatTraversalPort = 4500;

// The IKE socket of a crypto map interface: bound to `address` (interface address or VIP)
// with IP_FREEBIND.
UdpSocket open_ike_socket(const boost::asio::any_io_executor& executor, const Ipv4& address,
                          std::uint16_t port = kIkePort);

}  // namespace havpnc::net
