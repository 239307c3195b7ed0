#pragma once
// Where the control socket lives and making that place safe: the directory is created 0700,
// the socket 0600 (only root or the owner may ask a router for its state), and an existing
// socket is taken over only when nothing answers on it (a crashed run), never when another
// havpnc is alive there.
#include <optional>
#include <string>
#include <string_view>

namespace havpnc::control {

inline constexpr std::string_view kDefaultControlDir = "/run/havpnc";

// "/run/havpnc/R10.sock"; nothing when `hostname` could escape the directory or is empty.
std::optional<std::string> default_control_path(std::string_view hostname);

// Checks length, creates the parent directory (0700) if missing, and removes a stale socket.
// Returns an operator-facing error, or nothing when `path` is ready for bind().
std::optional<std::string> prepare_socket_path(const std::string& path);

}  // namespace havpnc::control
