// R2 and R10 of the seed as two CryptoComponents on a fake wire with a fake clock: traffic
// triggers main mode + quick mode, the ping crosses encrypted both ways, and every drop
// (replay, ICV, inner policy, no selector, queue overflow) lands in its counter.
#include <gtest/gtest.h>

#include "runtime/crypto/crypto_show.h"
#include "tests/crypto/crypto_lab.h"
#include "tests/crypto/packets.h"

namespace havpnc::crypto {
namespace {

using namespace testing;

const std::uint32_t kHost2 = addr(6, 6, 2, 2);
const std::uint32_t kHost146 = addr(6, 6, 146, 4);
const std::uint32_t kR2Outside = addr(6, 6, 25, 2);
const std::uint32_t kVip = addr(6, 6, 156, 100);

std::size_t ike_sent(const Router& r) { return r.sent.size() - r.esp_sent(); }

TEST(CryptoComponent, StartRoutesTheRemoteSelectorIntoTheTun) {
  Lab lab;
  ASSERT_EQ(lab.r2.routes.size(), 1u);
  EXPECT_EQ(lab.r2.routes[0], (engine::Route{addr(6, 6, 146, 0), 24, "Tunnel-havpnc", 0}));
  ASSERT_EQ(lab.r10.routes.size(), 1u);
  EXPECT_EQ(lab.r10.routes[0], (engine::Route{addr(6, 6, 2, 0), 24, "Tunnel-havpnc", 0}));
  EXPECT_TRUE(lab.r2.sent.empty());
}

TEST(CryptoComponent, PingTriggersMainAndQuickModeThenCrossesUnchangedBothWays) {
  Lab lab;
  const Packet request = echo(kHost2, kHost146, 1);
  lab.ping(lab.r2, request);

  // MM1..QM3 between 6.6.25.2:500 and the VIP 6.6.156.100:500, then the queued ping as ESP.
  EXPECT_EQ(ike_sent(lab.r2), 5u);   // MM1 MM3 MM5 QM1 QM3
  EXPECT_EQ(ike_sent(lab.r10), 4u);  // MM2 MM4 MM6 QM2
  const engine::SendDatagram& mm1 = lab.r2.sent.front();
  EXPECT_EQ(mm1.transport, engine::Transport::Udp);
  EXPECT_EQ(mm1.source, kR2Outside);
  EXPECT_EQ(mm1.source_port, 500);
  EXPECT_EQ(mm1.destination, kVip);
  EXPECT_EQ(mm1.destination_port, 500);
  EXPECT_EQ(lab.r10.sent.front().source, kVip);  // R10 answers from the HSRP VIP
  ASSERT_EQ(lab.r2.esp_sent(), 1u);
  const engine::SendDatagram& esp = lab.r2.sent.back();
  EXPECT_EQ(esp.transport, engine::Transport::Esp);
  EXPECT_EQ(esp.source, kR2Outside);
  EXPECT_EQ(esp.destination, kVip);
  EXPECT_EQ(esp.interface, "GigabitEthernet0/0");
  // SPI | seq 1 | 16-byte IV | 100 + 10 pad + 2 = 112 ciphertext | 12-byte ICV.
  EXPECT_EQ(esp.payload.size(), 4u + 4u + 16u + 112u + 12u);
  EXPECT_EQ(esp.payload[7], 1);

  ASSERT_EQ(lab.r10.sink.packets.size(), 1u);
  EXPECT_EQ(lab.r10.sink.packets[0], request);

  const Packet reply = echo(kHost146, kHost2, 2);
  lab.ping(lab.r10, reply);
  ASSERT_EQ(lab.r10.esp_sent(), 1u);
  EXPECT_EQ(lab.r10.sent.back().source, kVip);
  EXPECT_EQ(lab.r10.sent.back().destination, kR2Outside);
  EXPECT_EQ(lab.r10.sent.back().interface, "GigabitEthernet0/1");
  ASSERT_EQ(lab.r2.sink.packets.size(), 1u);
  EXPECT_EQ(lab.r2.sink.packets[0], reply);

  const CryptoCounters& a = lab.r2.component->counters();
  EXPECT_EQ(a.outbound_packets, 1u);
  EXPECT_EQ(a.initiations, 1u);
  EXPECT_EQ(a.outbound_queued, 1u);
  EXPECT_EQ(a.outbound_encrypted, 1u);
  EXPECT_EQ(a.esp_received, 1u);
  EXPECT_EQ(a.delivered, 1u);
  EXPECT_EQ(a.sa_installed, 1u);
  const CryptoCounters& b = lab.r10.component->counters();
  EXPECT_EQ(b.initiations, 0u);
  EXPECT_EQ(b.outbound_queued, 0u);
  EXPECT_EQ(b.outbound_encrypted, 1u);
  EXPECT_EQ(b.delivered, 1u);
  EXPECT_EQ(b.sa_installed, 1u);

  // Per-SA counters: one SA pair each side, one packet each way.
  ASSERT_EQ(lab.r2.component->sas().all().size(), 1u);
  const SaBinding& sa = lab.r2.component->sas().all()[0];
  EXPECT_EQ(sa.outbound->counters().packets_encrypted, 1u);
  EXPECT_EQ(sa.inbound->counters().packets_decrypted, 1u);
  EXPECT_EQ(sa.inbound->replay_window().size(), 1024u);
  EXPECT_EQ(sa.inbound_spi, lab.r10.component->sas().all()[0].outbound_spi);
  EXPECT_TRUE(lab.r2.has_log(
      "%CRYPTO-5-SESSION_STATUS: Crypto tunnel is UP. Peer 6.6.156.100:500 Id: 6.6.156.100"));
}

TEST(CryptoComponent, FurtherPacketsUseTheSaWithoutIke) {
  Lab lab;
  lab.ping(lab.r2, echo(kHost2, kHost146, 1));
  const std::size_t ike_before = ike_sent(lab.r2);
  for (int i = 0; i < 10; ++i) lab.ping(lab.r2, echo(kHost2, kHost146, static_cast<std::uint8_t>(i)));
  EXPECT_EQ(ike_sent(lab.r2), ike_before);
  EXPECT_EQ(lab.r2.esp_sent(), 11u);
  ASSERT_EQ(lab.r10.sink.packets.size(), 11u);
  EXPECT_EQ(lab.r10.sink.packets[10], echo(kHost2, kHost146, 9));
  EXPECT_EQ(lab.r2.component->sas().all()[0].outbound->next_sequence(), 12u);
}

TEST(CryptoComponent, ReplayedEspIsDroppedAndCounted) {
  Lab lab;
  lab.ping(lab.r2, echo(kHost2, kHost146));
  const engine::SendDatagram esp = lab.r2.sent.back();
  lab.deliver(lab.r10, esp);
  lab.deliver(lab.r10, esp);
  EXPECT_EQ(lab.r10.sink.packets.size(), 1u);
  const auto& in = *lab.r10.component->sas().all()[0].inbound;
  EXPECT_EQ(in.counters().drops[esp::DropReason::Replay], 2u);
  EXPECT_EQ(in.counters().packets_decrypted, 1u);
  EXPECT_EQ(lab.r10.component->counters().esp_received, 3u);
  EXPECT_EQ(lab.r10.component->counters().esp_dropped, 2u);
  EXPECT_EQ(lab.r10.component->counters().delivered, 1u);
}

TEST(CryptoComponent, TamperedEspFailsTheIcvAndIsCounted) {
  Lab lab;
  lab.ping(lab.r2, echo(kHost2, kHost146));
  engine::SendDatagram esp = lab.r2.sent.back();
  lab.ping(lab.r2, echo(kHost2, kHost146, 7));  // seq 2, delivered
  esp.payload[40] ^= 0x01;                       // ciphertext byte of seq 1
  esp.payload[7] = 3;                            // and a fresh sequence number
  lab.deliver(lab.r10, esp);
  EXPECT_EQ(lab.r10.sink.packets.size(), 2u);
  const auto& in = *lab.r10.component->sas().all()[0].inbound;
  EXPECT_EQ(in.counters().drops[esp::DropReason::Icv], 1u);
  EXPECT_EQ(in.counters().drops.total(), 1u);
  // The forged sequence number 3 did not move the window: a genuine 3 still passes.
  lab.ping(lab.r2, echo(kHost2, kHost146, 8));
  EXPECT_EQ(lab.r10.sink.packets.size(), 3u);
  // An SPI nobody owns is counted on the table.
  esp.payload[0] ^= 0xFF;
  lab.deliver(lab.r10, esp);
  EXPECT_EQ(lab.r10.component->sas().inbound_table().drops()[esp::DropReason::UnknownSpi], 1u);
}

TEST(CryptoComponent, PacketMatchingNoSelectorIsDroppedNotSentInClear) {
  Lab lab;
  lab.ping(lab.r2, echo(kHost2, addr(8, 8, 8, 8)));
  lab.ping(lab.r2, Packet{0x45, 0x00});
  EXPECT_TRUE(lab.r2.sent.empty());
  EXPECT_EQ(lab.r2.component->counters().outbound_no_selector, 1u);
  EXPECT_EQ(lab.r2.component->counters().outbound_malformed, 1u);
  EXPECT_EQ(lab.r2.component->counters().initiations, 0u);
}

TEST(CryptoComponent, DecryptedPacketOutsideTheSelectorsIsDropped) {
  // A peer holding the keys sends 6.6.3.0/24 traffic on the SA negotiated for 6.6.2.0/24
  // (havpnc itself never does: each line has its own pair): R10 must refuse it after
  // decryption (RFC 4301 §5.2), and still take the SA's own traffic.
  Lab lab;
  lab.ping(lab.r2, echo(kHost2, kHost146));
  ASSERT_EQ(lab.r2.component->sas().all().size(), 1u);
  const SaBinding& sa = lab.r2.component->sas().all()[0];
  esp::OpenSslIvSource ivs;
  const Packet foreign = echo(addr(6, 6, 3, 9), kHost146);
  engine::Bytes wire(sa.outbound->encapsulated_size(foreign.size()));
  const esp::EncapResult r = sa.outbound->encapsulate(foreign, lab.now, ivs, wire);
  ASSERT_EQ(r.status, esp::EncapStatus::Ok);
  wire.resize(r.length);
  engine::SendDatagram d{engine::Transport::Esp, kR2Outside, 0, kVip, 0, "GigabitEthernet0/1", 64,
                         wire};
  lab.deliver(lab.r10, d);
  EXPECT_EQ(lab.r10.sink.packets.size(), 1u);
  EXPECT_EQ(lab.r10.component->counters().inner_policy_drops, 1u);
  EXPECT_EQ(lab.r10.component->sas().all()[0].invalid_identity, 1u);
  lab.ping(lab.r2, echo(kHost2, kHost146, 2));
  EXPECT_EQ(lab.r10.sink.packets.size(), 2u);
}

TEST(CryptoComponent, PeriodicDpdKeepsTheSa) {
  Lab lab;
  lab.ping(lab.r2, echo(kHost2, kHost146));
  lab.advance(seconds(120));
  EXPECT_EQ(lab.r2.component->sas().all().size(), 1u);
  EXPECT_EQ(lab.r10.component->sas().all().size(), 1u);
  const auto& ike = lab.r2.component->peers()[0]->ike_counters;
  EXPECT_EQ(ike.dpd_probes_sent, 12u);  // `keepalive 10 3 periodic`: every 10 s
  EXPECT_EQ(ike.peers_declared_dead, 0u);
  EXPECT_EQ(lab.r10.component->peers()[0]->ike_counters.dpd_acks_sent, 12u);
  EXPECT_EQ(ike.dpd_acks_received, 12u);
  EXPECT_EQ(crypto_session_json(*lab.r2.component, lab.now)["sessions"][0]["ike_counters"]["dpd_acks_received"], 12u);
  lab.ping(lab.r2, echo(kHost2, kHost146, 3));
  EXPECT_EQ(lab.r10.sink.packets.size(), 2u);
}

TEST(CryptoComponent, OnDemandDpdProbesOnlyWhenOurTrafficGoesUnanswered) {
  Lab lab;
  plan::Plan p2 = r2_plan();
  p2.dpd = plan::Dpd{10, 2, plan::DpdMode::OnDemand};
  plan::Plan p10 = r10_plan();
  p10.dpd.reset();  // R10 only answers
  lab.make(lab.r2, p2);
  lab.make(lab.r10, p10);
  lab.ping(lab.r2, echo(kHost2, kHost146));
  const auto& ike = lab.r2.component->peers()[0]->ike_counters;
  // Idle: no probe however long.
  lab.advance(seconds(100));
  EXPECT_EQ(ike.dpd_probes_sent, 0u);
  // R10 vanishes while R2 keeps sending: 10 s after the last thing heard a probe goes out
  // (the packet's traffic note re-armed R2's timer), resent every 2 s, dead 2 s after the fifth.
  lab.wire = [](const Router&, engine::SendDatagram&) { return false; };
  const TimePoint t0 = lab.now;
  lab.ping(lab.r2, echo(kHost2, kHost146, 1));
  lab.advance_to(t0 + seconds(1));
  EXPECT_EQ(ike.dpd_probes_sent, 1u);  // R10 was silent for 100 s already: probe at once
  lab.advance_to(t0 + seconds(11));
  EXPECT_EQ(ike.dpd_probes_sent, 6u);
  EXPECT_EQ(ike.peers_declared_dead, 0u);
  lab.advance_to(t0 + seconds(13));
  EXPECT_EQ(ike.peers_declared_dead, 1u);
  EXPECT_TRUE(lab.r2.component->sas().all().empty());
}

TEST(CryptoComponent, DeadPeerLosesItsSasAndTheNextPacketNegotiatesAgain) {
  Lab lab;
  lab.ping(lab.r2, echo(kHost2, kHost146));
  const TimePoint up = lab.now;
  lab.wire = [](const Router&, engine::SendDatagram&) { return false; };  // R10 is gone
  // Probe at 10 s, resent every 3 s five times, dead 3 s after the last one: 28 s.
  lab.advance_to(up + seconds(27));
  EXPECT_EQ(lab.r2.component->sas().all().size(), 1u);
  lab.advance_to(up + seconds(28));
  EXPECT_TRUE(lab.r2.component->sas().all().empty());
  EXPECT_EQ(lab.r2.component->counters().sa_removed, 1u);
  EXPECT_EQ(lab.r2.component->peers()[0]->ike_counters.peers_declared_dead, 1u);
  EXPECT_TRUE(lab.r2.has_log(
      "%CRYPTO-5-SESSION_STATUS: Crypto tunnel is DOWN. Peer 6.6.156.100:500 Id: 6.6.156.100"));

  // Packets queue (a few) while nothing answers; the rest are counted.
  for (int i = 0; i < 6; ++i) lab.ping(lab.r2, echo(kHost2, kHost146, static_cast<std::uint8_t>(i)));
  const CryptoCounters& c = lab.r2.component->counters();
  EXPECT_EQ(c.initiations, 2u);
  EXPECT_EQ(c.outbound_queued, 1u + 4u);
  EXPECT_EQ(c.outbound_queue_overflow, 2u);
  // Main mode is given up after five resends (60 s): what was queued is discarded.
  lab.advance(seconds(61));
  EXPECT_EQ(c.outbound_queue_discarded, 4u);
  EXPECT_EQ(lab.r2.component->peers()[0]->ike_counters.retransmission_give_ups, 1u);

  // R10 is back (it also lost its SAs to DPD): the next ping brings the tunnel up again.
  lab.wire = [](const Router&, engine::SendDatagram&) { return true; };
  lab.ping(lab.r2, echo(kHost2, kHost146, 9));
  EXPECT_EQ(c.initiations, 3u);
  EXPECT_EQ(lab.r2.component->sas().all().size(), 1u);
  EXPECT_EQ(lab.r10.sink.packets.back(), echo(kHost2, kHost146, 9));
}

// Both ends see traffic before either hears from the other: two MM1s cross on the wire.
std::vector<std::pair<Router*, engine::SendDatagram>> crossed_main_modes(Lab& lab) {
  std::vector<std::pair<Router*, engine::SendDatagram>> held;
  lab.wire = [&](const Router& from, engine::SendDatagram& d) {
    held.emplace_back(&from == &lab.r2 ? &lab.r10 : &lab.r2, d);
    return false;
  };
  lab.ping(lab.r2, echo(kHost2, kHost146, 1));
  lab.ping(lab.r10, echo(kHost146, kHost2, 2));
  lab.wire = [](const Router&, engine::SendDatagram&) { return true; };
  return held;
}

void expect_one_tunnel_carrying_both_pings(Lab& lab) {
  ASSERT_EQ(lab.r2.sink.packets.size(), 1u);
  ASSERT_EQ(lab.r10.sink.packets.size(), 1u);
  EXPECT_EQ(lab.r2.sink.packets[0], echo(kHost146, kHost2, 2));
  EXPECT_EQ(lab.r10.sink.packets[0], echo(kHost2, kHost146, 1));
  EXPECT_EQ(lab.r2.component->sas().all().size(), 1u);
  EXPECT_EQ(lab.r10.component->sas().all().size(), 1u);
}

TEST(CryptoComponent, CrossedMainModesLowerAddressWins) {
  Lab lab;
  auto held = crossed_main_modes(lab);
  ASSERT_EQ(held.size(), 2u);
  // R10's MM1 reaches R2 first: 6.6.25.2 < 6.6.156.100, so R2 drops it and goes on; then
  // R2's MM1 reaches R10, which gives its own up and answers.
  lab.deliver(*held[1].first, held[1].second);
  lab.deliver(*held[0].first, held[0].second);
  EXPECT_EQ(lab.r2.component->counters().ike_collisions, 1u);
  EXPECT_EQ(lab.r10.component->counters().ike_collisions, 1u);
  expect_one_tunnel_carrying_both_pings(lab);
}

TEST(CryptoComponent, StaleMainModeAfterTheTunnelIsUpDoesNotDisturbIt) {
  Lab lab;
  auto held = crossed_main_modes(lab);
  // R2's MM1 first: R10 yields, the tunnel comes up; R10's old MM1 then reaches R2.
  lab.deliver(*held[0].first, held[0].second);
  lab.deliver(*held[1].first, held[1].second);
  EXPECT_EQ(lab.r2.component->counters().ike_collisions, 0u);
  EXPECT_EQ(lab.r10.component->counters().ike_collisions, 1u);
  expect_one_tunnel_carrying_both_pings(lab);
  // The stale exchange R2 answered never completes and is given up; the tunnel stays.
  lab.advance(seconds(70));
  EXPECT_FALSE(lab.r2.component->peers()[0]->incoming);
  EXPECT_EQ(lab.r2.component->sas().all().size(), 1u);
  lab.ping(lab.r2, echo(kHost2, kHost146, 5));
  EXPECT_EQ(lab.r10.sink.packets.back(), echo(kHost2, kHost146, 5));
}

TEST(CryptoComponent, RestartedPeerReplacesTheOldSessionAndItsSas) {
  Lab lab;
  lab.ping(lab.r2, echo(kHost2, kHost146, 1));
  const std::uint32_t old_spi = lab.r2.component->sas().all()[0].inbound_spi;
  lab.make(lab.r10, r10_plan());  // R10 restarts with nothing
  lab.ping(lab.r10, echo(kHost146, kHost2, 2));
  ASSERT_EQ(lab.r2.component->sas().all().size(), 1u);
  EXPECT_NE(lab.r2.component->sas().all()[0].inbound_spi, old_spi);
  EXPECT_EQ(lab.r2.component->counters().sa_removed, 1u);
  EXPECT_EQ(lab.r2.component->peers()[0]->role, ike::IkeRole::Responder);
  ASSERT_EQ(lab.r2.sink.packets.size(), 1u);
  EXPECT_EQ(lab.r2.sink.packets[0], echo(kHost146, kHost2, 2));
  lab.ping(lab.r2, echo(kHost2, kHost146, 3));
  EXPECT_EQ(lab.r10.sink.packets.back(), echo(kHost2, kHost146, 3));
}

TEST(CryptoComponent, ExpiredSaIsRemovedAndTheNextPacketRunsAQuickMode) {
  Lab lab;
  plan::Plan p2 = r2_plan();
  p2.crypto_maps[0].entries[0].lifetime_seconds = 120;  // IOS's minimum
  plan::Plan p10 = r10_plan();
  p10.crypto_maps[0].entries[0].lifetime_seconds = 120;
  lab.make(lab.r2, p2);
  lab.make(lab.r10, p10);
  lab.ping(lab.r2, echo(kHost2, kHost146, 1));
  const std::uint32_t first_spi = lab.r2.component->sas().all()[0].inbound_spi;
  lab.advance(seconds(119));
  EXPECT_EQ(lab.r2.component->sas().all().size(), 1u);
  lab.advance(seconds(1));
  EXPECT_TRUE(lab.r2.component->sas().all().empty());
  EXPECT_TRUE(lab.r10.component->sas().all().empty());
  EXPECT_EQ(lab.r2.component->counters().sa_expired, 1u);
  // The ISAKMP SA is still up (DPD kept it): only quick mode runs again.
  const std::size_t ike_before = ike_sent(lab.r2);
  lab.ping(lab.r2, echo(kHost2, kHost146, 2));
  EXPECT_EQ(ike_sent(lab.r2), ike_before + 2);  // QM1, QM3
  EXPECT_EQ(lab.r2.component->counters().quick_mode_initiations, 1u);
  EXPECT_EQ(lab.r2.component->counters().initiations, 1u);
  ASSERT_EQ(lab.r2.component->sas().all().size(), 1u);
  EXPECT_NE(lab.r2.component->sas().all()[0].inbound_spi, first_spi);
  EXPECT_EQ(lab.r10.sink.packets.back(), echo(kHost2, kHost146, 2));
}

TEST(CryptoComponent, VolumeLimitRetiresTheSaAtOnce) {
  Lab lab;
  plan::Plan p2 = r2_plan();
  p2.crypto_maps[0].entries[0].lifetime_kilobytes = 1;  // 1024 bytes: the 11th 100-byte ping
  lab.make(lab.r2, p2);
  lab.ping(lab.r2, echo(kHost2, kHost146, 0));
  ASSERT_EQ(lab.r2.component->sas().all().size(), 1u);
  const std::uint32_t first_spi = lab.r2.component->sas().all()[0].outbound_spi;
  for (int i = 1; i <= 10; ++i) lab.ping(lab.r2, echo(kHost2, kHost146, static_cast<std::uint8_t>(i)));
  // The packet that crossed 1 KB still went out (esp core), and the sweep was armed for now.
  EXPECT_EQ(lab.r2.timers.at(CryptoComponent::kExpiryTimer), lab.now);
  lab.advance(seconds(0));
  EXPECT_EQ(lab.r2.component->counters().sa_expired, 1u);
  lab.ping(lab.r2, echo(kHost2, kHost146, 11));
  ASSERT_EQ(lab.r2.component->sas().all().size(), 1u);
  EXPECT_NE(lab.r2.component->sas().all()[0].outbound_spi, first_spi);
  EXPECT_EQ(lab.r10.sink.packets.back(), echo(kHost2, kHost146, 11));
}

TEST(CryptoComponent, IkeFromStrangersAndNatTAreCounted) {
  Lab lab;
  engine::Datagram d;
  d.source = addr(1, 2, 3, 4);
  d.destination_port = 500;
  d.payload = Packet(28, 0);
  engine::Actions out;
  lab.r2.component->datagram(d, lab.now, out);
  d.source = kVip;  // the peer, but not an MM1 and nothing is running
  lab.r2.component->datagram(d, lab.now, out);
  d.destination_port = 4500;
  lab.r2.component->datagram(d, lab.now, out);
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(lab.r2.component->counters().ike_unknown_peer, 1u);
  EXPECT_EQ(lab.r2.component->counters().ike_no_session, 1u);
  EXPECT_EQ(lab.r2.component->counters().nat_t_dropped, 1u);
}

}  // namespace
}  // namespace havpnc::crypto
