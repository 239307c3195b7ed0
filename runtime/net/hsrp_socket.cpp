#include "runtime/net/hsrp_socket.h"

#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>

#include "runtime/net/error.h"

namespace havpnc::net {
namespace {

int interface_index(std::string_view name) {
  std::string n(name);
  unsigned index = ::if_nametoindex(n.c_str());
  if (index == 0) {
    int e = errno == 0 ? ENODEV : errno;
    throw NetError("HSRP on interface '" + n + "': " + explain_errno(e), e);
  }
  return static_cast<int>(index);
}

UdpOptions hsrp_options(const std::string& interface_name, HsrpVersion version) {
  UdpOptions o;
  o.address = hsrp_group_address(version);
  o.port = kHsrpPort;
  o.freebind = false;
  // v1 and v2 sockets, and one per interface, all bind port 1985.
  o.reuse_address = true;
  o.device = interface_name;
  return o;
}

void set_option(int fd, int level, int name, const void* value, socklen_t size,
                const std::string& what) {
  if (::setsockopt(fd, level, name, value, size) < 0) { const int error_number = errno; throw_errno(what, error_number); }
}

}  // namespace

Ipv4 hsrp_group_address(HsrpVersion version) {
  return version == HsrpVersion::V1 ? Ipv4(0xe0000002u) : Ipv4(0xe0000066u);
}

HsrpSocket::HsrpSocket(const boost::asio::any_io_executor& executor,
                       std::string_view interface_name, HsrpVersion version)
    : HsrpSocket(executor, std::string(interface_name), interface_index(interface_name),
                 version) {}

HsrpSocket::HsrpSocket(const boost::asio::any_io_executor& executor, std::string interface_name,
                       int ifindex, HsrpVersion version)
    : interface_(std::move(interface_name)),
      ifindex_(ifindex),
      version_(version),
      socket_(executor, hsrp_options(interface_, version)) {
  const int fd = socket_.native_handle();
  const std::string where = "HSRP socket on " + interface_;
  const Ipv4 group = hsrp_group_address(version);
  ip_mreqn membership{};
  membership.imr_multiaddr.s_addr = htonl(group.to_uint());
  membership.imr_ifindex = ifindex_;
  set_option(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &membership, sizeof membership,
             where + ": join " + group.to_string());
  // Linux delivers every group joined by any socket to every socket bound to the port
  // unless IP_MULTICAST_ALL is off; binding to the group already filters, this makes it
  // independent of what other sockets join.
  int off = 0;
  set_option(fd, IPPROTO_IP, IP_MULTICAST_ALL, &off, sizeof off, where + ": IP_MULTICAST_ALL");
  ip_mreqn out{};
  out.imr_ifindex = ifindex_;
  set_option(fd, IPPROTO_IP, IP_MULTICAST_IF, &out, sizeof out, where + ": IP_MULTICAST_IF");
  // RFC 2281 §5: sent with TTL 1; hellos never leave the LAN.
  int ttl = 1;
  set_option(fd, IPPROTO_IP, IP_MULTICAST_TTL, &ttl, sizeof ttl, where + ": IP_MULTICAST_TTL");
  // A router must not hear its own hellos: the state machine would take them for a peer
  // of equal priority and break the tie on its own address (RFC 2281 §5.1, Priority).
  set_option(fd, IPPROTO_IP, IP_MULTICAST_LOOP, &off, sizeof off, where + ": IP_MULTICAST_LOOP");
}

void HsrpSocket::send(std::span<const std::uint8_t> payload, std::error_code& ec) {
  socket_.send({hsrp_group_address(version_), kHsrpPort}, payload, ec);
}

}  // namespace havpnc::net
