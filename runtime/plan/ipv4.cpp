#include "runtime/plan/ipv4.h"


namespace havpnc::plan {

namespace {

std::optional<std::uint32_t> parse_decimal(std::string_view text, std::uint32_t max) {
  if (text.empty() || text.size() > 3) return std::nullopt;
  if (text.size() > 1 && text.front() == '0') return std::nullopt;
  std::uint32_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<std::uint32_t>(c - '0');
  }
  if (value > max) return std::nullopt;
  return value;
}

}  // namespace

std::optional<Ipv4> Ipv4::parse(std::string_view text) {
  std::uint32_t bits = 0;
  for (int i = 0; i < 4; ++i) {
    const auto dot = text.find('.');
    const bool last = i == 3;
    if (last != (dot == std::string_view::npos)) return std::nullopt;
    auto octet = parse_decimal(last ? text : text.substr(0, dot), 255);
    if (!octet) return std::nullopt;
    bits = (bits << 8) | *octet;
    if (!last) text.remove_prefix(dot + 1);
  }
  return Ipv4{bits};
}

std::string Ipv4::to_string() const {
  return std::to_string(bits >> 24) + "." + std::to_string((bits >> 16) & 0xFF) + "." +
         std::to_string((bits >> 8) & 0xFF) + "." + std::to_string(bits & 0xFF);
}

std::optional<int> prefix_length_of_mask(Ipv4 mask) {
  const std::uint32_t inverted = ~mask.bits;
  // A contiguous mask's complement is 2^k - 1.
  if ((inverted & (inverted + 1)) != 0) return std::nullopt;
  int length = 0;
  for (std::uint32_t b = mask.bits; b != 0; b <<= 1) ++length;
  return length;
}

Ipv4 mask_of_prefix_length(int length) {
  if (length <= 0) return Ipv4{0};
  if (length >= 32) return Ipv4{0xFFFFFFFFu};
  return Ipv4{0xFFFFFFFFu << (32 - length)};
}

std::optional<Ipv4Prefix> Ipv4Prefix::parse(std::string_view text) {
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  auto address = Ipv4::parse(text.substr(0, slash));
  auto length = parse_decimal(text.substr(slash + 1), 32);
  if (!address || !length) return std::nullopt;
  return Ipv4Prefix{*address, static_cast<int>(*length)};
}

std::string Ipv4Prefix::to_string() const { return address.to_string() + "/" + std::to_string(length); }

}  // namespace havpnc::plan
