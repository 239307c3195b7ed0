#include "runtime/net/raw_esp_socket.h"

#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>

#include "runtime/net/error.h"

namespace havpnc::net {
namespace {

sockaddr_in to_sockaddr(const Ipv4& address, std::uint16_t port = 0) {
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(port);
  sa.sin_addr.s_addr = htonl(address.to_uint());
  return sa;
}

UniqueFd open_esp_socket(const Ipv4& local, bool freebind) {
  UniqueFd fd(::socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, kIpProtoEsp));
  if (!fd) { const int error_number = errno; throw_errno("open raw socket for ESP (IP protocol 50)", error_number); }
  int on = 1;
  if (freebind && ::setsockopt(fd.get(), IPPROTO_IP, IP_FREEBIND, &on, sizeof on) < 0)
    { const int error_number = errno; throw_errno("set IP_FREEBIND on the ESP socket", error_number); }
  auto sa = to_sockaddr(local);
  if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&sa), sizeof sa) < 0)
    { const int error_number = errno; throw_errno("bind ESP socket to " + local.to_string(), error_number); }
  // ESP traffic comes in bursts; a deeper queue absorbs them while the io_context is busy.
  int size = 4 << 20;
  ::setsockopt(fd.get(), SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
  return fd;
}

}  // namespace

RawEspSocket::RawEspSocket(const boost::asio::any_io_executor& executor, const Ipv4& local,
                           bool freebind)
    : descriptor_(executor, open_esp_socket(local, freebind)), local_(local) {}

std::optional<EspDatagram> RawEspSocket::receive(std::span<std::uint8_t> buffer,
                                                 std::error_code& ec) {
  ssize_t n;
  do {
    n = ::recv(descriptor_.native_handle(), buffer.data(), buffer.size(), 0);
  } while (n < 0 && errno == EINTR);
  if (n < 0) {
    ec = errno_code(errno == EWOULDBLOCK ? EAGAIN : errno);
    return std::nullopt;
  }
  auto packet = parse_ipv4(buffer.first(static_cast<std::size_t>(n)));
  if (!packet || packet->header.protocol != kIpProtoEsp) {
    ++malformed_;
    ec = std::make_error_code(std::errc::bad_message);
    return std::nullopt;
  }
  ec.clear();
  return EspDatagram{packet->header.source, packet->header.destination, packet->payload};
}

void RawEspSocket::send(const Ipv4& peer, std::span<const std::uint8_t> esp,
                        std::error_code& ec) {
  auto sa = to_sockaddr(peer);
  ssize_t n;
  do {
    n = ::sendto(descriptor_.native_handle(), esp.data(), esp.size(), 0,
                 reinterpret_cast<sockaddr*>(&sa), sizeof sa);
  } while (n < 0 && errno == EINTR);
  if (n < 0)
    ec = errno_code(errno);
  else
    ec.clear();
}

}  // namespace havpnc::net
