#pragma once
// Link state events from the kernel (RTM_NEWLINK / RTM_DELLINK on RTMGRP_LINK): an
// interface going administratively down, losing carrier, or coming back. HSRP interface
// tracking and `show interfaces brief` are driven by these (IOS "line protocol" changes).
//
// Open the monitor before reading the initial state with Rtnetlink::links(), so that no
// change falls between the two. When the kernel reports that events were dropped (the
// socket's queue overflowed, ENOBUFS), the batch says so and the engine must re-read the
// state with Rtnetlink::links(): the missed transitions cannot be recovered.
#include <cstdint>
#include <vector>

#include "runtime/net/descriptor.h"
#include "runtime/net/types.h"

namespace havpnc::net {

struct LinkEventBatch {
  std::vector<LinkEvent> events;
  bool overrun = false;  // events were lost; re-read the link table
};

class LinkMonitor {
 public:
  explicit LinkMonitor(const boost::asio::any_io_executor& executor);  // throws NetError

  // Drains what is queued now without blocking.
  LinkEventBatch read_events();

  template <class Handler>
  void async_wait_readable(Handler&& handler) {
    descriptor_.async_wait_readable(std::forward<Handler>(handler));
  }
  int native_handle() { return descriptor_.native_handle(); }
  std::uint64_t malformed_messages() const { return malformed_; }

 private:
  Descriptor descriptor_;
  std::vector<std::uint8_t> buffer_;
  std::uint64_t malformed_ = 0;
};

}  // namespace havpnc::net
