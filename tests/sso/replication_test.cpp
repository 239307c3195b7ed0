// Publisher (active), applier (standby) and the takeover planner, without a channel between
// them: records are handed over directly, in whatever order a test wants.
#include <gtest/gtest.h>

#include "runtime/sso/applier.h"
#include "runtime/sso/publisher.h"
#include "runtime/sso/takeover.h"
#include "tests/sso/sample_records.h"

namespace havpnc::sso {
namespace {

using test::ike_key;
using test::sample_ike_sa;
using test::sample_ipsec_sa;

TimePoint at(std::int64_t ms) { return TimePoint(std::chrono::milliseconds(ms)); }

std::vector<OutgoingRecord> drain_bulk(Publisher& p, TimePoint now, std::size_t chunk = 3) {
  std::vector<OutgoingRecord> all = p.start_bulk_sync(now);
  while (p.bulk_in_progress()) {
    auto more = p.pump_bulk(chunk, now);
    all.insert(all.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
  }
  return all;
}

ApplyResult apply_all(Applier& a, const std::vector<OutgoingRecord>& rs, TimePoint now) {
  ApplyResult last = ApplyResult::Applied;
  for (const auto& r : rs) last = a.apply(r.stream, r.record, now);
  return last;
}

TEST(Publisher, ChangesBeforeAStandbyJoinsOnlyFillTheCache) {
  Publisher p({1000, 1000});
  EXPECT_TRUE(p.ike_sa_up(sample_ike_sa(1), at(0)).empty());
  EXPECT_TRUE(p.ipsec_sa_added(sample_ipsec_sa(1), at(0)).empty());
  EXPECT_FALSE(p.outbound_progress(sample_ipsec_sa(1).key, 5000, 0));
  EXPECT_EQ(p.ike_sa_count(), 1u);
  EXPECT_EQ(p.ipsec_sa_count(), 1u);
}

TEST(Publisher, BulkSyncCarriesEverySaThenUpdatesFlowOnTheUpdateStream) {
  Publisher p({1000, 1000});
  for (std::uint32_t i = 1; i <= 4; ++i) {
    p.ike_sa_up(sample_ike_sa(i), at(0));
    p.ipsec_sa_added(sample_ipsec_sa(i), at(0));
  }
  auto bulk = drain_bulk(p, at(1000));
  ASSERT_EQ(bulk.size(), 1u + 4 + 4 + 1);
  for (const auto& r : bulk) EXPECT_EQ(r.stream, Stream::Bulk);
  EXPECT_EQ(std::get<BulkSyncStart>(bulk.front().record.body), (BulkSyncStart{1, 4, 4}));
  EXPECT_EQ(std::get<BulkSyncEnd>(bulk.back().record.body), (BulkSyncEnd{1, 4, 4}));
  // IKE SAs come before IPsec SAs; sequence numbers strictly increase.
  EXPECT_TRUE(std::holds_alternative<IkeSaAdd>(bulk[4].record.body));
  EXPECT_TRUE(std::holds_alternative<IpsecSaAdd>(bulk[5].record.body));
  for (std::size_t i = 1; i < bulk.size(); ++i)
    EXPECT_GT(bulk[i].record.sequence, bulk[i - 1].record.sequence);
  // Age grows with the publisher's clock: established 3770001 ms before t=0.
  EXPECT_EQ(std::get<IkeSaAdd>(bulk[1].record.body).sa.age_ms, 3770001u + 1000u);

  auto upd = p.ipsec_sa_deleted(sample_ipsec_sa(2).key);
  ASSERT_EQ(upd.size(), 1u);
  EXPECT_EQ(upd[0].stream, Stream::Update);
  EXPECT_GT(upd[0].record.sequence, bulk.back().record.sequence);
  auto ike_again = p.ike_sa_up(sample_ike_sa(1), at(2000));
  ASSERT_EQ(ike_again.size(), 1u);
  EXPECT_TRUE(std::holds_alternative<IkeSaUpdate>(ike_again[0].record.body));
  EXPECT_TRUE(p.ike_sa_deleted(ike_key(99)).empty());
  EXPECT_EQ(p.counters().unknown_sa, 1u);
}

TEST(Publisher, CheckpointsEveryReplayIntervalPackets) {
  Publisher p({10, 100});
  IpsecSaRecord sa = sample_ipsec_sa(1);
  sa.outbound_next_sequence = 1;
  sa.inbound_highest_sequence = 0;
  p.ipsec_sa_added(sa, at(0));
  drain_bulk(p, at(0));
  int out_cps = 0;
  for (std::uint64_t next = 2; next <= 1001; ++next)
    if (auto r = p.outbound_progress(sa.key, next, next * 100)) {
      ++out_cps;
      const auto& cp = std::get<SequenceCheckpoint>(r->record.body);
      EXPECT_EQ(cp.outbound_next_sequence % 100, 1u);
      EXPECT_EQ(r->stream, Stream::Update);
    }
  EXPECT_EQ(out_cps, 10);  // at 101, 201, ..., 1001
  int in_cps = 0;
  for (std::uint32_t h = 1; h <= 100; ++h)
    if (p.inbound_progress(sa.key, h, h)) ++in_cps;
  EXPECT_EQ(in_cps, 10);
  // Old positions never move a checkpoint backwards or trigger one.
  EXPECT_FALSE(p.outbound_progress(sa.key, 5, 0));
  EXPECT_FALSE(p.outbound_progress(IpsecSaKey{1, 2}, 5000, 0));
}

TEST(Publisher, IntervalZeroNeverCheckpoints) {
  Publisher p({0, 0});
  p.ipsec_sa_added(sample_ipsec_sa(1), at(0));
  drain_bulk(p, at(0));
  for (std::uint32_t n = 1; n < 100000; n += 997) {
    EXPECT_FALSE(p.outbound_progress(sample_ipsec_sa(1).key, n, 0));
    EXPECT_FALSE(p.inbound_progress(sample_ipsec_sa(1).key, n, 0));
  }
}

TEST(Publisher, ASaDeletedDuringTheBulkIsSkippedAndCounted) {
  Publisher p({1000, 1000});
  for (std::uint32_t i = 1; i <= 3; ++i) p.ipsec_sa_added(sample_ipsec_sa(i), at(0));
  auto start = p.start_bulk_sync(at(0));
  auto first = p.pump_bulk(1, at(0));
  p.ipsec_sa_deleted(sample_ipsec_sa(2).key);
  auto rest = p.pump_bulk(10, at(0));
  ASSERT_EQ(rest.size(), 2u);
  EXPECT_EQ(std::get<BulkSyncEnd>(rest.back().record.body), (BulkSyncEnd{1, 0, 2}));
  EXPECT_FALSE(p.bulk_in_progress());
}

TEST(Applier, BulkSyncBuildsTheStandbyAndEndsHot) {
  Publisher p({1000, 1000});
  for (std::uint32_t i = 1; i <= 5; ++i) {
    p.ike_sa_up(sample_ike_sa(i), at(0));
    p.ipsec_sa_added(sample_ipsec_sa(i), at(0));
  }
  Applier a;
  EXPECT_EQ(apply_all(a, drain_bulk(p, at(0)), at(50)), ApplyResult::BulkDone);
  EXPECT_EQ(a.ike_sas().size(), 5u);
  EXPECT_EQ(a.ipsec_sas().size(), 5u);
  EXPECT_TRUE(a.ipsec_sas().at(sample_ipsec_sa(3).key).sa == sample_ipsec_sa(3));
  EXPECT_EQ(a.ike_sas().at(ike_key(2)).established, at(50) - std::chrono::milliseconds(3770002));
}

// The update stream overtakes the bulk stream: a delete and a newer update arrive before the
// bulk records they supersede.
TEST(Applier, UpdatesOvertakingTheBulkWin) {
  Publisher p({1000, 1000});
  for (std::uint32_t i = 1; i <= 3; ++i) {
    p.ike_sa_up(sample_ike_sa(i), at(0));
    p.ipsec_sa_added(sample_ipsec_sa(i), at(0));
  }
  auto bulk = drain_bulk(p, at(0), 100);
  IkeSaRecord newer = sample_ike_sa(1);
  newer.dpd_next_sequence = 0xABCD;
  auto upd = p.ike_sa_up(newer, at(10));
  auto del = p.ipsec_sa_deleted(sample_ipsec_sa(2).key);
  auto cp_sa = sample_ipsec_sa(3).key;
  p.outbound_progress(cp_sa, 5000, 0);
  auto cp = p.outbound_progress(cp_sa, 5000, 0);  // already at 5000: no new checkpoint
  EXPECT_FALSE(cp);
  Applier a;
  a.apply(bulk[0].stream, bulk[0].record, at(0));  // BulkSyncStart
  a.apply(upd[0].stream, upd[0].record, at(0));
  EXPECT_EQ(a.apply(del[0].stream, del[0].record, at(0)), ApplyResult::UnknownSa);
  ApplyResult last = ApplyResult::Applied;
  for (std::size_t i = 1; i < bulk.size(); ++i) last = a.apply(bulk[i].stream, bulk[i].record, at(0));
  EXPECT_EQ(last, ApplyResult::BulkDone);
  EXPECT_EQ(a.ike_sas().at(ike_key(1)).sa.dpd_next_sequence, 0xABCDu);
  EXPECT_FALSE(a.ipsec_sas().contains(sample_ipsec_sa(2).key));
  EXPECT_EQ(a.ipsec_sas().size(), 2u);
  EXPECT_EQ(a.counters().stale, 2u);
}

TEST(Applier, CheckpointsOnlyMoveForwardAndMayPrecedeTheirSa) {
  Applier a;
  a.apply(Stream::Bulk, {1, BulkSyncStart{1, 0, 1}}, at(0));
  IpsecSaKey k = sample_ipsec_sa(1).key;
  EXPECT_EQ(a.apply(Stream::Update, {5, SequenceCheckpoint{k, 9001, 8000, 10, 20}}, at(0)),
            ApplyResult::Applied);
  EXPECT_EQ(a.apply(Stream::Update, {6, SequenceCheckpoint{k, 7001, 9000, 5, 5}}, at(0)),
            ApplyResult::Applied);
  a.apply(Stream::Bulk, {2, IpsecSaAdd{sample_ipsec_sa(1)}}, at(0));
  EXPECT_EQ(a.apply(Stream::Bulk, {3, BulkSyncEnd{1, 0, 1}}, at(0)), ApplyResult::BulkDone);
  const IpsecSaRecord& sa = a.ipsec_sas().at(k).sa;
  EXPECT_EQ(sa.outbound_next_sequence, 9001u);
  EXPECT_EQ(sa.inbound_highest_sequence, 9000u);
  a.apply(Stream::Update, {7, SequenceCheckpoint{k, 100, 100, 0, 0}}, at(0));
  EXPECT_EQ(a.ipsec_sas().at(k).sa.outbound_next_sequence, 9001u);
  // Outside a bulk, a checkpoint for an unknown SA is just counted.
  EXPECT_EQ(a.apply(Stream::Update, {8, SequenceCheckpoint{{77, 78}, 1, 1, 0, 0}}, at(0)),
            ApplyResult::UnknownSa);
}

TEST(Applier, BulkMismatchAndOutOfPlaceRecords) {
  Applier a;
  EXPECT_EQ(a.apply(Stream::Bulk, {1, IkeSaAdd{sample_ike_sa(1)}}, at(0)), ApplyResult::OutOfPlace);
  EXPECT_EQ(a.apply(Stream::Update, {1, BulkSyncStart{1, 1, 0}}, at(0)), ApplyResult::OutOfPlace);
  EXPECT_EQ(a.apply(Stream::Bulk, {1, BulkSyncEnd{1, 1, 0}}, at(0)), ApplyResult::OutOfPlace);
  a.apply(Stream::Bulk, {2, BulkSyncStart{4, 2, 0}}, at(0));
  EXPECT_EQ(a.apply(Stream::Bulk, {3, IkeSaDelete{ike_key(1)}}, at(0)), ApplyResult::OutOfPlace);
  a.apply(Stream::Bulk, {4, IkeSaAdd{sample_ike_sa(1)}}, at(0));
  EXPECT_EQ(a.apply(Stream::Bulk, {5, BulkSyncEnd{4, 2, 0}}, at(0)), ApplyResult::BulkMismatch);
  a.apply(Stream::Bulk, {6, BulkSyncStart{5, 1, 0}}, at(0));
  a.apply(Stream::Bulk, {7, IkeSaAdd{sample_ike_sa(1)}}, at(0));
  EXPECT_EQ(a.apply(Stream::Bulk, {8, BulkSyncEnd{6, 1, 0}}, at(0)), ApplyResult::BulkMismatch);
  EXPECT_EQ(a.counters().bulk_mismatch, 2u);
  EXPECT_EQ(a.apply(Stream::Update, {9, PeerStatus{13}}, at(0)), ApplyResult::PeerState);
  EXPECT_EQ(a.peer_state(), RfState::Active);
  a.reset();
  EXPECT_TRUE(a.ike_sas().empty());
}

TEST(Takeover, ResumesPastTheCheckpointPlusIntervalAndMargin) {
  TakeoverConfig c{"6.6.156.100", {1000, 1000}, std::nullopt};
  EXPECT_EQ(resume_outbound_at(5001, c), 7001u);
  c.in_flight_margin = 0;
  EXPECT_EQ(resume_outbound_at(5001, c), 6001u);  // the brief's checkpoint + out-interval
  EXPECT_EQ(resume_outbound_at(UINT64_MAX - 5, c), UINT64_MAX);
}

TEST(Takeover, PlanActivatesEverySaWithItsPositions) {
  Applier a;
  a.apply(Stream::Update, {1, IkeSaAdd{sample_ike_sa(1)}}, at(0));
  IpsecSaRecord sa = sample_ipsec_sa(1);
  sa.outbound_next_sequence = 4001;
  sa.inbound_highest_sequence = 3000;
  a.apply(Stream::Update, {2, IpsecSaAdd{sa}}, at(0));
  IpsecSaRecord old = sample_ipsec_sa(2);
  old.outbound_next_sequence = 0xFFFFFF00u;
  a.apply(Stream::Update, {3, IpsecSaAdd{old}}, at(0));
  TakeoverPlan plan = plan_takeover(a, {"6.6.156.100", {1000, 1000}, std::nullopt}, true);
  ASSERT_EQ(plan.logs.size(), 1u);
  EXPECT_EQ(plan.logs[0].format(),
            "%CRYPTO-5-IPSEC_SA_HA_STATUS: IPSec sa's if any, for vip 6.6.156.100 will change "
            "from STANDBY to ACTIVE");
  ASSERT_EQ(plan.ike.size(), 1u);
  EXPECT_EQ(plan.ike[0].sa.dpd_next_sequence, sample_ike_sa(1).dpd_next_sequence + 16);
  ASSERT_EQ(plan.ipsec.size(), 2u);
  EXPECT_EQ(plan.ipsec[0].resume_outbound_at, 6001u);
  EXPECT_EQ(plan.ipsec[0].inbound_highest, 3000u);
  EXPECT_FALSE(plan.ipsec[0].exhausted);
  EXPECT_TRUE(plan.ipsec[1].exhausted);
  TakeoverPlan cold = plan_takeover(a, {"6.6.156.100", {1000, 1000}, std::nullopt}, false);
  EXPECT_TRUE(cold.ipsec.empty());
  EXPECT_EQ(cold.logs.size(), 1u);
  EXPECT_EQ(ipsec_ha_status("6.6.156.100", false).text,
            "IPSec sa's if any, for vip 6.6.156.100 will change from ACTIVE to STANDBY");
}

}  // namespace
}  // namespace havpnc::sso

namespace havpnc::sso {
namespace {

// Found by the end-to-end test: the update stream may overtake even BulkSyncStart.
TEST(Applier, ADeleteThatOvertakesBulkSyncStartStillWins) {
  Applier a;
  IpsecSaRecord sa = test::sample_ipsec_sa(1);
  EXPECT_EQ(a.apply(Stream::Update, {10, IpsecSaDelete{sa.key}}, TimePoint{}), ApplyResult::UnknownSa);
  EXPECT_EQ(a.apply(Stream::Update, {11, SequenceCheckpoint{test::sample_ipsec_sa(2).key, 900, 800, 0, 0}},
                    TimePoint{}),
            ApplyResult::Applied);
  a.apply(Stream::Bulk, {1, BulkSyncStart{1, 0, 2}}, TimePoint{});
  EXPECT_EQ(a.apply(Stream::Bulk, {2, IpsecSaAdd{sa}}, TimePoint{}), ApplyResult::Stale);
  a.apply(Stream::Bulk, {3, IpsecSaAdd{test::sample_ipsec_sa(2)}}, TimePoint{});
  EXPECT_EQ(a.apply(Stream::Bulk, {4, BulkSyncEnd{1, 0, 2}}, TimePoint{}), ApplyResult::BulkDone);
  EXPECT_TRUE(a.synced());
  EXPECT_FALSE(a.ipsec_sas().contains(sa.key));
  EXPECT_EQ(a.ipsec_sas().at(test::sample_ipsec_sa(2).key).sa.outbound_next_sequence, 900u);
}

TEST(Applier, TablesAreBounded) {
  Applier a(2);
  for (std::uint32_t i = 1; i <= 2; ++i) {
    EXPECT_EQ(a.apply(Stream::Update, {i, IpsecSaAdd{test::sample_ipsec_sa(i)}}, TimePoint{}),
              ApplyResult::Applied);
    EXPECT_EQ(a.apply(Stream::Update, {i, IkeSaAdd{test::sample_ike_sa(i)}}, TimePoint{}),
              ApplyResult::Applied);
  }
  EXPECT_EQ(a.apply(Stream::Update, {9, IpsecSaAdd{test::sample_ipsec_sa(3)}}, TimePoint{}),
            ApplyResult::TableFull);
  EXPECT_EQ(a.apply(Stream::Update, {9, IkeSaAdd{test::sample_ike_sa(3)}}, TimePoint{}),
            ApplyResult::TableFull);
  EXPECT_EQ(a.apply(Stream::Update, {10, IpsecSaAdd{test::sample_ipsec_sa(2)}}, TimePoint{}),
            ApplyResult::Applied);  // an SA already held still updates
  EXPECT_EQ(a.counters().table_full, 2u);
}

}  // namespace
}  // namespace havpnc::sso
