#include "runtime/router/namespace_lock.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace havpnc::router {

namespace {

constexpr char kName[] = "havpnc-router";

sockaddr_un lock_address(socklen_t& length) {
  sockaddr_un a{};
  a.sun_family = AF_UNIX;
  // sun_path[0] == 0: the abstract namespace; the name is not NUL-terminated.
  std::memcpy(a.sun_path + 1, kName, sizeof kName - 1);
  length = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + 1 + sizeof kName - 1);
  return a;
}

std::string holder() {
  socklen_t length = 0;
  const sockaddr_un a = lock_address(length);
  net::UniqueFd probe(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!probe || ::connect(probe.get(), reinterpret_cast<const sockaddr*>(&a), length) != 0)
    return "another havpnc run";
  ucred cred{};
  socklen_t size = sizeof cred;
  if (::getsockopt(probe.get(), SOL_SOCKET, SO_PEERCRED, &cred, &size) != 0 || cred.pid <= 0)
    return "another havpnc run";
  return "another havpnc run (pid " + std::to_string(cred.pid) + ")";
}

}  // namespace

NamespaceLock::NamespaceLock() : fd_(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
  if (!fd_) throw std::runtime_error(std::string("cannot open a unix socket: ") + std::strerror(errno));
  socklen_t length = 0;
  const sockaddr_un a = lock_address(length);
  if (::bind(fd_.get(), reinterpret_cast<const sockaddr*>(&a), length) != 0) {
    const int e = errno;
    if (e == EADDRINUSE)
      throw std::runtime_error(holder() +
                               " is already running in this network namespace; one namespace "
                               "is one router");
    throw std::runtime_error(std::string("cannot take the router lock @havpnc-router: ") +
                             std::strerror(e));
  }
  if (::listen(fd_.get(), 4) != 0)
    throw std::runtime_error(std::string("cannot listen on @havpnc-router: ") + std::strerror(errno));
}

}  // namespace havpnc::router
