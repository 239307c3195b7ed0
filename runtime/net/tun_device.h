#pragma once
// A layer-3 TUN device (IFF_TUN | IFF_NO_PI): the kernel routes the crypto ACL's remote
// subnets into it, havpnc reads each plain IPv4 packet, encrypts it and sends ESP; inbound
// ESP is decrypted and the inner packet written back for the kernel to forward. Packets
// are whole IP datagrams, one per read/write, with no protocol-information prefix.
//
// With `offload`, the device is opened with IFF_VNET_HDR and TUNSETOFFLOAD(TUN_F_CSUM |
// TUN_F_TSO4): every read and write then starts with a 10-byte struct virtio_net_hdr, reads
// may be TCP super-packets up to 64 KiB with a partial checksum, and writes may be too (the
// ESP data path's segmentation and coalescing live in runtime/esp/tcp_offload.h). If the
// kernel refuses either, the device falls back to plain packets and offload() says so.
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

#include "runtime/net/descriptor.h"

namespace havpnc::net {

class TunDevice {
 public:
  // `name` may be a template like "hvtun%d" (the kernel picks the number). Creating a name
  // that already exists fails (IFF_TUN_EXCL): taking over another process's device would
  // silently steal its traffic. Throws NetError with what to do about it.
  TunDevice(const boost::asio::any_io_executor& executor, std::string_view name,
            bool offload = false);

  const std::string& name() const { return name_; }
  int ifindex() const { return ifindex_; }
  // Reads and writes carry a virtio_net_hdr (IFF_VNET_HDR) and TSO/checksum offload is on.
  bool offload() const { return offload_; }

  void set_mtu(int mtu);  // throws NetError
  void set_up(bool up);   // throws NetError

  // One packet per call; ec is EAGAIN (std::errc::resource_unavailable_try_again) when
  // nothing is queued. Give a buffer of at least the MTU: a longer packet does not fit.
  std::size_t read(std::span<std::uint8_t> buffer, std::error_code& ec);
  void write(std::span<const std::uint8_t> packet, std::error_code& ec);

  template <class Handler>
  void async_wait_readable(Handler&& handler) {
    descriptor_.async_wait_readable(std::forward<Handler>(handler));
  }
  int native_handle() { return descriptor_.native_handle(); }

 private:
  struct Opened;
  explicit TunDevice(const boost::asio::any_io_executor& executor, Opened created);

  Descriptor descriptor_;
  std::string name_;
  int ifindex_ = 0;
  bool offload_ = false;
};

}  // namespace havpnc::net
