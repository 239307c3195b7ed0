#include "runtime/net/types.h"

#include <charconv>
#include <cstdio>

#include <linux/if.h>

namespace havpnc::net {

std::string to_string(const MacAddress& mac) {
  char text[18];
  std::snprintf(text, sizeof text, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2],
                mac[3], mac[4], mac[5]);
  return text;
}

std::optional<MacAddress> parse_mac(std::string_view text) {
  MacAddress mac{};
  if (text.size() != 17) return std::nullopt;
  for (std::size_t i = 0; i < 6; ++i) {
    const char* first = text.data() + i * 3;
    if (i < 5 && first[2] != ':') return std::nullopt;
    unsigned value = 0;
    auto [end, ec] = std::from_chars(first, first + 2, value, 16);
    if (ec != std::errc{} || end != first + 2) return std::nullopt;
    mac[i] = static_cast<std::uint8_t>(value);
  }
  return mac;
}

std::string Ipv4Prefix::to_string() const {
  return address.to_string() + "/" + std::to_string(length);
}

std::optional<Ipv4Prefix> parse_prefix(std::string_view text) {
  Ipv4Prefix prefix;
  std::string_view addr = text;
  if (auto slash = text.find('/'); slash != std::string_view::npos) {
    addr = text.substr(0, slash);
    std::string_view len = text.substr(slash + 1);
    unsigned value = 0;
    auto [end, ec] = std::from_chars(len.data(), len.data() + len.size(), value);
    if (len.empty() || ec != std::errc{} || end != len.data() + len.size() || value > 32)
      return std::nullopt;
    prefix.length = static_cast<std::uint8_t>(value);
  }
  boost::system::error_code ec;
  prefix.address = boost::asio::ip::make_address_v4(std::string(addr), ec);
  if (ec) return std::nullopt;
  return prefix;
}

bool LinkInfo::admin_up() const { return (flags & IFF_UP) != 0; }
bool LinkInfo::lower_up() const { return (flags & IFF_LOWER_UP) != 0; }
bool LinkInfo::line_protocol_up() const {
  return admin_up() && lower_up() &&
         (operstate == IF_OPER_UP || operstate == IF_OPER_UNKNOWN);
}

}  // namespace havpnc::net
