#include "runtime/esp/drop_reason.h"

namespace havpnc::esp {

std::string_view to_string(DropReason r) {
  switch (r) {
    case DropReason::None: return "none";
    case DropReason::TooShort: return "too-short";
    case DropReason::UnknownSpi: return "unknown-spi";
    case DropReason::Replay: return "replay";
    case DropReason::Icv: return "icv";
    case DropReason::BadPadding: return "bad-padding";
    case DropReason::BadNextHeader: return "bad-next-header";
    case DropReason::LifetimeExpired: return "lifetime-expired";
    case DropReason::CryptoFailure: return "crypto-failure";
  }
  return "unknown";
}

std::uint64_t DropCounters::total() const {
  std::uint64_t sum = 0;
  // Index 0 is DropReason::None, which is not a drop.
  for (std::size_t i = 1; i < by_reason.size(); ++i) sum += by_reason[i];
  return sum;
}

}  // namespace havpnc::esp
