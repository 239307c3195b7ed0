#pragma once
// IPv4 addresses and prefixes as the plan writes them ("6.6.146.10", "6.6.146.10/24").
// The runtime does not link the config model, so the plan has its own small, strict type.
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace havpnc::plan {

struct Ipv4 {
  std::uint32_t bits = 0;  // host byte order

  // Four decimal octets 0-255, no leading zeros (so "010.1.1.1" cannot mean octal to
  // someone else), nothing else.
  static std::optional<Ipv4> parse(std::string_view text);
  std::string to_string() const;
  friend auto operator<=>(const Ipv4&, const Ipv4&) = default;
};

std::optional<int> prefix_length_of_mask(Ipv4 mask);  // nullopt: not contiguous
Ipv4 mask_of_prefix_length(int length);

// An interface address keeps its host bits ("6.6.146.10/24"); a selector prefix is a network.
struct Ipv4Prefix {
  Ipv4 address;
  int length = 32;  // 0-32

  static std::optional<Ipv4Prefix> parse(std::string_view text);  // "A/N"
  std::string to_string() const;
  Ipv4 network() const { return Ipv4{address.bits & mask_of_prefix_length(length).bits}; }
  bool contains(Ipv4 a) const { return ((a.bits ^ address.bits) & mask_of_prefix_length(length).bits) == 0; }
  friend auto operator<=>(const Ipv4Prefix&, const Ipv4Prefix&) = default;
};

}  // namespace havpnc::plan
