#pragma once
// HSRP's transport on one interface (RFC 2281 §5 for v1; Cisco's v2 uses another group):
// UDP port 1985, sent to the all-routers group 224.0.0.2 (v1) or 224.0.0.102 (v2), TTL 1,
// from the interface's own (primary) address.
//
// One socket per interface and version. It is bound to the group address, so it receives
// only that version's hellos, and to the interface (SO_BINDTODEVICE), so a router with HSRP
// on two LANs never confuses their groups; IP_PKTINFO still reports the ingress interface.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>

#include "runtime/net/udp_socket.h"

namespace havpnc::net {

enum class HsrpVersion : std::uint8_t { V1 = 1, V2 = 2 };

inline constexpr std::uint16_t kHsrpPort = 1985;
Ipv4 hsrp_group_address(HsrpVersion version);  // 224.0.0.2 / 224.0.0.102

class HsrpSocket {
 public:
  // Throws NetError (no such interface, not root, ...).
  HsrpSocket(const boost::asio::any_io_executor& executor, std::string_view interface_name,
             HsrpVersion version);

  std::optional<UdpDatagram> receive(std::span<std::uint8_t> buffer, std::error_code& ec) {
    return socket_.receive(buffer, ec);
  }
  // To the version's group, port 1985, out of this interface.
  void send(std::span<const std::uint8_t> payload, std::error_code& ec);

  template <class Handler>
  void async_wait_readable(Handler&& handler) {
    socket_.async_wait_readable(std::forward<Handler>(handler));
  }
  int native_handle() { return socket_.native_handle(); }
  int ifindex() const { return ifindex_; }
  const std::string& interface_name() const { return interface_; }
  HsrpVersion version() const { return version_; }

 private:
  HsrpSocket(const boost::asio::any_io_executor& executor, std::string interface_name,
             int ifindex, HsrpVersion version);

  std::string interface_;
  int ifindex_;
  HsrpVersion version_;
  UdpSocket socket_;
};

}  // namespace havpnc::net
