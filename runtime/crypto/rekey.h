#pragma once
// Rekey before the hard lifetime (RFC 2409 §5.5, RFC 4301 §4.4.2.1): when an IPsec SA pair
// reaches its soft limit — 90% of its seconds or kilobytes (esp/lifetime.h) — while it is
// still the newest pair of its peer's ACL line, one new quick mode is started for that line
// (IOS keeps one SA pair per permit line, each rekeyed on its own). The new pair takes
// outbound traffic as soon as it is installed (SaBindings: newest wins); the old
// pair keeps decrypting until its hard limit or a Delete, so packets the peer still sends on
// it during the switch are not lost (IOS behaves the same: "make before break").
//
// Either end may rekey on time; the first new pair supersedes the old one on both ends, so
// the other end's soft limit then finds the old pair no longer newest and does nothing. On
// volume only the sending end rekeys (its outbound count), so one packet crossing both ends'
// limits does not start two quick modes.
#include <cstddef>
#include <cstdint>
#include <set>
#include <vector>

#include "runtime/core/time.h"
#include "runtime/crypto/sa_bindings.h"

namespace havpnc::crypto {

class RekeyTracker {
 public:
  struct Due {
    std::size_t peer = 0;  // slot index
    std::size_t line = 0;  // ACL line
    friend bool operator==(const Due&, const Due&) = default;
  };
  // (peer, line)s, each once, whose newest pair passed its soft limit by `now` and has not
  // been rekeyed yet; each pair is reported once.
  std::vector<Due> due(TimePoint now, SaBindings& sas);
  // Earliest soft deadline among pairs that may still need a rekey; max() if none.
  TimePoint next_deadline(SaBindings& sas) const;
  std::uint64_t started() const { return started_; }

 private:
  bool newest(SaBindings& sas, const SaBinding& b) const;

  std::set<std::uint32_t> rekeyed_;  // inbound SPIs whose rekey was started
  std::uint64_t started_ = 0;
};

}  // namespace havpnc::crypto
