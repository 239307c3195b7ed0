#pragma once
// Inbound SAs by SPI (RFC 4303 §3.4.2: the receiver finds the SA from the SPI alone, as the
// SPIs havpnc allocates are unique per router). Drops that happen before an SA is known —
// too short to carry an SPI, or an SPI nobody owns — are counted here; the rest per SA.
#include <cstdint>
#include <memory>
#include <span>
#include <unordered_map>

#include "runtime/esp/sa.h"

namespace havpnc::esp {

class SaTable {
 public:
  // False when the SA is not inbound or its SPI is taken (the SA is then not added).
  bool add(std::unique_ptr<EspSa> sa);
  bool remove(std::uint32_t spi);
  EspSa* find(std::uint32_t spi);
  const EspSa* find(std::uint32_t spi) const;
  std::size_t size() const { return sas_.size(); }

  // RFC 4303 §3.4: SPI lookup, then everything EspSa::decapsulate does.
  // `out` must hold at least esp.size() bytes.
  DecapResult decapsulate(std::span<const std::uint8_t> esp, TimePoint now, std::span<std::uint8_t> out);

  // Drops counted before an SA was found (TooShort, UnknownSpi).
  const DropCounters& drops() const { return drops_; }

 private:
  std::unordered_map<std::uint32_t, std::unique_ptr<EspSa>> sas_;
  DropCounters drops_;
};

}  // namespace havpnc::esp
