// Rekey between two havpnc CryptoComponents (the seed's R2 and R10) on a fake wire with a
// fake clock: traffic flows both ways across the soft limit (90% of the seconds or of the
// kilobytes), a new quick mode installs a new pair, the old pair expires at its hard limit —
// and not one packet is lost on the way. A shorter lifetime on the responder reaches the
// initiator through RESPONDER-LIFETIME and the rekey follows the shorter one.
#include <gtest/gtest.h>

#include "runtime/esp/iv_source.h"
#include "runtime/ike/crypto/random.h"
#include "tests/crypto/crypto_lab.h"
#include "tests/crypto/packets.h"

namespace havpnc::crypto {
namespace {

using namespace testing;

const std::uint32_t kHost2 = addr(6, 6, 2, 2);
const std::uint32_t kHost146 = addr(6, 6, 146, 4);

struct RekeyLab {
  ike::crypto::SystemRandom random;  // outlive the components
  esp::OpenSslIvSource ivs;
  Lab lab;
  std::size_t sent_to_r10 = 0, sent_to_r2 = 0;

  void rebuild(Router& r, plan::Plan p, std::uint32_t seconds, std::uint64_t kilobytes) {
    for (auto& m : p.crypto_maps)
      for (auto& e : m.entries) {
        e.lifetime_seconds = seconds;
        e.lifetime_kilobytes = kilobytes;
      }
    auto setups = build_peer_setups(p);
    ASSERT_TRUE(setups) << setups.error();
    CryptoOptions options;
    options.rekey_before_expiry = true;  // as `havpnc run` sets it
    r.component = std::make_unique<CryptoComponent>(std::move(*setups), options, random, ivs, r.sink);
    r.timers.clear();
    engine::Actions out;
    r.component->start(lab.now, out);
    lab.run(r, std::move(out));
  }

