#include "runtime/control/control_client.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

namespace havpnc::control {

namespace {

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

int remaining_ms(TimePoint deadline) {
  const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now()).count();
  return left < 0 ? 0 : static_cast<int>(left);
}

}  // namespace

ClientResult query(const std::string& path, const Request& request, Duration timeout) {
  ClientResult result;
  if (path.size() >= sizeof(sockaddr_un::sun_path)) {
    result.error = "control socket path is too long: " + path;
    return result;
  }
  Fd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (fd.get() < 0) {
    result.error = std::string("socket: ") + std::strerror(errno);
    return result;
  }
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    result.error = "cannot connect to " + path + ": " + std::strerror(errno) +
                   (errno == ENOENT || errno == ECONNREFUSED ? " (is `havpnc run` running?)" : "");
    return result;
  }
  const TimePoint deadline = Clock::now() + timeout;
  const std::string wire = format_request(request);
  for (std::size_t sent = 0; sent < wire.size();) {
    const ssize_t n = ::send(fd.get(), wire.data() + sent, wire.size() - sent, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      result.error = std::string("send: ") + std::strerror(errno);
      return result;
    }
    sent += static_cast<std::size_t>(n);
  }
  std::string received;
  char chunk[65536];
  for (;;) {
    pollfd p{fd.get(), POLLIN, 0};
    const int ready = ::poll(&p, 1, remaining_ms(deadline));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) {
      result.error = "timed out waiting for " + path;
      return result;
    }
    const ssize_t n = ::recv(fd.get(), chunk, sizeof chunk, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      result.error = std::string("recv: ") + std::strerror(errno);
      return result;
    }
    if (n == 0) break;
    received.append(chunk, static_cast<std::size_t>(n));
    if (received.size() > kMaxResponseBody + 64) {
      result.error = "response from " + path + " is too large";
      return result;
    }
  }
  const auto newline = received.find('\n');
  const auto header = newline == std::string::npos
                          ? std::nullopt
                          : parse_response_header(std::string_view(received).substr(0, newline));
  if (!header || received.size() - newline - 1 != header->length) {
    result.error = "malformed response from " + path;
    return result;
  }
  result.transport_ok = true;
  result.ok = header->ok;
  result.body = received.substr(newline + 1);
  return result;
}

}  // namespace havpnc::control
