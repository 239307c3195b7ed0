#include "compiler/plan/ios_key.h"

#include <algorithm>
#include <span>
#include <string_view>
#include <vector>

namespace havpnc::compiler {

namespace {

// The well-known type 7 pad (it is public: type 7 hides a key from a glance, nothing more).
constexpr std::string_view kType7Pad = "dsfd;kfoA,.iyewrkldJKDHSUBsgvca69834ncxv9873254k;fg87";

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool printable(std::uint8_t c) { return c >= 0x20 && c <= 0x7E; }

std::optional<Secret> decode_type7(std::span<const std::uint8_t> text, std::string* why) {
  if (text.size() < 4 || text.size() % 2 != 0) {
    *why = "a type 7 key is two decimal digits then pairs of hex digits";
    return std::nullopt;
  }
  const int d0 = text[0] - '0';
  const int d1 = text[1] - '0';
  if (d0 < 0 || d0 > 9 || d1 < 0 || d1 > 9 || d0 * 10 + d1 >= static_cast<int>(kType7Pad.size())) {
    *why = "a type 7 key starts with an offset 00-52";
    return std::nullopt;
  }
  std::size_t offset = static_cast<std::size_t>(d0 * 10 + d1);
  std::vector<std::uint8_t> clear;
  for (std::size_t i = 2; i < text.size(); i += 2) {
    const int hi = hex_value(static_cast<char>(text[i]));
    const int lo = hex_value(static_cast<char>(text[i + 1]));
    if (hi < 0 || lo < 0) {
      *why = "a type 7 key has a character that is not a hex digit";
      return std::nullopt;
    }
    const auto byte = static_cast<std::uint8_t>((hi << 4 | lo) ^ static_cast<std::uint8_t>(kType7Pad[offset]));
    offset = (offset + 1) % kType7Pad.size();
    if (!printable(byte)) {
      *why = "the type 7 key does not decode to printable text";
      return std::nullopt;
    }
    clear.push_back(byte);
  }
  Secret out{std::span<const std::uint8_t>(clear)};
  std::fill(clear.begin(), clear.end(), std::uint8_t{0});
  return out;
}

}  // namespace

std::optional<Secret> decode_key(const model::KeyText& key, std::string* why) {
  const auto bytes = key.text.bytes();
  std::optional<Secret> out;
  switch (key.encryption_type) {
    case 0:
      out = key.text;
      break;
    case 7:
      out = decode_type7(bytes, why);
      break;
    case 6:
      *why = "a type 6 key is encrypted with the router's master key, which no config contains; "
             "give havpnc the key in clear (type 0) or as type 7";
      return std::nullopt;
    default:
      *why = "key encryption type " + std::to_string(key.encryption_type) + " is not one havpnc can read (0, 7)";
      return std::nullopt;
  }
  if (!out) return std::nullopt;
  if (out->empty()) {
    *why = "the key is empty";
    return std::nullopt;
  }
  if (out->size() > 128) {
    *why = "the key is longer than 128 characters";
    return std::nullopt;
  }
  for (auto c : out->bytes()) {
    if (!printable(c)) {
      *why = "the key has a character that is not printable ASCII";
      return std::nullopt;
    }
  }
  return out;
}

}  // namespace havpnc::compiler
