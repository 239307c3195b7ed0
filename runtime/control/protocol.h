#pragma once
// The control socket's wire protocol (docs/runtime.md, "Control protocol"). One request per
// connection, so a slow or broken client can hold at most one connection and no state:
//
//   request:  "<format> <show command words>\n"      format: "text" | "json"
//             at most kMaxRequest bytes including '\n'; printable ASCII and spaces only
//   response: "ok <N>\n" or "error <N>\n", then exactly N bytes of body; then the server closes
//
// The body is IOS text, a JSON document, or an IOS-style error ("% Invalid input ...").
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "runtime/control/show_registry.h"

namespace havpnc::control {

inline constexpr std::size_t kMaxRequest = 1024;
// The client refuses bodies beyond this: a runaway server must not exhaust its memory.
inline constexpr std::size_t kMaxResponseBody = 64u << 20;

struct Request {
  Format format = Format::Text;
  std::string command;
};

struct RequestError {
  std::string message;  // "% Bad request: ..."
};

// `line` without its '\n'.
std::optional<Request> parse_request(std::string_view line, RequestError& error);
std::string format_request(const Request& request);

std::string format_response(const ShowReply& reply);

struct ResponseHeader {
  bool ok = false;
  std::size_t length = 0;
};
// `line` without its '\n'; nothing when it is not "ok N" / "error N" with N <= the cap.
std::optional<ResponseHeader> parse_response_header(std::string_view line);

}  // namespace havpnc::control
