#include "compiler/model/ipv4.h"

namespace havpnc::model {

std::optional<Ipv4> Ipv4::parse(std::string_view text) {
  std::uint32_t bits = 0;
  int octets = 0;
  std::size_t i = 0;
  while (octets < 4) {
    if (i >= text.size() || text[i] < '0' || text[i] > '9') return std::nullopt;
    std::uint32_t value = 0;
    std::size_t digits = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      value = value * 10 + static_cast<std::uint32_t>(text[i] - '0');
      if (++digits > 3 || value > 255) return std::nullopt;
      ++i;
    }
    bits = (bits << 8) | value;
    ++octets;
    if (octets < 4) {
      if (i >= text.size() || text[i] != '.') return std::nullopt;
      ++i;
    }
  }
  if (i != text.size()) return std::nullopt;
  return Ipv4{bits};
}

std::string Ipv4::to_string() const {
  return std::to_string(bits >> 24) + "." + std::to_string((bits >> 16) & 0xFF) + "." +
         std::to_string((bits >> 8) & 0xFF) + "." + std::to_string(bits & 0xFF);
}

Ipv4 mask_of_prefix_length(int length) {
  if (length <= 0) return Ipv4{0};
  if (length >= 32) return Ipv4{0xFFFFFFFFu};
  return Ipv4{~((1u << (32 - length)) - 1)};
}

std::optional<int> prefix_length_of_mask(Ipv4 mask) {
  const std::uint32_t inverted = ~mask.bits;
  // Contiguous ones then zeros: the inverted mask is 2^k - 1.
  if ((inverted & (inverted + 1)) != 0) return std::nullopt;
  int length = 0;
  for (std::uint32_t m = mask.bits; m != 0; m <<= 1) ++length;
  return length;
}

std::optional<int> prefix_length_of_wildcard(Ipv4 wildcard) {
  return prefix_length_of_mask(Ipv4{~wildcard.bits});
}

}  // namespace havpnc::model
