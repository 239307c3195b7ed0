#include "runtime/net/error.h"

#include <cerrno>
#include <cstring>

namespace havpnc::net {

NetError::NetError(const std::string& message, int error_number)
    : std::runtime_error(message), errno_(error_number) {}

std::string explain_errno(int error_number) {
  switch (error_number) {
    case EPERM:
    case EACCES:
      return "operation not permitted: havpnc must run as root (CAP_NET_ADMIN and "
             "CAP_NET_RAW)";
    case EEXIST: return "already exists";
    case ENODEV: return "no such interface";
    case EADDRNOTAVAIL: return "address not configured on this host";
    case EADDRINUSE: return "address and port already in use by another socket";
    case ESRCH: return "no such route";
    case ENETUNREACH: return "network unreachable (no connected route to the gateway)";
    case EBUSY: return "in use by another process";
    case ENOENT: return "no such file or device";
    case EINVAL: return "invalid argument";
    default: return std::strerror(error_number);
  }
}

void throw_errno(std::string_view context, int error_number) {
  throw NetError(std::string(context) + ": " + explain_errno(error_number), error_number);
}

std::error_code errno_code(int error_number) noexcept {
  return {error_number, std::generic_category()};
}

}  // namespace havpnc::net
