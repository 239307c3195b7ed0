#include "runtime/net/udp_socket.h"

#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "runtime/net/error.h"

namespace havpnc::net {
namespace {

UniqueFd open_udp(const UdpOptions& o) {
  std::string where = o.address.to_string() + ":" + std::to_string(o.port);
  UniqueFd fd(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, IPPROTO_UDP));
  if (!fd) { const int error_number = errno; throw_errno("open UDP socket for " + where, error_number); }
  int on = 1;
  if (::setsockopt(fd.get(), IPPROTO_IP, IP_PKTINFO, &on, sizeof on) < 0)
    { const int error_number = errno; throw_errno("set IP_PKTINFO on " + where, error_number); }
  if (o.freebind && ::setsockopt(fd.get(), IPPROTO_IP, IP_FREEBIND, &on, sizeof on) < 0)
    { const int error_number = errno; throw_errno("set IP_FREEBIND on " + where, error_number); }
  if (o.reuse_address && ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) < 0)
    { const int error_number = errno; throw_errno("set SO_REUSEADDR on " + where, error_number); }
  if (!o.device.empty() && ::setsockopt(fd.get(), SOL_SOCKET, SO_BINDTODEVICE, o.device.c_str(),
                                        static_cast<socklen_t>(o.device.size())) < 0)
    { const int error_number = errno; throw_errno("bind UDP socket " + where + " to interface " + o.device, error_number); }
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(o.port);
  sa.sin_addr.s_addr = htonl(o.address.to_uint());
  if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&sa), sizeof sa) < 0)
    { const int error_number = errno; throw_errno("bind UDP " + where, error_number); }
  return fd;
}

}  // namespace

UdpSocket::UdpSocket(const boost::asio::any_io_executor& executor, const UdpOptions& options)
    : descriptor_(executor, open_udp(options)) {}

std::optional<UdpDatagram> UdpSocket::receive(std::span<std::uint8_t> buffer,
                                              std::error_code& ec) {
  sockaddr_in from{};
  iovec iov{buffer.data(), buffer.size()};
  alignas(cmsghdr) std::uint8_t control[CMSG_SPACE(sizeof(in_pktinfo))];
  msghdr msg{};
  msg.msg_name = &from;
  msg.msg_namelen = sizeof from;
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof control;
  ssize_t n;
  do {
    n = ::recvmsg(descriptor_.native_handle(), &msg, 0);
  } while (n < 0 && errno == EINTR);
  if (n < 0) {
    ec = errno_code(errno == EWOULDBLOCK ? EAGAIN : errno);
    return std::nullopt;
  }
  if (msg.msg_flags & MSG_TRUNC) {
    ec = std::make_error_code(std::errc::message_size);
    return std::nullopt;
  }
  UdpDatagram d;
  d.source = {Ipv4(ntohl(from.sin_addr.s_addr)), ntohs(from.sin_port)};
  bool have_pktinfo = false;
  for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
    if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO &&
        c->cmsg_len >= CMSG_LEN(sizeof(in_pktinfo))) {
      in_pktinfo info{};
      std::memcpy(&info, CMSG_DATA(c), sizeof info);
      d.destination = Ipv4(ntohl(info.ipi_addr.s_addr));
      d.ifindex = info.ipi_ifindex;
      have_pktinfo = true;
    }
  }
  if (!have_pktinfo) {
    // MSG_CTRUNC or a kernel without IP_PKTINFO: without the destination, a reply could
    // leave from the wrong address, so the datagram is not handed on.
    ec = std::make_error_code(std::errc::protocol_error);
    return std::nullopt;
  }
  d.payload = buffer.first(static_cast<std::size_t>(n));
  ec.clear();
  return d;
}

void UdpSocket::send(const boost::asio::ip::udp::endpoint& to,
                     std::span<const std::uint8_t> payload, std::error_code& ec,
                     std::optional<Ipv4> source) {
  sockaddr_in dst{};
  dst.sin_family = AF_INET;
  dst.sin_port = htons(to.port());
  dst.sin_addr.s_addr = htonl(to.address().to_v4().to_uint());
  iovec iov{const_cast<std::uint8_t*>(payload.data()), payload.size()};
  alignas(cmsghdr) std::uint8_t control[CMSG_SPACE(sizeof(in_pktinfo))] = {};
  msghdr msg{};
  msg.msg_name = &dst;
  msg.msg_namelen = sizeof dst;
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  if (source) {
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    cmsghdr* c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = IPPROTO_IP;
    c->cmsg_type = IP_PKTINFO;
    c->cmsg_len = CMSG_LEN(sizeof(in_pktinfo));
    in_pktinfo info{};
    info.ipi_spec_dst.s_addr = htonl(source->to_uint());
    std::memcpy(CMSG_DATA(c), &info, sizeof info);
  }
  ssize_t n;
  do {
    n = ::sendmsg(descriptor_.native_handle(), &msg, 0);
  } while (n < 0 && errno == EINTR);
  if (n < 0)
    ec = errno_code(errno);
  else
    ec.clear();
}

boost::asio::ip::udp::endpoint UdpSocket::local_endpoint() {
  sockaddr_in sa{};
  socklen_t len = sizeof sa;
  if (::getsockname(descriptor_.native_handle(), reinterpret_cast<sockaddr*>(&sa), &len) < 0)
    { const int error_number = errno; throw_errno("read local address of UDP socket", error_number); }
  return {Ipv4(ntohl(sa.sin_addr.s_addr)), ntohs(sa.sin_port)};
}

UdpSocket open_ike_socket(const boost::asio::any_io_executor& executor, const Ipv4& address,
                          std::uint16_t port) {
  UdpOptions o;
  o.address = address;
  o.port = port;
  o.freebind = true;
  return UdpSocket(executor, o);
}

}  // namespace havpnc::net
