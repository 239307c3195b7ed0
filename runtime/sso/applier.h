#pragma once
// Standby side of SSO replication (strongSwan's ha_dispatcher role): applies records from the
// active, holding every SA installed-but-inactive until a takeover, with the newest sequence
// checkpoint of each IPsec SA.
//
// Records of one SA may arrive on the bulk and the update stream in either order (SCTP orders
// streams independently), so every stored SA remembers the Record::sequence of the change it
// reflects and an older change never overwrites a newer one. Until a bulk sync completes, a
// delete leaves a tombstone (even one that overtook BulkSyncStart itself), so the bulk record
// of an SA deleted meanwhile is not resurrected; checkpoints for SAs whose bulk record is
// still on its way are kept until it arrives. Once synced, only the ordered update stream
// carries changes and neither is needed.
// Positions (outbound next sequence, inbound highest, byte counts) only ever move forward,
// whichever record brings them.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>

#include "runtime/core/time.h"
#include "runtime/sso/records.h"
#include "runtime/sso/rf_state.h"
#include "runtime/sso/transport.h"

namespace havpnc::sso {

struct StoredIkeSa {
  IkeSaRecord sa;
  TimePoint established;  // now - age at apply time
  std::uint64_t sequence = 0;
};

struct StoredIpsecSa {
  IpsecSaRecord sa;       // positions merged with every checkpoint received
  TimePoint established;
  std::uint64_t sequence = 0;
};

enum class ApplyResult : std::uint8_t {
  Applied,
  Stale,              // older than what is stored: ignored
  UnknownSa,          // delete or checkpoint for an SA we do not hold (counted, harmless)
  BulkDone,           // BulkSyncEnd matched what arrived: the standby is HOT
  BulkMismatch,       // BulkSyncEnd counts/generation disagree: stay cold, ask again
  OutOfPlace,         // a bulk record outside a bulk, a bulk marker on the wrong stream
  PeerState,          // a PeerStatus: see peer_state()
  TableFull,          // kMaxSas reached: a new SA is refused (counted), existing ones update
};
const char* to_string(ApplyResult r);

struct ApplierCounters {
  std::uint64_t applied = 0;
  std::uint64_t stale = 0;
  std::uint64_t unknown_sa = 0;
  std::uint64_t out_of_place = 0;
  std::uint64_t bulk_done = 0;
  std::uint64_t bulk_mismatch = 0;
  std::uint64_t early_checkpoints_dropped = 0;
  std::uint64_t table_full = 0;
};

class Applier {
 public:
  // Early checkpoints and tombstones are kept up to this many each, then dropped and counted.
  static constexpr std::size_t kMaxEarlyCheckpoints = 65536;
  // Per table (IKE, IPsec). Far above any real router (the bench syncs 10,000 pairs), it
  // only stops a peer gone wrong from growing the standby without bound.
  static constexpr std::size_t kMaxSas = 1u << 20;

  explicit Applier(std::size_t max_sas = kMaxSas) : max_sas_(max_sas) {}

  ApplyResult apply(Stream stream, const Record& record, TimePoint now);
  // "Reload", or the start of a new bulk sync from scratch.
  void reset();

  const std::map<IkeSaKey, StoredIkeSa>& ike_sas() const { return ike_; }
  const std::map<IpsecSaKey, StoredIpsecSa>& ipsec_sas() const { return ipsec_; }
  bool bulk_in_progress() const { return bulk_.has_value(); }
  bool synced() const { return synced_; }
  std::optional<RfState> peer_state() const { return peer_state_; }
  const ApplierCounters& counters() const { return counters_; }

 private:
  struct Bulk {
    std::uint32_t generation = 0;
    std::uint32_t ike = 0;
    std::uint32_t ipsec = 0;
  };
  ApplyResult store_ike(const IkeSaRecord& sa, std::uint64_t sequence, TimePoint now);
  ApplyResult store_ipsec(const IpsecSaRecord& sa, std::uint64_t sequence, TimePoint now);
  ApplyResult applied() {
    ++counters_.applied;
    return ApplyResult::Applied;
  }

  std::map<IkeSaKey, StoredIkeSa> ike_;
  std::map<IpsecSaKey, StoredIpsecSa> ipsec_;
  std::map<IkeSaKey, std::uint64_t> ike_tombstones_;
  std::map<IpsecSaKey, std::uint64_t> ipsec_tombstones_;
  std::map<IpsecSaKey, SequenceCheckpoint> early_checkpoints_;
  std::optional<Bulk> bulk_;
  std::optional<RfState> peer_state_;
  std::size_t max_sas_;
  bool synced_ = false;  // a bulk sync completed since the last reset
  ApplierCounters counters_;
};

}  // namespace havpnc::sso
