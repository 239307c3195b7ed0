#include "runtime/sso/publisher.h"

#include <algorithm>
#include <chrono>

namespace havpnc::sso {

namespace {

TimePoint established_from_age(TimePoint now, std::uint64_t age_ms) {
  return now - std::chrono::milliseconds(static_cast<std::int64_t>(
                   std::min<std::uint64_t>(age_ms, std::uint64_t{1} << 40)));
}

std::uint64_t age_ms(TimePoint established, TimePoint now) {
  if (now <= established) return 0;
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(now - established).count());
}

}  // namespace

std::vector<OutgoingRecord> Publisher::update(RecordBody body) {
  if (!attached_) return {};
  ++counters_.updates;
  std::vector<OutgoingRecord> out;
  out.push_back({Stream::Update, next(std::move(body))});
  return out;
}

IkeSaRecord Publisher::snapshot(const CachedIke& c, TimePoint now) const {
  IkeSaRecord sa = c.sa;
  sa.age_ms = age_ms(c.established, now);
  return sa;
}

IpsecSaRecord Publisher::snapshot(const CachedIpsec& c, TimePoint now) const {
  IpsecSaRecord sa = c.sa;
  sa.age_ms = age_ms(c.established, now);
  return sa;
}

std::vector<OutgoingRecord> Publisher::ike_sa_up(IkeSaRecord sa, TimePoint now) {
  const IkeSaKey key = sa.key;
  const bool known = ike_.contains(key);
  CachedIke& c = ike_[key];
  c.established = established_from_age(now, sa.age_ms);
  c.sa = std::move(sa);
  IkeSaRecord snap = snapshot(c, now);
  if (known) return update(IkeSaUpdate{std::move(snap)});
  return update(IkeSaAdd{std::move(snap)});
}

std::vector<OutgoingRecord> Publisher::ike_sa_deleted(const IkeSaKey& key) {
  if (ike_.erase(key) == 0) {
    ++counters_.unknown_sa;
    return {};
  }
  return update(IkeSaDelete{key});
}

std::vector<OutgoingRecord> Publisher::ipsec_sa_added(IpsecSaRecord sa, TimePoint now) {
  const IpsecSaKey key = sa.key;
  CachedIpsec& c = ipsec_[key];
  c.established = established_from_age(now, sa.age_ms);
  c.checkpointed_outbound = sa.outbound_next_sequence;
  c.checkpointed_inbound = sa.inbound_highest_sequence;
  c.sa = std::move(sa);
  return update(IpsecSaAdd{snapshot(c, now)});
}

std::vector<OutgoingRecord> Publisher::ipsec_sa_deleted(const IpsecSaKey& key) {
  if (ipsec_.erase(key) == 0) {
    ++counters_.unknown_sa;
    return {};
  }
  return update(IpsecSaDelete{key});
}

OutgoingRecord Publisher::checkpoint(CachedIpsec& c) {
  c.checkpointed_outbound = c.sa.outbound_next_sequence;
  c.checkpointed_inbound = c.sa.inbound_highest_sequence;
  ++counters_.updates;
  ++counters_.checkpoints;
  return {Stream::Update,
          next(SequenceCheckpoint{c.sa.key, c.sa.outbound_next_sequence,
                                  c.sa.inbound_highest_sequence, c.sa.inbound_bytes,
                                  c.sa.outbound_bytes})};
}

std::optional<OutgoingRecord> Publisher::outbound_progress(const IpsecSaKey& key,
                                                           std::uint64_t next_sequence,
                                                           std::uint64_t bytes) {
  auto it = ipsec_.find(key);
  if (it == ipsec_.end()) {
    ++counters_.unknown_sa;
    return std::nullopt;
  }
  CachedIpsec& c = it->second;
  // Positions only move forward: a late report for an older packet changes nothing.
  c.sa.outbound_next_sequence = std::max(c.sa.outbound_next_sequence, next_sequence);
  c.sa.outbound_bytes = std::max(c.sa.outbound_bytes, bytes);
  if (interval_.outbound == 0 || !attached_) return std::nullopt;
  if (c.sa.outbound_next_sequence - std::min(c.sa.outbound_next_sequence, c.checkpointed_outbound) <
      interval_.outbound)
    return std::nullopt;
  return checkpoint(c);
}

