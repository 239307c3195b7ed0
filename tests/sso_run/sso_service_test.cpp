// SsoService inside real engine::Hosts (fake clocks, FakeEdges): R2 builds a tunnel to the VIP
// held by R10, R11 stands by with every SA replicated over an in-memory association; HSRP role
// changes move the VIP, and after each failover R2's next ESP is accepted by the new active,
// the new active's ESP by R2 with no replay drops, R2's DPD is answered, and R2 never runs
// another main mode. The returning router is bulk-synced back to STANDBY HOT every time.
#include <gtest/gtest.h>

#include "tests/sso_run/two_router_lab.h"

namespace havpnc::sso {
namespace {

using testing::addr;
using testing::echo;
using testing::Lab;
using testing::member_plan;
using testing::Router;

TEST(SsoConfig, FromPlanReadsSchemeAssociationVipAndReplayInterval) {
  auto c = sso_config_from_plan(member_plan("R10", 10, 11));
  ASSERT_TRUE(c);
  EXPECT_EQ(c->scheme_group, "HSRP");
  EXPECT_EQ(c->node.takeover.vip, "6.6.156.100");
  EXPECT_EQ(c->node.takeover.interval.inbound, 1000u);
  EXPECT_EQ(c->node.takeover.interval.outbound, 1000u);
  EXPECT_EQ(c->node.channel.local_id, "6.6.146.10");
  EXPECT_EQ(c->node.channel.remote_id, "6.6.146.11");
  EXPECT_TRUE(c->node.channel.secret.empty());

  EXPECT_FALSE(sso_config_from_plan(crypto::testing::r2_plan()));
  plan::Plan no_group = member_plan("R10", 10, 11);
  no_group.inter_device->scheme_standby = "NOPE";
  EXPECT_THROW(sso_config_from_plan(no_group), std::invalid_argument);
  plan::Plan shut = member_plan("R10", 10, 11);
  shut.ipc_associations[0].shutdown = true;
  EXPECT_THROW(sso_config_from_plan(shut), std::invalid_argument);
}

TEST(SsoService, StandbyNeitherAnswersIkeNorSendsEsp) {
  Lab lab;
  lab.r11.sso->hsrp_state(hsrp::State::Standby);
  lab.vip_owner = &lab.r11;
  lab.tun_packet(lab.r2, echo(addr(6, 6, 2, 2), addr(6, 6, 146, 4)));
  lab.tun_packet(lab.r11, echo(addr(6, 6, 146, 4), addr(6, 6, 2, 2)));
  EXPECT_FALSE(lab.r11.crypto->redundancy_active());
  EXPECT_EQ(lab.r11.crypto->sas().all().size(), 0u);
  EXPECT_GE(lab.r11.crypto->standby_drops(), 2u);  // R2's MM1 and the TUN packet
  for (const auto& call : lab.r11.edges.calls)
    EXPECT_FALSE(std::holds_alternative<engine::SendDatagram>(call));
}

TEST(SsoService, FailoverAfterFailoverKeepsR2sSasWithNoReplayDropsAndDpdAnswered) {
  Lab lab;
  lab.r10.sso->hsrp_state(hsrp::State::Active);
  lab.r11.sso->hsrp_state(hsrp::State::Standby);
  lab.link_up();
  ASSERT_EQ(lab.r10.sso->node().rf().my_state(), RfState::Active);
  ASSERT_EQ(lab.r11.sso->node().rf().my_state(), RfState::StandbyHot);
  EXPECT_TRUE(lab.r10.logged("runs over in-memory SCTP"));
  // No secret in the plan: the operator is told that SA keys cross in the clear.
  EXPECT_TRUE(lab.r10.logged("%CRYPTO-4-SSO_CLEARTEXT"));

  auto [there, back] = lab.ping(20);
  ASSERT_EQ(there, 20u);
  ASSERT_EQ(back, 20u);
  ASSERT_EQ(lab.r2.crypto->sas().all().size(), 1u);
  const std::uint32_t r2_in = lab.r2.crypto->sas().all()[0].inbound_spi;
  const std::uint32_t r2_out = lab.r2.crypto->sas().all()[0].outbound_spi;
  const auto cookie = lab.r2.crypto->peers()[0]->session->ike_sa()->initiator_cookie;
  EXPECT_EQ(lab.r11.sso->status().ipsec_sas, 1u);
  EXPECT_EQ(lab.r11.sso->status().ike_sas, 1u);
  EXPECT_NE(show_crypto_ha(lab.r11.sso->status()).find("6.6.156.100"), std::string::npos);

  Router* active = &lab.r10;
  Router* standby = &lab.r11;
  for (int failover = 1; failover <= 4; ++failover) {
    SCOPED_TRACE("failover " + std::to_string(failover));
    // The active dies: the SSO link goes with it, HSRP on the standby takes the VIP.
    lab.link_down();
    active->sso->hsrp_state(hsrp::State::Initial);
    standby->sso->hsrp_state(hsrp::State::Active);
    lab.vip_owner = standby;
    std::swap(active, standby);
    EXPECT_EQ(active->sso->node().rf().my_state(), RfState::Active);
    EXPECT_TRUE(active->crypto->redundancy_active());
    EXPECT_FALSE(standby->crypto->redundancy_active());
    EXPECT_EQ(standby->crypto->sas().all().size(), 0u);  // the IOS reload
    ASSERT_EQ(active->crypto->sas().all().size(), 1u);
    EXPECT_EQ(active->crypto->sas().all()[0].inbound_spi, r2_out);
    EXPECT_EQ(active->crypto->sas().all()[0].outbound_spi, r2_in);

    auto [t, b] = lab.ping(10);
    EXPECT_EQ(t, 10u);
    EXPECT_EQ(b, 10u);
    EXPECT_EQ(lab.r2.crypto->counters().esp_dropped, 0u);
    EXPECT_EQ(active->crypto->counters().esp_dropped, 0u);

    // R2's DPD (periodic 10 s) is answered by the new active for half a minute.
    const auto probes = lab.r2.crypto->peers()[0]->ike_counters.dpd_probes_sent;
    const auto acks = active->crypto->peers()[0]->ike_counters.dpd_acks_sent;
    lab.advance(seconds(30));
    EXPECT_GT(lab.r2.crypto->peers()[0]->ike_counters.dpd_probes_sent, probes);
    EXPECT_GT(active->crypto->peers()[0]->ike_counters.dpd_acks_sent, acks);
    ASSERT_TRUE(lab.r2.crypto->peers()[0]->session);
    ASSERT_TRUE(lab.r2.crypto->peers()[0]->session->ike_sa());
    EXPECT_EQ(lab.r2.crypto->peers()[0]->session->ike_sa()->initiator_cookie, cookie);
    EXPECT_EQ(lab.r2.crypto->peers()[0]->ike_counters.phase1_established, 1u);
    EXPECT_EQ(lab.r2.crypto->counters().initiations, 1u);
    ASSERT_EQ(lab.r2.crypto->sas().all().size(), 1u);
    EXPECT_EQ(lab.r2.crypto->sas().all()[0].inbound_spi, r2_in);

    // The old active comes back: standby HSRP, SSO link up, bulk sync, STANDBY HOT again.
    standby->sso->hsrp_state(hsrp::State::Standby);
    lab.link_up();
    EXPECT_EQ(standby->sso->node().rf().my_state(), RfState::StandbyHot);
    EXPECT_EQ(standby->sso->status().ipsec_sas, 1u);
    EXPECT_EQ(standby->sso->status().ike_sas, 1u);
    auto [t2, b2] = lab.ping(5);
    EXPECT_EQ(t2, 5u);
    EXPECT_EQ(b2, 5u);
  }
  EXPECT_EQ(lab.r2.crypto->counters().esp_dropped, 0u);
  EXPECT_TRUE(lab.r11.logged("%CRYPTO-5-IPSEC_SA_HA_STATUS"));
  for (Router* r : {&lab.r2, &lab.r10, &lab.r11})
    EXPECT_EQ(r->host.counters().component_failures, 0u);
}

}  // namespace
}  // namespace havpnc::sso
