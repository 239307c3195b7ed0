#include "runtime/net/descriptor.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "runtime/net/error.h"

namespace havpnc::net {

UniqueFd& UniqueFd::operator=(UniqueFd&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

UniqueFd::~UniqueFd() {
  if (fd_ >= 0) ::close(fd_);
}

Descriptor::Descriptor(const boost::asio::any_io_executor& executor, UniqueFd fd)
    : stream_(executor) {
  int flags = ::fcntl(fd.get(), F_GETFL);
  if (flags < 0 || ::fcntl(fd.get(), F_SETFL, flags | O_NONBLOCK) < 0)
    { const int error_number = errno; throw_errno("set descriptor non-blocking", error_number); }
  boost::system::error_code ec;
  stream_.assign(fd.get(), ec);
  if (ec) throw NetError("register descriptor with the io_context: " + ec.message(), ec.value());
  fd.release();  // the stream_descriptor owns it from here and closes it
}

}  // namespace havpnc::net
