#pragma once
// Why an inbound ESP packet was discarded. Each reason has its own counter (per SA where the
// SPI was known, per SaTable otherwise) so `show crypto ipsec sa` can say what went wrong.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace havpnc::esp {

enum class DropReason : std::uint8_t {
  None = 0,
  TooShort,            // shorter than SPI|Seq|IV|one block|ICV, or ciphertext not block-aligned
  UnknownSpi,          // RFC 4303 §3.4.2: no SA for this SPI
  Replay,              // RFC 4303 §3.4.3: duplicate, or left of the window
  Icv,                 // RFC 4303 §3.4.4: integrity check failed
  BadPadding,          // RFC 4303 §2.4: pad length too big or pad bytes not 1,2,3,...
  BadNextHeader,       // tunnel mode carries IPv4 (4); 59 = dummy packet (§2.6), dropped quietly
  LifetimeExpired,     // hard lifetime (seconds or kilobytes) reached: the SA is dead
  CryptoFailure,       // OpenSSL refused an operation on well-formed input (never expected)
};

inline constexpr std::size_t kDropReasonCount = 9;

std::string_view to_string(DropReason r);

// A counter per reason; index by the enum.
struct DropCounters {
  std::array<std::uint64_t, kDropReasonCount> by_reason{};
  void add(DropReason r) { ++by_reason[static_cast<std::size_t>(r)]; }
  std::uint64_t operator[](DropReason r) const { return by_reason[static_cast<std::size_t>(r)]; }
  std::uint64_t total() const;
};

}  // namespace havpnc::esp
