// The control socket's request path on hostile bytes: whatever a local client writes, the
// request parser and the show registry answer with a value (a reply or an IOS-style error),
// never a crash. The registry holds commands sharing prefixes (`standby` / `standby brief`,
// `crypto session` / `crypto session detail`, `crypto ha`) so abbreviation, ambiguity and
// caret paths are all reachable.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "runtime/control/protocol.h"
#include "runtime/control/show_registry.h"

namespace {

using havpnc::control::Format;
using havpnc::control::ShowCommand;
using havpnc::control::ShowRegistry;

const ShowRegistry& registry() {
  static const ShowRegistry* r = [] {
    auto* reg = new ShowRegistry();
    for (const char* words : {"show standby", "show standby brief", "show crypto session",
                              "show crypto session detail", "show crypto ha", "show crypto isakmp sa",
                              "show redundancy states", "show redundancy inter-device", "show track"}) {
      ShowCommand c;
      c.words = words;
      c.help = words;
      c.text = [w = std::string(words)] { return w + "\n"; };
      if (std::string_view(words).find("crypto") != std::string_view::npos)
        c.json = [w = std::string(words)] { return nlohmann::json{{"command", w}}; };
      reg->add(std::move(c));
    }
    return reg;
  }();
  return *r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // The server reads one line; anything after the first '\n' is never looked at.
  const std::string_view line = bytes.substr(0, bytes.find('\n'));
  havpnc::control::RequestError error;
  if (const auto request = havpnc::control::parse_request(line, error)) {
    // A request the parser accepts must survive its own round trip.
    const std::string again = havpnc::control::format_request(*request);
    havpnc::control::RequestError second;
    const auto reparsed =
        havpnc::control::parse_request(std::string_view(again).substr(0, again.size() - 1), second);
    if (!reparsed || reparsed->command != request->command || reparsed->format != request->format)
      __builtin_trap();
    const auto reply = registry().execute(request->command, request->format);
    (void)havpnc::control::format_response(reply);
  } else if (error.message.empty()) {
    __builtin_trap();  // a refusal must say why
  }
  // The client side parses the server's header line: same hostility.
  (void)havpnc::control::parse_response_header(line);
  return 0;
}