std::optional<OutgoingRecord> Publisher::inbound_progress(const IpsecSaKey& key, std::uint32_t highest,
                                                          std::uint64_t bytes) {
  auto it = ipsec_.find(key);
  if (it == ipsec_.end()) {
    ++counters_.unknown_sa;
    return std::nullopt;
  }
  CachedIpsec& c = it->second;
  c.sa.inbound_highest_sequence = std::max(c.sa.inbound_highest_sequence, highest);
  c.sa.inbound_bytes = std::max(c.sa.inbound_bytes, bytes);
  if (interval_.inbound == 0 || !attached_) return std::nullopt;
  if (c.sa.inbound_highest_sequence -
          std::min(c.sa.inbound_highest_sequence, c.checkpointed_inbound) <
      interval_.inbound)
    return std::nullopt;
  return checkpoint(c);
}

std::vector<OutgoingRecord> Publisher::start_bulk_sync(TimePoint now) {
  (void)now;
  attached_ = true;
  ++generation_;
  ++counters_.bulk_syncs;
  Bulk b;
  b.ike.reserve(ike_.size());
  for (const auto& [k, v] : ike_) b.ike.push_back(k);
  b.ipsec.reserve(ipsec_.size());
  for (const auto& [k, v] : ipsec_) b.ipsec.push_back(k);
  BulkSyncStart start{generation_, static_cast<std::uint32_t>(b.ike.size()),
                      static_cast<std::uint32_t>(b.ipsec.size())};
  bulk_ = std::move(b);
  std::vector<OutgoingRecord> out;
  out.push_back({Stream::Bulk, next(start)});
  return out;
}

std::vector<OutgoingRecord> Publisher::pump_bulk(std::size_t max_records, TimePoint now) {
  std::vector<OutgoingRecord> out;
  if (!bulk_) return out;
  Bulk& b = *bulk_;
  // IKE SAs first, so a standby never holds an IPsec SA whose parent it has not seen yet.
  while (out.size() < max_records && b.next_ike < b.ike.size()) {
    auto it = ike_.find(b.ike[b.next_ike++]);
    if (it == ike_.end()) continue;  // deleted since the bulk started: its delete went out
    out.push_back({Stream::Bulk, next(IkeSaAdd{snapshot(it->second, now)})});
    ++b.sent_ike;
  }
  while (out.size() < max_records && b.next_ipsec < b.ipsec.size()) {
    auto it = ipsec_.find(b.ipsec[b.next_ipsec++]);
    if (it == ipsec_.end()) continue;
    CachedIpsec& c = it->second;
    // The bulk record carries the current positions: the next checkpoint counts from here.
    c.checkpointed_outbound = c.sa.outbound_next_sequence;
    c.checkpointed_inbound = c.sa.inbound_highest_sequence;
    out.push_back({Stream::Bulk, next(IpsecSaAdd{snapshot(c, now)})});
    ++b.sent_ipsec;
  }
  counters_.bulk_records += out.size();
  if (out.size() < max_records && b.next_ike == b.ike.size() && b.next_ipsec == b.ipsec.size()) {
    out.push_back({Stream::Bulk, next(BulkSyncEnd{generation_, b.sent_ike, b.sent_ipsec})});
    bulk_.reset();
  }
  return out;
}

void Publisher::detach() {
  attached_ = false;
  bulk_.reset();
}

void Publisher::reset() {
  detach();
  ike_.clear();
  ipsec_.clear();
}

}  // namespace havpnc::sso
