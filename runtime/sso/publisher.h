#pragma once
// Active side of SSO replication (the strongSwan ha_ike/ha_child + ha_cache roles, STYLE.md):
// keeps a cache of every IKE and IPsec SA this router owns, turns each change into a record on
// the update stream, checkpoints ESP sequence numbers every `replay-interval` packets, and
// replays the whole cache as a bulk sync whenever a standby joins — after every failover,
// not just the first (the seed's IOS stopped mirroring after the first one).
//
// Ordering: every record gets the next number of one counter (Record::sequence). Bulk records
// are built from the cache when they are pumped, not when the bulk starts, so a bulk record
// of an SA is never older than an update already sent for it; the applier keeps the highest
// numbered change per SA, so the two streams may overtake each other freely.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "runtime/core/time.h"
#include "runtime/sso/records.h"
#include "runtime/sso/transport.h"

namespace havpnc::sso {

// `crypto map MAP redundancy replay-interval inbound N outbound M`. 0 = never checkpoint
// (the standby then resumes from the position of the bulk sync or last SA record). Defaults
// are the HPE/H3C clone's (PROTOCOLS.md §4.3): inbound 1000, outbound 100000.
struct ReplayInterval {
  std::uint32_t inbound = 1000;
  std::uint32_t outbound = 100000;
};

struct OutgoingRecord {
  Stream stream = Stream::Update;
  Record record;
};

struct PublisherCounters {
  std::uint64_t updates = 0;      // records sent on the update stream (SA changes)
  std::uint64_t checkpoints = 0;  // of which sequence checkpoints
  std::uint64_t bulk_records = 0;
  std::uint64_t bulk_syncs = 0;
  std::uint64_t unknown_sa = 0;   // progress/delete for an SA not in the cache
};

class Publisher {
 public:
  explicit Publisher(ReplayInterval interval) : interval_(interval) {}

  // --- SA changes from the IKE/ESP component. Returned records go out on the update stream
  // while a standby is attached (a bulk sync has started); otherwise only the cache changes.
  std::vector<OutgoingRecord> ike_sa_up(IkeSaRecord sa, TimePoint now);   // add or update
  std::vector<OutgoingRecord> ike_sa_deleted(const IkeSaKey& key);
  std::vector<OutgoingRecord> ipsec_sa_added(IpsecSaRecord sa, TimePoint now);
  std::vector<OutgoingRecord> ipsec_sa_deleted(const IpsecSaKey& key);

  // --- Data path positions (per packet, or per batch of packets). A checkpoint goes out when
  // the position moved `replay-interval` packets past the last one sent.
  std::optional<OutgoingRecord> outbound_progress(const IpsecSaKey& key, std::uint64_t next_sequence,
                                                  std::uint64_t bytes);
  std::optional<OutgoingRecord> inbound_progress(const IpsecSaKey& key, std::uint32_t highest,
                                                 std::uint64_t bytes);

  // --- Standby attachment.
  // The standby reported STANDBY COLD-BULK: returns BulkSyncStart; then call pump_bulk until
  // bulk_in_progress() is false. Restarting a bulk abandons the previous one.
  std::vector<OutgoingRecord> start_bulk_sync(TimePoint now);
  // Up to `max_records` more bulk records (the last one is BulkSyncEnd), so the engine can
  // feed the bulk stream as fast as the transport drains it.
  std::vector<OutgoingRecord> pump_bulk(std::size_t max_records, TimePoint now);
  bool bulk_in_progress() const { return bulk_.has_value(); }
  // Association down: stop sending; the cache stays (it is this router's own state).
  void detach();
  bool attached() const { return attached_; }
  // "Reload": this router stopped being active; forget everything.
  void reset();

  std::size_t ike_sa_count() const { return ike_.size(); }
  std::size_t ipsec_sa_count() const { return ipsec_.size(); }
  const PublisherCounters& counters() const { return counters_; }
  std::uint32_t generation() const { return generation_; }

 private:
  struct CachedIke {
    IkeSaRecord sa;
    TimePoint established;
  };
  struct CachedIpsec {
    IpsecSaRecord sa;
    TimePoint established;
    std::uint64_t checkpointed_outbound = 0;
    std::uint32_t checkpointed_inbound = 0;
  };
  struct Bulk {
    std::vector<IkeSaKey> ike;
    std::vector<IpsecSaKey> ipsec;
    std::size_t next_ike = 0;
    std::size_t next_ipsec = 0;
    std::uint32_t sent_ike = 0;
    std::uint32_t sent_ipsec = 0;
  };

  Record next(RecordBody body) { return Record{++sequence_, std::move(body)}; }
  std::vector<OutgoingRecord> update(RecordBody body);
  IkeSaRecord snapshot(const CachedIke& c, TimePoint now) const;
  IpsecSaRecord snapshot(const CachedIpsec& c, TimePoint now) const;
  OutgoingRecord checkpoint(CachedIpsec& c);

  ReplayInterval interval_;
  std::map<IkeSaKey, CachedIke> ike_;
  std::map<IpsecSaKey, CachedIpsec> ipsec_;
  std::optional<Bulk> bulk_;
  bool attached_ = false;
  std::uint64_t sequence_ = 0;
  std::uint32_t generation_ = 0;
  PublisherCounters counters_;
};

}  // namespace havpnc::sso
