#pragma once
// Setting up an edge (opening a TUN, binding a socket, a netlink request) either works or
// the router refuses to start with a sentence an operator can act on. Those failures are
// thrown as NetError, carrying errno so callers can tell "already gone" from "forbidden".
// Per-packet paths never throw: they report std::error_code like Asio does.
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

namespace havpnc::net {

class NetError : public std::runtime_error {
 public:
  NetError(const std::string& message, int error_number);
  int error_number() const noexcept { return errno_; }

 private:
  int errno_;
};

// The operator's reading of an errno in the context of network setup: EPERM says to run as
// root, ENODEV names a missing interface, EEXIST says "already exists", ...
std::string explain_errno(int error_number);

// Throws NetError("<context>: <explain_errno(err)>", err).
[[noreturn]] void throw_errno(std::string_view context, int error_number);

// errno as an error_code for the non-throwing per-packet paths.
std::error_code errno_code(int error_number) noexcept;

}  // namespace havpnc::net
