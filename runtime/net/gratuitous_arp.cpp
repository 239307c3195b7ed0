#include "runtime/net/gratuitous_arp.h"

#include <linux/if_arp.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "runtime/net/error.h"

namespace havpnc::net {

GratuitousArp::GratuitousArp(std::string_view interface_name) : interface_(interface_name) {
  const std::string where = "gratuitous ARP on " + interface_;
  if (interface_.empty() || interface_.size() >= IFNAMSIZ)
    throw NetError(where + ": invalid interface name", EINVAL);
  fd_ = UniqueFd(::socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0));
  if (!fd_) { const int error_number = errno; throw_errno(where + ": open AF_PACKET socket", error_number); }
  ifreq ifr{};
  std::memcpy(ifr.ifr_name, interface_.data(), interface_.size());
  if (::ioctl(fd_.get(), SIOCGIFINDEX, &ifr) < 0) { const int error_number = errno; throw_errno(where, error_number); }
  ifindex_ = ifr.ifr_ifindex;
  if (::ioctl(fd_.get(), SIOCGIFHWADDR, &ifr) < 0) { const int error_number = errno; throw_errno(where + ": read MAC", error_number); }
  if (ifr.ifr_hwaddr.sa_family != ARPHRD_ETHER)
    throw NetError(where + ": not an Ethernet interface (ARP needs one)", EINVAL);
  std::memcpy(interface_mac_.data(), ifr.ifr_hwaddr.sa_data, interface_mac_.size());
  sockaddr_ll ll{};
  ll.sll_family = AF_PACKET;
  ll.sll_protocol = 0;  // receive nothing
  ll.sll_ifindex = ifindex_;
  if (::bind(fd_.get(), reinterpret_cast<sockaddr*>(&ll), sizeof ll) < 0)
    { const int error_number = errno; throw_errno(where + ": bind AF_PACKET socket", error_number); }
}

void GratuitousArp::announce(const Ipv4& address, std::error_code& ec,
                             std::optional<MacAddress> mac, ArpOp op) {
  const auto frame = encode_arp(gratuitous_arp(address, mac.value_or(interface_mac_), op));
  send_frame(frame, ec);
}

void GratuitousArp::send_frame(std::span<const std::uint8_t> frame, std::error_code& ec) {
  if (frame.size() < 14) {
    ec = std::make_error_code(std::errc::invalid_argument);
    return;
  }
  // SOCK_RAW: the frame carries its own Ethernet header; the address names only the device.
  sockaddr_ll to{};
  to.sll_family = AF_PACKET;
  to.sll_protocol = htons(static_cast<std::uint16_t>(frame[12] << 8 | frame[13]));
  to.sll_ifindex = ifindex_;
  to.sll_halen = 6;
  std::copy(frame.begin(), frame.begin() + 6, to.sll_addr);
  ssize_t n;
  do {
    n = ::sendto(fd_.get(), frame.data(), frame.size(), 0, reinterpret_cast<sockaddr*>(&to),
                 sizeof to);
  } while (n < 0 && errno == EINTR);
  if (n < 0)
    ec = errno_code(errno);
  else
    ec.clear();
}

}  // namespace havpnc::net
