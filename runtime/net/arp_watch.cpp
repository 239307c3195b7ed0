#include "runtime/net/arp_watch.h"

#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "runtime/net/error.h"

namespace havpnc::net {
namespace {

UniqueFd open_watch(std::string_view interface_name) {
  const std::string where = "ARP watch on " + std::string(interface_name);
  if (interface_name.empty() || interface_name.size() >= IFNAMSIZ)
    throw NetError(where + ": invalid interface name", EINVAL);
  UniqueFd fd(::socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(kEtherTypeArp)));
  if (!fd) {
    const int e = errno;
    throw_errno(where + ": open AF_PACKET socket", e);
  }
  const unsigned ifindex = ::if_nametoindex(std::string(interface_name).c_str());
  if (ifindex == 0) {
    const int e = errno;
    throw_errno(where, e);
  }
  sockaddr_ll ll{};
  ll.sll_family = AF_PACKET;
  ll.sll_protocol = htons(kEtherTypeArp);
  ll.sll_ifindex = static_cast<int>(ifindex);
  if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&ll), sizeof ll) < 0) {
    const int e = errno;
    throw_errno(where + ": bind", e);
  }
  return fd;
}

}  // namespace

ArpWatch::ArpWatch(const boost::asio::any_io_executor& executor, std::string_view interface_name)
    : descriptor_(executor, open_watch(interface_name)) {}

std::optional<ArpFrame> ArpWatch::receive(std::error_code& ec) {
  std::uint8_t buffer[128];  // ARP over Ethernet is 42 bytes (60 padded); longer is cut
  while (true) {
    sockaddr_ll from{};
    socklen_t from_len = sizeof from;
    const ssize_t n = ::recvfrom(descriptor_.native_handle(), buffer, sizeof buffer, MSG_TRUNC,
                                 reinterpret_cast<sockaddr*>(&from), &from_len);
    if (n < 0) {
      if (errno == EINTR) continue;
      ec = errno_code(errno);
      return std::nullopt;
    }
    ec.clear();
    if (from.sll_pkttype == PACKET_OUTGOING) {
      ++skipped_;
      continue;
    }
    const std::size_t size = std::min<std::size_t>(static_cast<std::size_t>(n), sizeof buffer);
    if (auto frame = decode_arp(std::span<const std::uint8_t>(buffer, size))) return frame;
    ++skipped_;
  }
}

}  // namespace havpnc::net
