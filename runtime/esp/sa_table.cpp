#include "runtime/esp/sa_table.h"

namespace havpnc::esp {

bool SaTable::add(std::unique_ptr<EspSa> sa) {
  if (sa == nullptr || sa->direction() != Direction::Inbound) return false;
  const std::uint32_t spi = sa->spi();
  return sas_.try_emplace(spi, std::move(sa)).second;
}

bool SaTable::remove(std::uint32_t spi) { return sas_.erase(spi) == 1; }

EspSa* SaTable::find(std::uint32_t spi) {
  auto it = sas_.find(spi);
  return it == sas_.end() ? nullptr : it->second.get();
}

const EspSa* SaTable::find(std::uint32_t spi) const {
  auto it = sas_.find(spi);
  return it == sas_.end() ? nullptr : it->second.get();
}

DecapResult SaTable::decapsulate(std::span<const std::uint8_t> esp, TimePoint now, std::span<std::uint8_t> out) {
  DecapResult r;
  if (esp.size() < kEspHeaderLen) {
    drops_.add(DropReason::TooShort);
    r.drop = DropReason::TooShort;
    return r;
  }
  const std::uint32_t spi = (std::uint32_t{esp[0]} << 24) | (std::uint32_t{esp[1]} << 16) |
                            (std::uint32_t{esp[2]} << 8) | esp[3];
  EspSa* sa = find(spi);
  if (sa == nullptr) {
    drops_.add(DropReason::UnknownSpi);
    r.drop = DropReason::UnknownSpi;
    r.spi = spi;
    return r;
  }
  return sa->decapsulate(esp, now, out);
}

}  // namespace havpnc::esp
