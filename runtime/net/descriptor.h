#pragma once
// An owned file descriptor inside an Asio stream_descriptor: the engine waits for it to
// become readable in its one io_context (async_wait_readable) and the owner then reads it
// with the plain syscalls the kernel interface needs (recvmsg with control messages, read on
// a TUN). The descriptor is non-blocking, so a read after a spurious wake-up returns
// would_block instead of stalling the io_context.
#include <utility>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>

namespace havpnc::net {

// RAII for descriptors that no io_context waits on (netlink requests, ARP sending).
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) noexcept : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept;
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd();

  int get() const noexcept { return fd_; }
  int release() noexcept { return std::exchange(fd_, -1); }
  explicit operator bool() const noexcept { return fd_ >= 0; }

 private:
  int fd_ = -1;
};

class Descriptor {
 public:
  // Adopts fd (also when this throws) and makes it non-blocking.
  Descriptor(const boost::asio::any_io_executor& executor, UniqueFd fd);

  int native_handle() { return stream_.native_handle(); }
  boost::asio::posix::stream_descriptor& asio() { return stream_; }

  template <class Handler>
  void async_wait_readable(Handler&& handler) {
    stream_.async_wait(boost::asio::posix::descriptor_base::wait_read,
                       std::forward<Handler>(handler));
  }

 private:
  boost::asio::posix::stream_descriptor stream_;
};

}  // namespace havpnc::net