  void both_ways(std::size_t payload, std::uint8_t fill) {
    lab.ping(lab.r2, ipv4(kHost2, kHost146, 1, payload, fill));
    ++sent_to_r10;
    lab.ping(lab.r10, ipv4(kHost146, kHost2, 1, payload, fill));
    ++sent_to_r2;
  }
  void expect_nothing_lost() const {
    EXPECT_EQ(lab.r10.sink.packets.size(), sent_to_r10);
    EXPECT_EQ(lab.r2.sink.packets.size(), sent_to_r2);
    for (const Router* r : {&lab.r2, &lab.r10}) {
      const auto& c = r->component->counters();
      EXPECT_EQ(c.esp_dropped, 0u) << r->name;
      EXPECT_EQ(c.outbound_queue_discarded + c.outbound_queue_overflow + c.outbound_encrypt_refused, 0u)
          << r->name;
    }
  }
};

std::uint32_t outbound_spi(Router& r) {
  const auto& all = r.component->sas().all();
  return all.empty() ? 0 : all.back().outbound_spi;
}

TEST(Rekey, SoftTimeLimitRekeysWithoutLosingAPacket) {
  RekeyLab t;
  t.rebuild(t.lab.r2, r2_plan(), 600, 0);
  t.rebuild(t.lab.r10, r10_plan(), 600, 0);
  t.both_ways(80, 0);  // brings the tunnel up (the first packet waits in the queue)
  ASSERT_EQ(t.lab.r10.sink.packets.size(), 1u);
  const std::uint32_t first_spi = outbound_spi(t.lab.r2);
  const TimePoint start = t.lab.now;
  // A packet each way every 5 s for two hard lifetimes: across a soft limit (540 s), the
  // old pair's hard expiry (600 s) and the second rekey (1080 s).
  for (int i = 1; i <= 240; ++i) {
    t.lab.advance_to(start + seconds(5 * i));
    t.both_ways(80, static_cast<std::uint8_t>(i));
  }
  t.expect_nothing_lost();
  EXPECT_GE(t.lab.r2.component->rekeys_started() + t.lab.r10.component->rekeys_started(), 2u);
  EXPECT_GE(t.lab.r2.component->counters().sa_installed, 3u);
  EXPECT_GE(t.lab.r10.component->counters().sa_installed, 3u);
  EXPECT_GE(t.lab.r2.component->counters().sa_expired, 1u) << "old pairs leave at their hard limit";
  EXPECT_NE(outbound_spi(t.lab.r2), first_spi);
  // Never more than old + new at a time.
  EXPECT_LE(t.lab.r2.component->sas().all().size(), 2u);
}

TEST(Rekey, NewPairTakesOutboundTrafficOnceInstalledOldStillDecrypts) {
  RekeyLab t;
  t.rebuild(t.lab.r2, r2_plan(), 600, 0);
  t.rebuild(t.lab.r10, r10_plan(), 600, 0);
  t.both_ways(80, 0);
  const std::uint32_t old_in = t.lab.r2.component->sas().all().front().inbound_spi;
  t.lab.advance_to(t.lab.now + seconds(541));  // past 90%: the rekey ran on the timer
  ASSERT_EQ(t.lab.r2.component->sas().all().size(), 2u);
  const auto& newest = t.lab.r2.component->sas().all().back();
  EXPECT_NE(newest.inbound_spi, old_in);
  // R2's next packet leaves on the new pair.
  t.lab.ping(t.lab.r2, echo(kHost2, kHost146, 1));
  ++t.sent_to_r10;
  EXPECT_EQ(t.lab.r2.sent.back().payload[0] << 24 | t.lab.r2.sent.back().payload[1] << 16 |
                t.lab.r2.sent.back().payload[2] << 8 | t.lab.r2.sent.back().payload[3],
            static_cast<int>(newest.outbound_spi));
  // A late packet the peer sent on the old pair is still accepted (make before break).
  SaBinding* old_pair = const_cast<SaBindings&>(t.lab.r10.component->sas()).by_inbound_spi(
      t.lab.r10.component->sas().all().front().inbound_spi);
  ASSERT_NE(old_pair, nullptr);
  engine::Bytes wire(old_pair->outbound->encapsulated_size(100));
  const Packet late = echo(kHost146, kHost2, 9);
  auto r = old_pair->outbound->encapsulate(late, t.lab.now, t.ivs, wire);
  ASSERT_EQ(r.status, esp::EncapStatus::Ok);
  wire.resize(r.length);
  engine::Datagram d;
  d.transport = engine::Transport::Esp;
  d.source = addr(6, 6, 156, 100);
  d.destination = addr(6, 6, 25, 2);
  d.payload = wire;
  engine::Actions out;
  t.lab.r2.component->datagram(d, t.lab.now, out);
  ++t.sent_to_r2;
  t.expect_nothing_lost();
}

TEST(Rekey, SoftKilobyteLimitRekeysWithoutLoss) {
  RekeyLab t;
  // IOS's smallest volume lifetime, 2560 KB: soft at 2304 KB, about 1700 packets of 1400 bytes.
  t.rebuild(t.lab.r2, r2_plan(), 3600, 2560);
  t.rebuild(t.lab.r10, r10_plan(), 3600, 2560);
  for (int i = 0; i < 2400; ++i) {
    t.lab.ping(t.lab.r2, ipv4(kHost2, kHost146, 1, 1380, static_cast<std::uint8_t>(i)));
    ++t.sent_to_r10;
    t.lab.advance_to(t.lab.now + std::chrono::milliseconds(10));
  }
  t.expect_nothing_lost();
  EXPECT_GE(t.lab.r2.component->rekeys_started() + t.lab.r10.component->rekeys_started(), 1u);
  EXPECT_GE(t.lab.r2.component->counters().sa_installed, 2u);
  // The old pair carries no more outbound traffic, so it never reaches its hard volume
  // limit: it stays to decrypt until its time runs out or the peer deletes it.
  EXPECT_EQ(t.lab.r2.component->sas().all().size(), 2u);
  EXPECT_LT(t.lab.r2.component->sas().all().front().outbound->lifetime().bytes(), 2560u * 1024u);
}

TEST(Rekey, ResponderLifetimeIsHonouredAndDrivesTheRekey) {
  RekeyLab t;
  t.rebuild(t.lab.r2, r2_plan(), 3600, 0);
  t.rebuild(t.lab.r10, r10_plan(), 900, 0);  // R10 answers with RESPONDER-LIFETIME 900 s
  t.both_ways(80, 0);
  ASSERT_FALSE(t.lab.r2.component->sas().all().empty());
  EXPECT_EQ(t.lab.r2.component->sas().all().back().lifetime_seconds, 900u);
  const TimePoint start = t.lab.now;
  for (int i = 1; i <= 100; ++i) {
    t.lab.advance_to(start + seconds(10 * i));
    t.both_ways(80, static_cast<std::uint8_t>(i));
  }
  t.expect_nothing_lost();
  EXPECT_GE(t.lab.r2.component->counters().sa_installed, 2u) << "rekeyed by 810 s, not 3240 s";
}

}  // namespace
}  // namespace havpnc::crypto
