#include "runtime/control/protocol.h"

#include <algorithm>
#include <charconv>

namespace havpnc::control {

std::optional<Request> parse_request(std::string_view line, RequestError& error) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);  // tolerate CRLF clients
  const bool printable = std::all_of(line.begin(), line.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u == '\t' || (u >= 0x20 && u <= 0x7E);
  });
  if (!printable) {
    error.message = "% Bad request: only printable ASCII is accepted";
    return std::nullopt;
  }
  const auto space = line.find(' ');
  const std::string_view format = line.substr(0, space);
  Request request;
  if (format == "text") {
    request.format = Format::Text;
  } else if (format == "json") {
    request.format = Format::Json;
  } else {
    error.message = "% Bad request: expected \"text <command>\" or \"json <command>\"";
    return std::nullopt;
  }
  request.command = space == std::string_view::npos ? "" : std::string(line.substr(space + 1));
  return request;
}

std::string format_request(const Request& request) {
  return std::string(request.format == Format::Json ? "json " : "text ") + request.command + "\n";
}

std::string format_response(const ShowReply& reply) {
  return std::string(reply.ok ? "ok " : "error ") + std::to_string(reply.body.size()) + "\n" +
         reply.body;
}

std::optional<ResponseHeader> parse_response_header(std::string_view line) {
  ResponseHeader header;
  std::string_view number;
  if (line.starts_with("ok ")) {
    header.ok = true;
    number = line.substr(3);
  } else if (line.starts_with("error ")) {
    number = line.substr(6);
  } else {
    return std::nullopt;
  }
  if (number.empty() || number.size() > 12) return std::nullopt;
  const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), header.length);
  if (ec != std::errc{} || end != number.data() + number.size()) return std::nullopt;
  if (header.length > kMaxResponseBody) return std::nullopt;
  return header;
}

}  // namespace havpnc::control
