#include "runtime/net/link_monitor.h"

#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include <cerrno>

#include "runtime/net/error.h"
#include "runtime/net/netlink_codec.h"

namespace havpnc::net {
namespace {

UniqueFd open_link_socket() {
  UniqueFd fd(::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE));
  if (!fd) { const int error_number = errno; throw_errno("open rtnetlink socket for link events", error_number); }
  // A burst of changes (a bridge with many ports going down) must not overflow the queue
  // before the io_context gets to it.
  int size = 1 << 20;
  ::setsockopt(fd.get(), SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
  sockaddr_nl local{};
  local.nl_family = AF_NETLINK;
  local.nl_groups = RTMGRP_LINK;
  if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&local), sizeof local) < 0)
    { const int error_number = errno; throw_errno("subscribe to link events (RTMGRP_LINK)", error_number); }
  return fd;
}

}  // namespace

LinkMonitor::LinkMonitor(const boost::asio::any_io_executor& executor)
    : descriptor_(executor, open_link_socket()), buffer_(64 * 1024) {}

LinkEventBatch LinkMonitor::read_events() {
  LinkEventBatch batch;
  for (;;) {
    sockaddr_nl from{};
    socklen_t from_len = sizeof from;
    ssize_t n = ::recvfrom(descriptor_.native_handle(), buffer_.data(), buffer_.size(), 0,
                           reinterpret_cast<sockaddr*>(&from), &from_len);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == ENOBUFS) {
        batch.overrun = true;
        continue;
      }
      break;  // EAGAIN: drained
    }
    // Only the kernel (sender port 0) is believed; another process may also send to the
    // group if it has the privilege, and its claims are not link state. (The messages'
    // own nlmsg_pid names whoever asked for the change, so it cannot be used for this.)
    if (from.nl_pid != 0) continue;
    auto split = netlink::split_messages({buffer_.data(), static_cast<std::size_t>(n)});
    if (split.malformed) ++malformed_;
    for (const auto& m : split.messages) {
      LinkEvent event;
      auto d = netlink::decode_link(m, event.link);
      if (d == netlink::Decode::Malformed) ++malformed_;
      if (d != netlink::Decode::Ok) continue;
      event.removed = m.type == RTM_DELLINK;
      batch.events.push_back(std::move(event));
    }
  }
  return batch;
}

}  // namespace havpnc::net
