#include "runtime/sso/applier.h"

#include <algorithm>
#include <chrono>
#include <type_traits>

namespace havpnc::sso {

namespace {

TimePoint established_from_age(TimePoint now, std::uint64_t age_ms) {
  // Clamp: a hostile age must not overflow the clock arithmetic (2^40 ms is ~35 years).
  return now - std::chrono::milliseconds(static_cast<std::int64_t>(
                   std::min<std::uint64_t>(age_ms, std::uint64_t{1} << 40)));
}

void merge_positions(IpsecSaRecord& into, std::uint64_t outbound_next, std::uint32_t inbound_highest,
                     std::uint64_t inbound_bytes, std::uint64_t outbound_bytes) {
  into.outbound_next_sequence = std::max(into.outbound_next_sequence, outbound_next);
  into.inbound_highest_sequence = std::max(into.inbound_highest_sequence, inbound_highest);
  into.inbound_bytes = std::max(into.inbound_bytes, inbound_bytes);
  into.outbound_bytes = std::max(into.outbound_bytes, outbound_bytes);
}

}  // namespace

const char* to_string(ApplyResult r) {
  switch (r) {
    case ApplyResult::Applied: return "applied";
    case ApplyResult::Stale: return "stale";
    case ApplyResult::UnknownSa: return "unknown-sa";
    case ApplyResult::BulkDone: return "bulk-done";
    case ApplyResult::BulkMismatch: return "bulk-mismatch";
    case ApplyResult::OutOfPlace: return "out-of-place";
    case ApplyResult::PeerState: return "peer-state";
    case ApplyResult::TableFull: return "table-full";
  }
  return "unknown";
}

ApplyResult Applier::store_ike(const IkeSaRecord& sa, std::uint64_t sequence, TimePoint now) {
  if (auto t = ike_tombstones_.find(sa.key); t != ike_tombstones_.end() && t->second > sequence) {
    ++counters_.stale;
    return ApplyResult::Stale;
  }
  auto it = ike_.find(sa.key);
  if (it != ike_.end() && it->second.sequence > sequence) {
    ++counters_.stale;
    return ApplyResult::Stale;
  }
  if (it == ike_.end() && ike_.size() >= max_sas_) {
    ++counters_.table_full;
    return ApplyResult::TableFull;
  }
  StoredIkeSa& s = ike_[sa.key];
  s.sa = sa;
  s.established = established_from_age(now, sa.age_ms);
  s.sequence = sequence;
  return applied();
}

ApplyResult Applier::store_ipsec(const IpsecSaRecord& sa, std::uint64_t sequence, TimePoint now) {
  if (auto t = ipsec_tombstones_.find(sa.key); t != ipsec_tombstones_.end() && t->second > sequence) {
    ++counters_.stale;
    return ApplyResult::Stale;
  }
  auto it = ipsec_.find(sa.key);
  if (it != ipsec_.end() && it->second.sequence > sequence) {
    // Older record, but its positions may still be news (they only move forward).
    merge_positions(it->second.sa, sa.outbound_next_sequence, sa.inbound_highest_sequence,
                    sa.inbound_bytes, sa.outbound_bytes);
    ++counters_.stale;
    return ApplyResult::Stale;
  }
  if (it == ipsec_.end() && ipsec_.size() >= max_sas_) {
    ++counters_.table_full;
    return ApplyResult::TableFull;
  }
  IpsecSaRecord merged = sa;
  if (it != ipsec_.end())
    merge_positions(merged, it->second.sa.outbound_next_sequence,
                    it->second.sa.inbound_highest_sequence, it->second.sa.inbound_bytes,
                    it->second.sa.outbound_bytes);
  if (auto e = early_checkpoints_.find(sa.key); e != early_checkpoints_.end()) {
    merge_positions(merged, e->second.outbound_next_sequence, e->second.inbound_highest_sequence,
                    e->second.inbound_bytes, e->second.outbound_bytes);
    early_checkpoints_.erase(e);
  }
  StoredIpsecSa& s = ipsec_[sa.key];
  s.sa = std::move(merged);
  s.established = established_from_age(now, sa.age_ms);
  s.sequence = sequence;
  return applied();
}

ApplyResult Applier::apply(Stream stream, const Record& record, TimePoint now) {
  const std::uint64_t seq = record.sequence;
  return std::visit(
      [&](const auto& body) -> ApplyResult {
        using T = std::decay_t<decltype(body)>;
        if constexpr (std::is_same_v<T, BulkSyncStart>) {
          if (stream != Stream::Bulk) {
            ++counters_.out_of_place;
            return ApplyResult::OutOfPlace;
          }
          bulk_ = Bulk{body.generation, 0, 0};
          return applied();
        } else if constexpr (std::is_same_v<T, BulkSyncEnd>) {
          if (stream != Stream::Bulk || !bulk_) {
            ++counters_.out_of_place;
            return ApplyResult::OutOfPlace;
          }
          const bool complete = bulk_->generation == body.generation && bulk_->ike == body.ike_sa_count &&
                                bulk_->ipsec == body.ipsec_sa_count;
          bulk_.reset();
          ike_tombstones_.clear();
          ipsec_tombstones_.clear();
          if (!complete) {
            ++counters_.bulk_mismatch;
            return ApplyResult::BulkMismatch;
          }
          ++counters_.bulk_done;
          synced_ = true;
          early_checkpoints_.clear();  // for SAs the bulk did not carry: deleted meanwhile
          return ApplyResult::BulkDone;
        } else if constexpr (std::is_same_v<T, PeerStatus>) {
          peer_state_ = rf_state_from_number(body.rf_state);
          return ApplyResult::PeerState;
        } else {
          if (stream == Stream::Bulk) {
            // Only SA adds belong to a bulk sync.
            if (!bulk_ || !(std::is_same_v<T, IkeSaAdd> || std::is_same_v<T, IpsecSaAdd>)) {
              ++counters_.out_of_place;
              return ApplyResult::OutOfPlace;
            }
            if constexpr (std::is_same_v<T, IkeSaAdd>) ++bulk_->ike;
            if constexpr (std::is_same_v<T, IpsecSaAdd>) ++bulk_->ipsec;
          } else if (stream != Stream::Update) {
            ++counters_.out_of_place;
            return ApplyResult::OutOfPlace;
          }
          if constexpr (std::is_same_v<T, IkeSaAdd> || std::is_same_v<T, IkeSaUpdate>) {
            return store_ike(body.sa, seq, now);
          } else if constexpr (std::is_same_v<T, IpsecSaAdd>) {
            return store_ipsec(body.sa, seq, now);
          } else if constexpr (std::is_same_v<T, IkeSaDelete>) {
            if (!synced_ && ike_tombstones_.size() < kMaxEarlyCheckpoints) ike_tombstones_[body.key] = seq;
            auto it = ike_.find(body.key);
            if (it == ike_.end() || it->second.sequence > seq) {
              ++counters_.unknown_sa;
              return ApplyResult::UnknownSa;
            }
            ike_.erase(it);
            return applied();
          } else if constexpr (std::is_same_v<T, IpsecSaDelete>) {
            if (!synced_ && ipsec_tombstones_.size() < kMaxEarlyCheckpoints) ipsec_tombstones_[body.key] = seq;
            early_checkpoints_.erase(body.key);
            auto it = ipsec_.find(body.key);
            if (it == ipsec_.end() || it->second.sequence > seq) {
              ++counters_.unknown_sa;
              return ApplyResult::UnknownSa;
            }
            ipsec_.erase(it);
            return applied();
          } else {
            static_assert(std::is_same_v<T, SequenceCheckpoint>);
            auto it = ipsec_.find(body.key);
            if (it != ipsec_.end()) {
              merge_positions(it->second.sa, body.outbound_next_sequence,
                              body.inbound_highest_sequence, body.inbound_bytes, body.outbound_bytes);
              return applied();
            }
            // The bulk record of this SA is still on its way on the other stream.
            if (synced_ || ipsec_tombstones_.contains(body.key)) {
              ++counters_.unknown_sa;
              return ApplyResult::UnknownSa;
            }
            auto e = early_checkpoints_.find(body.key);
            if (e == early_checkpoints_.end()) {
              if (early_checkpoints_.size() >= kMaxEarlyCheckpoints) {
                ++counters_.early_checkpoints_dropped;
                return ApplyResult::UnknownSa;
              }
              early_checkpoints_.emplace(body.key, body);
            } else {
              IpsecSaRecord tmp;
              tmp.outbound_next_sequence = e->second.outbound_next_sequence;
              tmp.inbound_highest_sequence = e->second.inbound_highest_sequence;
              tmp.inbound_bytes = e->second.inbound_bytes;
              tmp.outbound_bytes = e->second.outbound_bytes;
              merge_positions(tmp, body.outbound_next_sequence, body.inbound_highest_sequence,
                              body.inbound_bytes, body.outbound_bytes);
              e->second = {body.key, tmp.outbound_next_sequence, tmp.inbound_highest_sequence,
                           tmp.inbound_bytes, tmp.outbound_bytes};
            }
            return applied();
          }
        }
      },
      record.body);
}

void Applier::reset() {
  ike_.clear();
  ipsec_.clear();
  ike_tombstones_.clear();
  ipsec_tombstones_.clear();
  early_checkpoints_.clear();
  bulk_.reset();
  synced_ = false;
}

}  // namespace havpnc::sso
