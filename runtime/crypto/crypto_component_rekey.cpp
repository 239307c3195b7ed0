// The crypto component's rekey hook (rekey.h): a soft limit reached starts a quick mode for
// that pair's ACL line on the peer's ISAKMP SA, or main mode + quick mode when that SA is
// gone; the peer's other lines keep their pairs.
#include "runtime/crypto/crypto_component.h"

namespace havpnc::crypto {

TimePoint CryptoComponent::rekey_deadline() {
  return options_.rekey_before_expiry ? rekey_.next_deadline(sas_) : TimePoint::max();
}

void CryptoComponent::start_rekeys(TimePoint now, engine::Actions& out) {
  if (!options_.rekey_before_expiry) return;
  for (const auto& [peer, line] : rekey_.due(now, sas_)) {
    if (peer >= slots_.size() || line >= slots_[peer]->setup.selectors.size()) continue;
    ensure_sa(peer, line, now, out);
    rearm(peer, out);
  }
}

}  // namespace havpnc::crypto
