#include "runtime/net/tun_device.h"

#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "runtime/net/error.h"

namespace havpnc::net {
namespace {

constexpr const char* kCloneDevice = "/dev/net/tun";

struct Created {
  UniqueFd fd;
  std::string name;
  bool vnet = false;
};

// TSO for IPv4 TCP with checksum offload; no ECN TSO (the kernel segments those itself) and
// no UDP/IPv6 offload: the tunnel carries IPv4 and only TCP is cut in user space.
constexpr unsigned kOffloads = TUN_F_CSUM | TUN_F_TSO4;

Created create(std::string_view requested, bool offload) {
  if (requested.size() >= IFNAMSIZ)
    throw NetError("TUN device name '" + std::string(requested) + "' is longer than " +
                       std::to_string(IFNAMSIZ - 1) + " characters",
                   EINVAL);
  UniqueFd fd(::open(kCloneDevice, O_RDWR | O_CLOEXEC));
  if (!fd) {
    int e = errno;
    if (e == ENOENT || e == ENXIO || e == ENODEV)
      throw NetError(std::string(kCloneDevice) +
                         " is missing: the kernel has no TUN support (CONFIG_TUN) or the "
                         "device node was not created (modprobe tun)",
                     e);
    throw_errno(std::string("open ") + kCloneDevice, e);
  }
  ifreq ifr{};
  // ifr_flags is a short and IFF_TUN_EXCL (0x8000) its sign bit: the kernel reads the bits.
  const unsigned base = IFF_TUN | IFF_NO_PI | IFF_TUN_EXCL;
  ifr.ifr_flags = static_cast<short>(static_cast<unsigned short>(base | (offload ? IFF_VNET_HDR : 0u)));
  std::memcpy(ifr.ifr_name, requested.data(), requested.size());
  int rc = ::ioctl(fd.get(), TUNSETIFF, &ifr);
  if (rc < 0 && offload && errno == EINVAL) {
    // A kernel without IFF_VNET_HDR: plain packets still work, one per read/write.
    offload = false;
    ifr.ifr_flags = static_cast<short>(static_cast<unsigned short>(base));
    rc = ::ioctl(fd.get(), TUNSETIFF, &ifr);
  }
  if (rc < 0) {
    int e = errno;
    std::string what = "create TUN device '" + std::string(requested) + "'";
    if (e == EBUSY || e == EEXIST)
      throw NetError(what + ": an interface with that name already exists", e);
    if (e == EINVAL)
      throw NetError(what + ": the name is taken by an interface that is not a TUN device", e);
    throw_errno(what, e);
  }
  // A kernel that refuses the offloads keeps the header negotiated at TUNSETIFF and simply
  // never sends GSO packets or partial checksums: nothing to fall back from.
  if (offload) (void)::ioctl(fd.get(), TUNSETOFFLOAD, kOffloads);
  return {std::move(fd), std::string(ifr.ifr_name, ::strnlen(ifr.ifr_name, IFNAMSIZ)), offload};
}

// Interface flags and MTU are set through an ioctl on any socket of the namespace.
UniqueFd control_socket() {
  UniqueFd s(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  if (!s) { const int error_number = errno; throw_errno("open control socket", error_number); }
  return s;
}

}  // namespace

struct TunDevice::Opened {
  UniqueFd fd;
  std::string name;
  bool vnet = false;
};

TunDevice::TunDevice(const boost::asio::any_io_executor& executor, std::string_view name,
                     bool offload)
    : TunDevice(executor, [&] {
        auto c = create(name, offload);
        return Opened{std::move(c.fd), std::move(c.name), c.vnet};
      }()) {}

TunDevice::TunDevice(const boost::asio::any_io_executor& executor, Opened created)
    : descriptor_(executor, std::move(created.fd)), name_(std::move(created.name)),
      offload_(created.vnet) {
  auto s = control_socket();
  ifreq ifr{};
  std::memcpy(ifr.ifr_name, name_.data(), name_.size());
  if (::ioctl(s.get(), SIOCGIFINDEX, &ifr) < 0)
    { const int error_number = errno; throw_errno("look up ifindex of TUN device " + name_, error_number); }
  ifindex_ = ifr.ifr_ifindex;
}

void TunDevice::set_mtu(int mtu) {
  auto s = control_socket();
  ifreq ifr{};
  std::memcpy(ifr.ifr_name, name_.data(), name_.size());
  ifr.ifr_mtu = mtu;
  if (::ioctl(s.get(), SIOCSIFMTU, &ifr) < 0)
    { const int error_number = errno; throw_errno("set MTU " + std::to_string(mtu) + " on " + name_, error_number); }
}

void TunDevice::set_up(bool up) {
  auto s = control_socket();
  ifreq ifr{};
  std::memcpy(ifr.ifr_name, name_.data(), name_.size());
  if (::ioctl(s.get(), SIOCGIFFLAGS, &ifr) < 0) { const int error_number = errno; throw_errno("read flags of " + name_, error_number); }
  if (up)
    ifr.ifr_flags = static_cast<short>(ifr.ifr_flags | IFF_UP);
  else
    ifr.ifr_flags = static_cast<short>(ifr.ifr_flags & ~IFF_UP);
  if (::ioctl(s.get(), SIOCSIFFLAGS, &ifr) < 0)
    { const int error_number = errno; throw_errno(std::string("set ") + name_ + (up ? " up" : " down"), error_number); }
}

std::size_t TunDevice::read(std::span<std::uint8_t> buffer, std::error_code& ec) {
  for (;;) {
    ssize_t n = ::read(descriptor_.native_handle(), buffer.data(), buffer.size());
    if (n >= 0) {
      ec.clear();
      return static_cast<std::size_t>(n);
    }
    if (errno == EINTR) continue;
    ec = errno_code(errno == EWOULDBLOCK ? EAGAIN : errno);
    return 0;
  }
}

void TunDevice::write(std::span<const std::uint8_t> packet, std::error_code& ec) {
  for (;;) {
    ssize_t n = ::write(descriptor_.native_handle(), packet.data(), packet.size());
    if (n >= 0) {
      ec.clear();
      return;
    }
    if (errno == EINTR) continue;
    ec = errno_code(errno);
    return;
  }
}

}  // namespace havpnc::net
