#include "runtime/net/sysctl.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "runtime/net/error.h"

namespace havpnc::net {
namespace {

std::string path_of(IpFamily family, std::string_view interface, std::string_view key) {
  return std::string(family == IpFamily::V4 ? "/proc/sys/net/ipv4/conf/" : "/proc/sys/net/ipv6/conf/") +
         std::string(interface) + "/" + std::string(key);
}

bool valid_part(std::string_view s) {
  return !s.empty() && s.size() < 64 && s.find('/') == std::string_view::npos && s != "." && s != "..";
}

}  // namespace

std::optional<std::string> read_interface_sysctl(IpFamily family, std::string_view interface,
                                                 std::string_view key) {
  if (!valid_part(interface) || !valid_part(key)) return std::nullopt;
  const std::string path = path_of(family, interface, key);
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  char buf[64];
  ssize_t n;
  do {
    n = ::read(fd, buf, sizeof buf);
  } while (n < 0 && errno == EINTR);
  ::close(fd);
  if (n < 0) return std::nullopt;
  std::string value(buf, static_cast<std::size_t>(n));
  while (!value.empty() && (value.back() == '\n' || value.back() == ' ')) value.pop_back();
  return value;
}

void write_interface_sysctl(IpFamily family, std::string_view interface, std::string_view key,
                            std::string_view value) {
  if (!valid_part(interface) || !valid_part(key))
    throw NetError("sysctl: invalid interface or key name", EINVAL);
  const std::string path = path_of(family, interface, key);
  const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) {
    const int e = errno;
    throw_errno("set " + path + " = " + std::string(value), e);
  }
  ssize_t n;
  do {
    n = ::write(fd, value.data(), value.size());
  } while (n < 0 && errno == EINTR);
  const int e = errno;
  ::close(fd);
  if (n < 0) throw_errno("set " + path + " = " + std::string(value), e);
}

}  // namespace havpnc::net
