// A takeover carries everything the active had (issue 7), driven end to end: R2's tunnel to
// the VIP runs on R10, R11 holds the replica, HSRP moves the VIP, and the new active must go
// on exactly where the old one was:
// - lifetimes (RFC 4301 §4.4.2.1): remaining seconds and kilobytes in `show crypto ipsec sa`
//   continue from the old active's, and the SA expires / rekeys at the instant it would have
//   there — with the routers' clocks hours apart, as replicas carry ages, not time points;
// - the peer's DPD numbers (RFC 3706 §7): R2's next R-U-THERE is answered, a replayed older
//   one is dropped and counted;
// - R2 behind a NAT that rewrites its 4500 (RFC 3947 §4): the new active's first ESP in UDP
//   and DPD answers go to the NAT's port, also after the NAT rebound to another port.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "runtime/crypto/crypto_show.h"
#include "tests/sso_run/two_router_lab.h"

namespace havpnc::sso {
namespace {

using testing::addr;
using testing::echo;
using testing::Lab;
using testing::LabOptions;
using testing::Router;

constexpr std::uint32_t kLifetimeSeconds = 600;
constexpr std::uint16_t kNatPort = 31337;

// Every router negotiates a 600 s SA; the pair checkpoints every packet, so the replica's
// byte counts are exact (with `replay-interval ... M` they trail by at most M packets).
LabOptions lifetime_lab(bool rekey) {
  LabOptions o;
  for (plan::Plan* p : {&o.r2, &o.r10, &o.r11}) p->crypto_maps[0].entries[0].lifetime_seconds = kLifetimeSeconds;
  for (plan::Plan* p : {&o.r10, &o.r11}) {
    p->crypto_maps[0].replay_interval_inbound = 1;
    p->crypto_maps[0].replay_interval_outbound = 1;
  }
  // Each router's steady clock has its own epoch: hours apart, and not whole seconds.
  o.r10_options.clock_offset = std::chrono::hours(3) + milliseconds(417);
  o.r11_options.clock_offset = std::chrono::hours(11) + milliseconds(90);
  o.r10_options.rekey_before_expiry = o.r11_options.rekey_before_expiry = rekey;
  return o;
}

void start_pair(Lab& lab) {
  lab.r10.sso->hsrp_state(hsrp::State::Active);
  lab.r11.sso->hsrp_state(hsrp::State::Standby);
  lab.link_up();
  ASSERT_EQ(lab.r11.sso->node().rf().my_state(), RfState::StandbyHot);
}

// R10 dies, R11 takes the VIP, at one instant of the lab's time.
void fail_over(Lab& lab) {
  lab.link_down();
  lab.r10.sso->hsrp_state(hsrp::State::Initial);
  lab.r11.sso->hsrp_state(hsrp::State::Active);
  lab.vip_owner = &lab.r11;
  ASSERT_EQ(lab.r11.sso->node().rf().my_state(), RfState::Active);
}

// The "sa timing: remaining key lifetime (k/sec): (K/S)" lines, inbound then outbound.
std::vector<std::string> sa_timing(const Router& r) {
  const std::string show = crypto::show_crypto_ipsec_sa(*r.crypto, r.now());
  std::vector<std::string> lines;
  for (std::size_t at = show.find("sa timing:"); at != std::string::npos;
       at = show.find("sa timing:", at + 1))
    lines.push_back(show.substr(at, show.find('\n', at) - at));
  return lines;
}

struct SaLife {
  Duration to_soft;
  Duration to_hard;
  std::uint64_t inbound_bytes;
  std::uint64_t outbound_bytes;
};

SaLife life_of(const Router& r) {
  const crypto::SaBinding& b = r.crypto->sas().all().at(0);
  return {b.outbound->lifetime().soft_deadline() - r.now(),
          b.outbound->lifetime().hard_deadline() - r.now(), b.inbound->lifetime().bytes(),
          b.outbound->lifetime().bytes()};
}

TEST(SsoTakeoverState, LifetimesContinueFromTheOldActiveAndExpireWhenTheyWouldHave) {
  Lab lab(lifetime_lab(false));
  start_pair(lab);
  auto [there, back] = lab.ping(150);
  ASSERT_EQ(there, 150u);
  ASSERT_EQ(back, 150u);
  lab.advance(seconds(200));
  lab.ping(100);
  ASSERT_EQ(lab.r10.crypto->sas().all().size(), 1u);
  const SaLife old_life = life_of(lab.r10);
  const std::vector<std::string> old_timing = sa_timing(lab.r10);
  // 250 echoes of 100 bytes each way: 24 kB used, ~400 s left.
  EXPECT_EQ(old_life.inbound_bytes, 25'000u);
  EXPECT_EQ(old_life.outbound_bytes, 25'000u);
  ASSERT_EQ(old_timing.size(), 2u);
  EXPECT_EQ(old_timing[0], "sa timing: remaining key lifetime (k/sec): (4607976/400)");
  EXPECT_EQ(old_timing[0], old_timing[1]);

  fail_over(lab);
  ASSERT_EQ(lab.r11.crypto->sas().all().size(), 1u);
  const SaLife new_life = life_of(lab.r11);
  // Ages cross the SSO link in whole milliseconds.
  EXPECT_LE(std::chrono::abs(new_life.to_hard - old_life.to_hard), milliseconds(1));
  EXPECT_LE(std::chrono::abs(new_life.to_soft - old_life.to_soft), milliseconds(1));
  EXPECT_EQ(new_life.inbound_bytes, old_life.inbound_bytes);
  EXPECT_EQ(new_life.outbound_bytes, old_life.outbound_bytes);
  EXPECT_EQ(sa_timing(lab.r11), old_timing);
  // The expiry timer is armed for the SA's own hard limit, not takeover + 600 s.
  EXPECT_EQ(lab.r11.crypto->sas().next_expiry(),
            lab.r11.crypto->sas().all()[0].outbound->lifetime().hard_deadline());

  // Traffic keeps counting on top of the old active's volume.
  lab.ping(10);
  EXPECT_EQ(life_of(lab.r11).inbound_bytes, old_life.inbound_bytes + 1'000u);
  EXPECT_EQ(life_of(lab.r11).outbound_bytes, old_life.outbound_bytes + 1'000u);

  // Just before the old active's hard deadline the SA lives; just after, it is gone.
  lab.advance(old_life.to_hard - milliseconds(200));
  EXPECT_EQ(lab.r11.crypto->counters().sa_expired, 0u);
  EXPECT_EQ(lab.r11.crypto->sas().all().size(), 1u);
  lab.advance(milliseconds(400));
  EXPECT_EQ(lab.r11.crypto->counters().sa_expired, 1u);
  EXPECT_EQ(lab.r11.crypto->sas().all().size(), 0u);
}

TEST(SsoTakeoverState, TheNewActiveRekeysAtTheOldActivesSoftLimit) {
  Lab lab(lifetime_lab(true));
  start_pair(lab);
  lab.ping(20);
  lab.advance(seconds(120));
  const Duration to_soft = life_of(lab.r10).to_soft;
  fail_over(lab);
  const auto phase2_before = lab.r2.crypto->counters().sa_installed;
  EXPECT_EQ(lab.r11.crypto->rekeys_started(), 0u);
  lab.advance(to_soft - milliseconds(200));
  EXPECT_EQ(lab.r11.crypto->rekeys_started(), 0u) << "rekeyed before the SA's soft limit";
  lab.advance(milliseconds(400));
  EXPECT_EQ(lab.r11.crypto->rekeys_started(), 1u) << "no rekey at the SA's soft limit";
  // The quick mode ran on the adopted ISAKMP SA: a new pair on both ends, no main mode.
  EXPECT_EQ(lab.r2.crypto->counters().sa_installed, phase2_before + 1);
  EXPECT_EQ(lab.r2.crypto->peers()[0]->ike_counters.phase1_established, 1u);
  auto [there, back] = lab.ping(5);
  EXPECT_EQ(there, 5u);
  EXPECT_EQ(back, 5u);
}

// R2's R-U-THERE notifications (RFC 3706 §7) seen leaving R2, oldest first: R10/R11 run no
// DPD of their own here, so every protected IKE datagram R2 sends while idle is a probe.
std::vector<engine::Datagram> r2_ike_since(const Lab& lab, std::size_t from) {
  std::vector<engine::Datagram> out;
  for (std::size_t i = from; i < lab.r2_sent.size(); ++i)
    if (lab.r2_sent[i].transport == engine::Transport::Udp) out.push_back(lab.r2_sent[i]);
  return out;
}

TEST(SsoTakeoverState, PeerDpdNumbersCarryOverNewProbesAnsweredReplaysDropped) {
  LabOptions o;
  o.r10.dpd.reset();
  o.r11.dpd.reset();
  Lab lab(o);
  start_pair(lab);
  lab.ping(3);
  const std::size_t mark = lab.r2_sent.size();
  lab.advance(seconds(35));  // R2 probes every 10 s
  const auto probes = r2_ike_since(lab, mark);
  ASSERT_GE(probes.size(), 3u);
  const ike::Dpd* old_dpd = lab.r10.crypto->peers()[0]->session->dpd();
  ASSERT_NE(old_dpd, nullptr);
  ASSERT_TRUE(old_dpd->peer_sequence());
  const std::uint32_t peer_seq = *old_dpd->peer_sequence();

  fail_over(lab);
  const ike::Dpd* dpd = lab.r11.crypto->peers()[0]->session->dpd();
  ASSERT_NE(dpd, nullptr);
  ASSERT_TRUE(dpd->peer_sequence()) << "the peer's DPD number did not carry over";
  EXPECT_EQ(*dpd->peer_sequence(), peer_seq);

  // A replay of R2's first probe (its number is below the last one accepted): dropped.
  const auto& counters = lab.r11.crypto->peers()[0]->ike_counters;
  const auto acks = counters.dpd_acks_sent;
  lab.deliver(lab.r11, probes.front());
  EXPECT_EQ(counters.dpd_stale_probes, 1u);
  EXPECT_EQ(counters.dpd_acks_sent, acks);

  // R2's next probe has the next number: answered, and R2 hears the ACK.
  const auto r2_acks = lab.r2.crypto->peers()[0]->ike_counters.dpd_acks_received;
  lab.advance(seconds(10));
  EXPECT_EQ(counters.dpd_acks_sent, acks + 1);
  EXPECT_EQ(lab.r2.crypto->peers()[0]->ike_counters.dpd_acks_received, r2_acks + 1);
  EXPECT_EQ(counters.dpd_stale_probes, 1u);
  EXPECT_EQ(lab.r2.crypto->peers()[0]->ike_counters.phase1_established, 1u);
}

LabOptions nat_lab() {
  LabOptions o;
  o.r2_options.force_encapsulation = true;  // floats to 4500, ESP in UDP (strongSwan encap)
  o.nat_port = kNatPort;
  return o;
}

std::uint16_t replicated_peer_port(const Router& standby) {
  const auto& sas = standby.sso->node().applier().ike_sas();
  return sas.empty() ? 0 : sas.begin()->second.sa.nat_t_peer_port;
}

TEST(SsoTakeoverState, NatRewrittenPeerPortIsWhereTheNewActiveSendsFirst) {
  Lab lab(nat_lab());
  start_pair(lab);
  auto [there, back] = lab.ping(3);
  ASSERT_EQ(there, 3u);
  ASSERT_EQ(back, 3u);
  ASSERT_EQ(lab.r10.crypto->peers()[0]->session->peer_endpoint().port, kNatPort);
  EXPECT_EQ(replicated_peer_port(lab.r11), kNatPort);
  ASSERT_TRUE(lab.r10.crypto->sas().all()[0].udp_encapsulated);

  fail_over(lab);
  EXPECT_EQ(lab.r11.crypto->peers()[0]->session->peer_endpoint().port, kNatPort);
  // The new active speaks first: its ESP in UDP must reach R2 through the NAT's mapping.
  const std::size_t delivered = lab.r2.sink.packets.size();
  lab.tun_packet(lab.r11, echo(addr(6, 6, 146, 4), addr(6, 6, 2, 2), 7));
  EXPECT_EQ(lab.r2.sink.packets.size(), delivered + 1);
  EXPECT_EQ(lab.nat_strays, 0u);
  // And its first DPD answer.
  const auto r2_acks = lab.r2.crypto->peers()[0]->ike_counters.dpd_acks_received;
  lab.advance(seconds(10));
  EXPECT_GT(lab.r2.crypto->peers()[0]->ike_counters.dpd_acks_received, r2_acks);
  EXPECT_EQ(lab.nat_strays, 0u);
  EXPECT_EQ(lab.r2.crypto->counters().initiations, 1u);
}

TEST(SsoTakeoverState, NatRebindingOnTheActiveReachesTheStandby) {
  Lab lab(nat_lab());
  start_pair(lab);
  lab.ping(3);
  ASSERT_EQ(replicated_peer_port(lab.r11), kNatPort);
  // The NAT lost its mapping and made a new one: R2's next ESP in UDP comes from 40000, and
  // the active's answers follow it (RFC 3948 §2: only ESP that verified moves the port).
  lab.nat_port = 40000;
  auto [there, back] = lab.ping(2);
  EXPECT_EQ(there, 2u);
  EXPECT_EQ(back, 2u);
  EXPECT_EQ(lab.r10.crypto->peers()[0]->session->peer_endpoint().port, 40000);
  EXPECT_EQ(replicated_peer_port(lab.r11), 40000);

  fail_over(lab);
  const std::size_t strays = lab.nat_strays;
  const std::size_t delivered = lab.r2.sink.packets.size();
  lab.tun_packet(lab.r11, echo(addr(6, 6, 146, 4), addr(6, 6, 2, 2), 9));
  EXPECT_EQ(lab.r2.sink.packets.size(), delivered + 1);
  EXPECT_EQ(lab.nat_strays, strays);
}

}  // namespace
}  // namespace havpnc::sso
