#include "runtime/sso/rf_state.h"

#include <gtest/gtest.h>

namespace havpnc::sso {
namespace {

using K = RfEvent::Kind;

TimePoint at(std::int64_t us) { return TimePoint(std::chrono::microseconds(us)); }
RfEvent ev(K k) { return RfEvent{k, HsrpRole::Other, RfState::Unknown}; }
RfEvent hsrp(HsrpRole r) { return RfEvent{K::Hsrp, r, RfState::Unknown}; }
RfEvent peer(RfState s) { return RfEvent{K::PeerState, HsrpRole::Other, s}; }

TEST(RfState, NumbersAndNamesAsShowRedundancyStatesPrintsThem) {
  EXPECT_EQ(static_cast<int>(RfState::Disabled), 1);
  EXPECT_EQ(static_cast<int>(RfState::StandbyCold), 4);
  EXPECT_EQ(static_cast<int>(RfState::StandbyColdBulk), 7);
  EXPECT_EQ(static_cast<int>(RfState::StandbyHot), 8);
  EXPECT_EQ(static_cast<int>(RfState::Active), 13);
  EXPECT_STREQ(to_string(RfState::StandbyHot), "STANDBY HOT");
  EXPECT_STREQ(to_string(RfState::StandbyColdConfig), "STANDBY COLD-CONFIG");
  EXPECT_STREQ(to_string(RfState::Active), "ACTIVE");
  EXPECT_FALSE(rf_state_from_number(0));
  EXPECT_FALSE(rf_state_from_number(14));
  EXPECT_EQ(rf_state_from_number(8), RfState::StandbyHot);
}

TEST(RfState, FirstRouterUpGoesActiveWithPeerDisabled) {
  RfStateMachine rf({"HSRP", seconds(30)});
  EXPECT_EQ(rf.my_state(), RfState::Disabled);
  rf.handle(ev(K::Start), at(0));
  EXPECT_EQ(rf.my_state(), RfState::Negotiation);
  RfActions a = rf.handle(hsrp(HsrpRole::Active), at(1));
  EXPECT_EQ(rf.my_state(), RfState::Active);
  EXPECT_TRUE(a.takeover);
  EXPECT_FALSE(a.takeover_stateful);
  EXPECT_EQ(rf.peer_state(), RfState::Disabled);
  EXPECT_FALSE(a.report_state);  // nobody to report to
}

TEST(RfState, StandbyProgressesColdToBulkToHot) {
  RfStateMachine rf({"HSRP", seconds(30)});
  rf.handle(ev(K::Start), at(0));
  rf.handle(hsrp(HsrpRole::Standby), at(1));
  EXPECT_EQ(rf.my_state(), RfState::StandbyCold);
  RfActions up = rf.handle(ev(K::AssociationUp), at(2));
  EXPECT_TRUE(up.report_state);
  EXPECT_EQ(rf.peer_state(), RfState::Unknown);
  EXPECT_EQ(rf.my_state(), RfState::StandbyCold);  // not before the peer says it is ACTIVE
  RfActions a = rf.handle(peer(RfState::Active), at(3));
  EXPECT_EQ(rf.my_state(), RfState::StandbyColdBulk);
  EXPECT_TRUE(a.report_state);
  EXPECT_TRUE(a.reset_sa_state);
  a = rf.handle(ev(K::BulkSyncDone), at(4));
  EXPECT_EQ(rf.my_state(), RfState::StandbyHot);
  EXPECT_TRUE(a.report_state);
  EXPECT_TRUE(rf.state_usable());
}

TEST(RfState, ActiveStartsBulkSyncWhenThePeerWaitsInColdBulk) {
  RfStateMachine rf({"HSRP", seconds(30)});
  rf.handle(ev(K::Start), at(0));
  rf.handle(hsrp(HsrpRole::Active), at(0));
  rf.handle(ev(K::AssociationUp), at(1));
  EXPECT_FALSE(rf.handle(peer(RfState::StandbyCold), at(2)).start_bulk_sync);
  EXPECT_TRUE(rf.handle(peer(RfState::StandbyColdBulk), at(3)).start_bulk_sync);
  EXPECT_FALSE(rf.handle(peer(RfState::StandbyHot), at(4)).start_bulk_sync);
  EXPECT_EQ(rf.peer_state(), RfState::StandbyHot);
  rf.handle(ev(K::AssociationDown), at(5));
  EXPECT_EQ(rf.peer_state(), RfState::Disabled);
  EXPECT_EQ(rf.my_state(), RfState::Active);
}

RfStateMachine hot_standby() {
  RfStateMachine rf({"HSRP", seconds(30)});
  rf.handle(ev(K::Start), at(0));
  rf.handle(hsrp(HsrpRole::Standby), at(0));
  rf.handle(ev(K::AssociationUp), at(0));
  rf.handle(peer(RfState::Active), at(0));
  rf.handle(ev(K::BulkSyncDone), at(0));
  return rf;
}

TEST(RfState, HotStandbyTakesOverStatefully) {
  RfStateMachine rf = hot_standby();
  ASSERT_EQ(rf.my_state(), RfState::StandbyHot);
  // The old active's "I am reloading" may come before our HSRP event: state is kept.
  RfActions a = rf.handle(peer(RfState::Negotiation), at(10));
  EXPECT_FALSE(a.reset_sa_state);
  a = rf.handle(hsrp(HsrpRole::Active), at(11));
  EXPECT_TRUE(a.takeover);
  EXPECT_TRUE(a.takeover_stateful);
  EXPECT_FALSE(a.reset_sa_state);
  EXPECT_EQ(rf.my_state(), RfState::Active);
  EXPECT_EQ(rf.switchovers(), 1u);
}

TEST(RfState, ColdBulkStandbyTakingOverIsStateless) {
  RfStateMachine rf({"HSRP", seconds(30)});
  rf.handle(ev(K::Start), at(0));
  rf.handle(hsrp(HsrpRole::Standby), at(0));
  rf.handle(ev(K::AssociationUp), at(0));
  rf.handle(peer(RfState::Active), at(0));
  ASSERT_EQ(rf.my_state(), RfState::StandbyColdBulk);
  RfActions a = rf.handle(hsrp(HsrpRole::Active), at(1));
  EXPECT_TRUE(a.takeover);
  EXPECT_FALSE(a.takeover_stateful);
  EXPECT_TRUE(a.reset_sa_state);
}

TEST(RfState, LosingTheAssociationMidBulkGoesCold) {
  RfStateMachine rf({"HSRP", seconds(30)});
  rf.handle(ev(K::Start), at(0));
  rf.handle(hsrp(HsrpRole::Standby), at(0));
  rf.handle(ev(K::AssociationUp), at(0));
  rf.handle(peer(RfState::Active), at(0));
  RfActions a = rf.handle(ev(K::AssociationDown), at(1));
  EXPECT_EQ(rf.my_state(), RfState::StandbyCold);
  EXPECT_TRUE(a.reset_sa_state);
  EXPECT_FALSE(rf.state_usable());
  // Healing: a fresh bulk sync.
  rf.handle(ev(K::AssociationUp), at(2));
  rf.handle(peer(RfState::Active), at(3));
  EXPECT_EQ(rf.my_state(), RfState::StandbyColdBulk);
}

TEST(RfState, HotStandbyKeepsStateForTheGraceThenDropsIt) {
  RfStateMachine rf = hot_standby();
  RfActions a = rf.handle(ev(K::AssociationDown), at(1'000'000));
  EXPECT_EQ(rf.my_state(), RfState::StandbyCold);
  EXPECT_FALSE(a.reset_sa_state);
  EXPECT_TRUE(rf.state_usable());
  EXPECT_EQ(rf.next_deadline(), at(31'000'000));
  EXPECT_FALSE(rf.handle(ev(K::Tick), at(30'999'999)).reset_sa_state);
  EXPECT_TRUE(rf.handle(ev(K::Tick), at(31'000'000)).reset_sa_state);
  EXPECT_FALSE(rf.state_usable());
  EXPECT_EQ(rf.next_deadline(), TimePoint::max());
  a = rf.handle(hsrp(HsrpRole::Active), at(32'000'000));
  EXPECT_TRUE(a.takeover);
  EXPECT_FALSE(a.takeover_stateful);
}

TEST(RfState, ActiveDeadPeerThenHsrpWithinGraceIsStateful) {
  RfStateMachine rf = hot_standby();
  rf.handle(ev(K::AssociationDown), at(1'000'000));
  RfActions a = rf.handle(hsrp(HsrpRole::Active), at(11'000'000));  // HSRP hold 10 s later
  EXPECT_TRUE(a.takeover_stateful);
  EXPECT_EQ(rf.peer_state(), RfState::Disabled);
  EXPECT_EQ(rf.next_deadline(), TimePoint::max());
}

// IOS: the router that loses ACTIVE reloads and rejoins as standby; the new active stays.
TEST(RfState, LosingActiveReloadsAndRejoinsAsStandby) {
  RfStateMachine rf({"HSRP", seconds(30)});
  rf.handle(ev(K::Start), at(0));
  rf.handle(hsrp(HsrpRole::Active), at(0));
  rf.handle(ev(K::AssociationUp), at(0));
  rf.handle(peer(RfState::StandbyHot), at(0));
  RfActions a = rf.handle(hsrp(HsrpRole::Other), at(5));  // G0/0 shut: HSRP Init
  EXPECT_TRUE(a.reset_sa_state);
  EXPECT_TRUE(a.report_state);
  ASSERT_EQ(a.logs.size(), 1u);
  EXPECT_EQ(a.logs[0].format(),
            "%RF-5-RF_RELOAD: Self reload (SA state reset, rejoining as standby). Reason: HSRP "
            "group HSRP is no longer Active");
  EXPECT_EQ(rf.my_state(), RfState::Negotiation);
  EXPECT_EQ(rf.reloads(), 1u);
  rf.handle(hsrp(HsrpRole::Standby), at(6));  // link back; equal priority: no preemption
  EXPECT_EQ(rf.my_state(), RfState::StandbyCold);
  rf.handle(peer(RfState::Active), at(7));  // the other router took over
  EXPECT_EQ(rf.my_state(), RfState::StandbyColdBulk);
  rf.handle(ev(K::BulkSyncDone), at(8));
  EXPECT_EQ(rf.my_state(), RfState::StandbyHot);
}

TEST(RfState, EventsBeforeStartDoNothing) {
  RfStateMachine rf({"HSRP", seconds(30)});
  RfActions a = rf.handle(hsrp(HsrpRole::Active), at(0));
  EXPECT_FALSE(a.takeover);
  EXPECT_EQ(rf.my_state(), RfState::Disabled);
  EXPECT_FALSE(rf.handle(ev(K::AssociationUp), at(0)).report_state);
  rf.handle(ev(K::Start), at(1));
  EXPECT_EQ(rf.my_state(), RfState::Active);  // the HSRP role seen before start still counts
}

TEST(RfState, PeerReportsWithoutCommunicationAreIgnored) {
  RfStateMachine rf({"HSRP", seconds(30)});
  rf.handle(ev(K::Start), at(0));
  rf.handle(hsrp(HsrpRole::Standby), at(0));
  rf.handle(peer(RfState::Active), at(0));
  EXPECT_EQ(rf.my_state(), RfState::StandbyCold);
  EXPECT_EQ(rf.peer_state(), RfState::Disabled);
}

}  // namespace
}  // namespace havpnc::sso
