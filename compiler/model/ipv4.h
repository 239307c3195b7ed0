#pragma once
// IPv4 values as IOS writes them. Parsing is strict (each octet 0-255, no leading '+' or
// spaces) because a config value like 256.1.1.1 must become a diagnostic, not a guess.
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace havpnc::model {

struct Ipv4 {
  std::uint32_t bits = 0;  // host byte order

  static std::optional<Ipv4> parse(std::string_view text);
  std::string to_string() const;
  friend auto operator<=>(const Ipv4&, const Ipv4&) = default;
};

// A subnet mask (255.255.255.0) or a wildcard (0.0.0.255); both must be contiguous.
std::optional<int> prefix_length_of_mask(Ipv4 mask);       // nullopt: not contiguous
std::optional<int> prefix_length_of_wildcard(Ipv4 wildcard);
Ipv4 mask_of_prefix_length(int length);

struct Ipv4Prefix {
  Ipv4 address;
  int length = 32;

  Ipv4 network() const { return Ipv4{length == 0 ? 0 : address.bits & mask_of_prefix_length(length).bits}; }
  bool contains(Ipv4 a) const {
    return length == 0 || ((a.bits ^ address.bits) & mask_of_prefix_length(length).bits) == 0;
  }
  std::string to_string() const { return address.to_string() + "/" + std::to_string(length); }
  friend auto operator<=>(const Ipv4Prefix&, const Ipv4Prefix&) = default;
};

}  // namespace havpnc::model
