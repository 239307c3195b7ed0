#include "runtime/control/socket_path.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace havpnc::control {

namespace {

std::string errno_text(int err) { return std::strerror(err); }

// True when a process accepts connections on `path`.
bool someone_listens(const std::string& path) {
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  const bool connected = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return connected;
}

}  // namespace

std::optional<std::string> default_control_path(std::string_view hostname) {
  if (hostname.empty() || hostname == "." || hostname == "..") return std::nullopt;
  for (char c : hostname) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.';
    if (!ok) return std::nullopt;
  }
  return std::string(kDefaultControlDir) + "/" + std::string(hostname) + ".sock";
}

std::optional<std::string> prepare_socket_path(const std::string& path) {
  if (path.empty()) return "control socket path is empty";
  if (path.size() >= sizeof(sockaddr_un::sun_path))
    return "control socket path " + path + " is too long (" + std::to_string(path.size()) +
           " bytes; a unix socket path must be under " +
           std::to_string(sizeof(sockaddr_un::sun_path)) + ")";
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) {
    struct stat st {};
    if (::stat(parent.c_str(), &st) != 0) {
      if (errno != ENOENT) return "cannot use directory " + parent.string() + ": " + errno_text(errno);
      std::error_code ec;
      std::filesystem::create_directories(parent, ec);
      if (ec) return "cannot create directory " + parent.string() + ": " + ec.message();
      if (::chmod(parent.c_str(), 0700) != 0)
        return "cannot set mode 0700 on " + parent.string() + ": " + errno_text(errno);
    } else if (!S_ISDIR(st.st_mode)) {
      return parent.string() + " exists and is not a directory";
    }
  }
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return std::nullopt;
    return "cannot use control socket " + path + ": " + errno_text(errno);
  }
  if (!S_ISSOCK(st.st_mode)) return path + " exists and is not a socket; refusing to replace it";
  if (someone_listens(path))
    return "control socket " + path + " is in use (another havpnc run is answering on it)";
  if (::unlink(path.c_str()) != 0)
    return "cannot remove stale control socket " + path + ": " + errno_text(errno);
  return std::nullopt;
}

}  // namespace havpnc::control
