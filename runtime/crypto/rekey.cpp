#include "runtime/crypto/rekey.h"

#include <algorithm>

namespace havpnc::crypto {

namespace {
TimePoint soft_deadline(const SaBinding& b) {
  return std::min(b.inbound->lifetime().soft_deadline(), b.outbound->lifetime().soft_deadline());
}
bool soft_reached(const SaBinding& b, TimePoint now) {
  // Time: the deadline. Volume: only the sender's count — the packet that crosses the
  // sender's soft limit crosses the receiver's too, and both starting a quick mode at once
  // would leave two new pairs.
  return now >= soft_deadline(b) || b.outbound->lifetime().soft_expired();
}
}  // namespace

bool RekeyTracker::newest(SaBindings& sas, const SaBinding& b) const {
  return sas.outbound_for(b.peer, b.line) == &b;
}

std::vector<RekeyTracker::Due> RekeyTracker::due(TimePoint now, SaBindings& sas) {
  // SPIs of pairs that are gone need no memory (an SPI may be chosen again later).
  for (auto it = rekeyed_.begin(); it != rekeyed_.end();)
    it = sas.by_inbound_spi(*it) ? std::next(it) : rekeyed_.erase(it);
  std::vector<Due> lines;
  for (const SaBinding& b : sas.all()) {
    if (rekeyed_.count(b.inbound_spi) || !newest(sas, b) || !soft_reached(b, now)) continue;
    rekeyed_.insert(b.inbound_spi);
    ++started_;
    const Due d{b.peer, b.line};
    if (std::find(lines.begin(), lines.end(), d) == lines.end()) lines.push_back(d);
  }
  return lines;
}

TimePoint RekeyTracker::next_deadline(SaBindings& sas) const {
  TimePoint t = TimePoint::max();
  for (const SaBinding& b : sas.all())
    if (!rekeyed_.count(b.inbound_spi) && newest(sas, b)) t = std::min(t, soft_deadline(b));
  return t;
}

}  // namespace havpnc::crypto
