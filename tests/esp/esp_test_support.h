#pragma once
// Shared helpers for the ESP tests: hex, a fixed IV source, a fake clock, and SA factories.
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/esp/sa.h"
#include "runtime/esp/sa_table.h"

namespace havpnc::esp::test {

inline std::vector<std::uint8_t> hex(std::string_view h) {
  std::vector<std::uint8_t> out;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    throw std::invalid_argument("bad hex");
  };
  std::string clean;
  for (char c : h)
    if (c != ' ' && c != '\n') clean.push_back(c);
  if (clean.size() % 2 != 0) throw std::invalid_argument("odd hex");
  for (std::size_t i = 0; i < clean.size(); i += 2)
    out.push_back(static_cast<std::uint8_t>(nibble(clean[i]) * 16 + nibble(clean[i + 1])));
  return out;
}

inline std::vector<std::uint8_t> iota_bytes(std::uint8_t first, std::size_t n) {
  std::vector<std::uint8_t> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<std::uint8_t>(first + i);
  return v;
}

// Hands out the queued IVs in order, then a counter pattern; deterministic packets.
class FixedIvSource final : public IvSource {
 public:
  std::vector<std::vector<std::uint8_t>> queue;
  std::uint8_t counter = 0;
  bool fail = false;
  bool fill(std::span<std::uint8_t> iv) override {
    if (fail) return false;
    if (!queue.empty()) {
      const auto next = queue.front();
      queue.erase(queue.begin());
      if (next.size() != iv.size()) return false;
      std::copy(next.begin(), next.end(), iv.begin());
      return true;
    }
    for (auto& b : iv) b = counter++;
    return true;
  }
};

inline TimePoint t0() { return TimePoint{} + std::chrono::hours(1); }
inline TimePoint at_us(std::int64_t us) { return t0() + std::chrono::microseconds(us); }

// The keys used by gen_vectors.py.
inline std::vector<std::uint8_t> cipher_key_for(Transform t) {
  const TransformInfo& ti = info(t);
  auto k = ti.cipher_key_len == 16 ? iota_bytes(0x10, 16)
           : ti.cipher_key_len == 24 ? iota_bytes(0x10, 24)
                                     : iota_bytes(0x20, 32);
  if (ti.salt_len != 0) {
    for (std::uint8_t b : hex("cafebabe")) k.push_back(b);
  }
  return k;
}

inline std::vector<std::uint8_t> integrity_key_for(Transform t) {
  switch (info(t).integrity) {
    case Integrity::HmacSha1_96: return iota_bytes(0x40, 20);
    case Integrity::HmacSha256_128: return iota_bytes(0x60, 32);
    case Integrity::Gcm16: return {};
  }
  return {};
}

inline constexpr std::uint32_t kSpi = 0x4321;

inline SaParams params(Transform t, Direction d, std::uint32_t window = 64) {
  SaParams p;
  p.spi = kSpi;
  p.direction = d;
  p.transform = t;
  p.cipher_key = Secret(std::span<const std::uint8_t>(cipher_key_for(t)));
  p.integrity_key = Secret(std::span<const std::uint8_t>(integrity_key_for(t)));
  p.tunnel_source = Ipv4Address{0x06061902};       // 6.6.25.2
  p.tunnel_destination = Ipv4Address{0x06069C64};  // 6.6.156.100
  p.replay_window = window;
  return p;
}

inline std::unique_ptr<EspSa> make_sa(Transform t, Direction d, std::uint32_t window = 64) {
  std::string error;
  auto sa = EspSa::create(params(t, d, window), t0(), &error);
  if (sa == nullptr) throw std::runtime_error("EspSa::create: " + error);
  return sa;
}

// The inner packet of gen_vectors.py: a 60-byte ICMP echo 6.6.2.2 -> 6.6.146.4.
inline std::vector<std::uint8_t> sample_inner() {
  return hex("4500003c1c4640004001b1e5060602020606920408004d0a00010001"
             "6162636465666768696a6b6c6d6e6f7071727374757677616263646566676869");
}

}  // namespace havpnc::esp::test
