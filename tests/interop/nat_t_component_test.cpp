// NAT-T between two havpnc CryptoComponents (the seed's R2 and R10) on a fake wire, as the
// engine carries it out: one side forces encapsulation (like strongSwan's `encap = yes`), so
// IKE floats to UDP 4500 behind the non-ESP marker after MM4 and ESP goes as UDP 4500
// payload (RFC 3947 §4, RFC 3948 §2). Without forcing, ESP stays raw protocol 50 as between
// IOS routers. Also: what arrives on 4500 is demultiplexed (marker, ESP, keepalive, junk).
#include <gtest/gtest.h>

#include "runtime/esp/framing.h"
#include "runtime/esp/iv_source.h"
#include "runtime/ike/crypto/random.h"
#include "tests/crypto/crypto_lab.h"
#include "tests/crypto/packets.h"

namespace havpnc::crypto {
namespace {

using namespace testing;

const std::uint32_t kHost2 = addr(6, 6, 2, 2);
const std::uint32_t kHost146 = addr(6, 6, 146, 4);
const std::uint32_t kVip = addr(6, 6, 156, 100);

// The lab's routers, one of them rebuilt with `force_encapsulation`.
struct NatTLab {
  ike::crypto::SystemRandom random;  // outlive the components
  esp::OpenSslIvSource ivs;
  Lab lab;

  void force(Router& r, plan::Plan p, std::optional<std::uint32_t> nat_keepalive = std::nullopt) {
    p.nat_keepalive_seconds = nat_keepalive;
    auto setups = build_peer_setups(p);
    ASSERT_TRUE(setups) << setups.error();
    for (auto& peer : setups->peers) peer.session.main_mode.force_encapsulation = true;
    r.component = std::make_unique<CryptoComponent>(std::move(*setups), CryptoOptions{}, random, ivs, r.sink);
    engine::Actions out;
    r.component->start(lab.now, out);
    lab.run(r, std::move(out));
  }
};

bool is_udp_from(const engine::SendDatagram& s, std::uint16_t port) {
  return s.transport == engine::Transport::Udp && s.source_port == port;
}

void expect_floated_exchange(const Router& r, std::size_t ike_before_float) {
  std::size_t ike = 0;
  for (const auto& s : r.sent) {
    if (s.transport != engine::Transport::Udp) continue;
    if (s.payload.size() > 4 && s.payload[0] == 0 && s.payload[1] == 0 && s.payload[2] == 0 &&
        s.payload[3] == 0) {
      EXPECT_EQ(s.source_port, 4500);
      EXPECT_EQ(s.destination_port, 4500);
      EXPECT_GE(ike, ike_before_float) << r.name << ": marker before the float";
      ++ike;
    } else if (s.source_port == 500) {
      EXPECT_LT(ike, ike_before_float) << r.name << ": port 500 after the float";
      ++ike;
    }
  }
}

TEST(NatTComponent, ForcedEncapsulationCarriesIkeAndEspOverUdp4500) {
  NatTLab t;
  t.force(t.lab.r10, r10_plan());
  const Packet request = echo(kHost2, kHost146, 1);
  t.lab.ping(t.lab.r2, request);
  ASSERT_EQ(t.lab.r10.sink.packets.size(), 1u);
  EXPECT_EQ(t.lab.r10.sink.packets[0], request);
  // R2: MM1, MM3 on 500; MM5, QM1, QM3 on 4500 with the marker. R10: MM2, MM4; then MM6, QM2.
  expect_floated_exchange(t.lab.r2, 2);
  expect_floated_exchange(t.lab.r10, 2);
  EXPECT_EQ(t.lab.r2.component->nat_t_counters().ike_sent, 3u);
  EXPECT_EQ(t.lab.r10.component->nat_t_counters().ike_sent, 2u);
  EXPECT_EQ(t.lab.r10.component->nat_t_counters().ike_received, 3u);
  // The ping: ESP (SPI first, no marker) as the payload of UDP 4500 -> 4500, no protocol 50.
  EXPECT_EQ(t.lab.r2.esp_sent(), 0u);
  const engine::SendDatagram& esp = t.lab.r2.sent.back();
  ASSERT_TRUE(is_udp_from(esp, 4500));
  EXPECT_EQ(esp.destination, kVip);
  EXPECT_EQ(esp.destination_port, 4500);
  EXPECT_EQ(esp::classify_udp_4500(esp.payload), esp::Udp4500Kind::Esp);
  EXPECT_EQ(esp.payload.size(), 4u + 4u + 16u + 112u + 12u);  // as raw ESP: nothing added
  EXPECT_EQ(t.lab.r10.component->nat_t_counters().esp_received, 1u);

  // And back: R10's reply goes the same way.
  const Packet reply = echo(kHost146, kHost2, 2);
  t.lab.ping(t.lab.r10, reply);
  ASSERT_EQ(t.lab.r2.sink.packets.size(), 1u);
  EXPECT_EQ(t.lab.r2.sink.packets[0], reply);
  EXPECT_EQ(t.lab.r10.esp_sent(), 0u);
  EXPECT_TRUE(is_udp_from(t.lab.r10.sent.back(), 4500));
  EXPECT_EQ(t.lab.r2.component->nat_t_counters().esp_received, 1u);
  EXPECT_EQ(t.lab.r2.component->counters().esp_dropped, 0u);
}

TEST(NatTComponent, InitiatorForcingWorksToo) {
  NatTLab t;
  t.force(t.lab.r2, r2_plan());
  t.lab.ping(t.lab.r2, echo(kHost2, kHost146, 3));
  ASSERT_EQ(t.lab.r10.sink.packets.size(), 1u);
  EXPECT_TRUE(is_udp_from(t.lab.r2.sent.back(), 4500));
  t.lab.ping(t.lab.r10, echo(kHost146, kHost2, 4));
  EXPECT_EQ(t.lab.r2.sink.packets.size(), 1u);
}

TEST(NatTComponent, WithoutNatEspStaysProtocol50AndNothingUses4500) {
  Lab lab;
  lab.ping(lab.r2, echo(kHost2, kHost146, 1));
  ASSERT_EQ(lab.r10.sink.packets.size(), 1u);
  for (const Router* r : {&lab.r2, &lab.r10})
    for (const auto& s : r->sent) {
      EXPECT_NE(s.source_port, 4500);
      EXPECT_NE(s.destination_port, 4500);
    }
  EXPECT_EQ(lab.r2.esp_sent(), 1u);
}

TEST(NatTComponent, Port4500DemultiplexesKeepalivesJunkAndUnknownEsp) {
  NatTLab t;
  t.force(t.lab.r10, r10_plan());
  t.lab.ping(t.lab.r2, echo(kHost2, kHost146, 1));
  ASSERT_EQ(t.lab.r10.sink.packets.size(), 1u);
  CryptoComponent& r10 = *t.lab.r10.component;
  const auto before = r10.nat_t_counters();
  auto send = [&](engine::Bytes payload) {
    engine::Datagram d;
    d.source = addr(6, 6, 25, 2);
    d.source_port = 4500;
    d.destination = kVip;
    d.destination_port = 4500;
    d.payload = std::move(payload);
    engine::Actions out;
    r10.datagram(d, t.lab.now, out);
    return out;
  };
  EXPECT_TRUE(send({0xFF}).empty());                                  // keepalive: no answer
  EXPECT_TRUE(send({0x00, 0x00}).empty());                            // too short for anything
  EXPECT_TRUE(send({0, 0, 0, 0, 1, 2, 3}).empty());                   // marker, no ISAKMP header
  EXPECT_TRUE(send({0x12, 0x34, 0x56, 0x78, 0, 0, 0, 1, 9, 9}).empty());  // unknown SPI
  engine::Bytes garbage_ike(4 + 28, 0xAB);
  garbage_ike[0] = garbage_ike[1] = garbage_ike[2] = garbage_ike[3] = 0;
  send(garbage_ike);  // marker + 28 bytes that are no valid ISAKMP message
  const auto& after = r10.nat_t_counters();
  EXPECT_EQ(after.keepalives_received, before.keepalives_received + 1);
  EXPECT_EQ(after.invalid, before.invalid + 2);
  EXPECT_EQ(after.esp_received, before.esp_received + 1);
  EXPECT_EQ(after.ike_received, before.ike_received + 1);
  EXPECT_GE(r10.counters().esp_dropped, 1u);
  // The tunnel is unharmed.
  t.lab.ping(t.lab.r2, echo(kHost2, kHost146, 9));
  EXPECT_EQ(t.lab.r10.sink.packets.size(), 2u);
}

// A NAT in front of R2 maps its 4500 to 31337 from the start: R10 answers MM5 (which
// authenticates) at 31337, from 4500 behind the marker, and everything after goes there too.
TEST(NatTComponent, ResponderFollowsTheNatPortOfAuthenticatedMessages) {
  NatTLab t;
  t.force(t.lab.r10, r10_plan());
  t.lab.wire = [](const Router& from, engine::SendDatagram& s) {
    if (from.name == "R2" && s.source_port == 4500) s.source_port = 31337;
    return true;
  };
  t.lab.ping(t.lab.r2, echo(kHost2, kHost146, 1));
  ASSERT_EQ(t.lab.r10.sink.packets.size(), 1u);
  t.lab.ping(t.lab.r10, echo(kHost146, kHost2, 2));
  ASSERT_EQ(t.lab.r2.sink.packets.size(), 1u);
  std::size_t to_4500 = 0, to_31337 = 0;
  for (const auto& s : t.lab.r10.sent) {
    EXPECT_TRUE(s.destination_port == 500 || s.source_port == 4500) << "floated IKE from 500";
    to_4500 += s.destination_port == 4500;
    to_31337 += is_udp_from(s, 4500) && s.destination_port == 31337;
  }
  EXPECT_EQ(to_4500, 0u) << "MM6, QM2 and ESP all go to the NAT's port";
  EXPECT_GE(to_31337, 3u);
}

// RFC 3947 §5 / RFC 3948 §2: a datagram from the peer's address but another port moves our
// replies only if it authenticates. Junk, a forged informational, a replayed quick mode
// message and replayed or unknown ESP from 6.6.25.2:31337 leave R10 answering 4500; a
// fresh ESP packet that verifies (the NAT rebound R2's flow) moves it to 31337.
TEST(NatTComponent, UnauthenticatedDatagramsDoNotMoveTheReplyPort) {
  NatTLab t;
  t.force(t.lab.r10, r10_plan());
  t.lab.ping(t.lab.r2, echo(kHost2, kHost146, 1));
  ASSERT_EQ(t.lab.r10.sink.packets.size(), 1u);
  CryptoComponent& r10 = *t.lab.r10.component;
  const auto spoof = [&](engine::Bytes payload) {
    engine::Datagram d;
    d.source = addr(6, 6, 25, 2);
    d.source_port = 31337;
    d.destination = kVip;
    d.destination_port = 4500;
    d.payload = std::move(payload);
    engine::Actions out;
    r10.datagram(d, t.lab.now, out);
    for (const auto& a : out) {
      if (const auto* s = std::get_if<engine::SendDatagram>(&a)) {
        EXPECT_NE(s->destination_port, 31337) << "answered the spoofed port";
      }
    }
  };
  // R2's last IKE message (QM3) and last ESP datagram, as sent.
  engine::Bytes last_ike, last_esp;
  for (const auto& s : t.lab.r2.sent) {
    if (!is_udp_from(s, 4500)) continue;
    (esp::classify_udp_4500(s.payload) == esp::Udp4500Kind::Ike ? last_ike : last_esp) = s.payload;
  }
  ASSERT_FALSE(last_ike.empty());
  ASSERT_FALSE(last_esp.empty());
  engine::Bytes junk(4 + 28, 0xAB);
  junk[0] = junk[1] = junk[2] = junk[3] = 0;
  spoof(junk);
  // An informational with the ISAKMP SA's cookies, encrypted flag, garbage body.
  engine::Bytes forged(last_ike.begin(), last_ike.begin() + 4 + 28);
  forged[4 + 18] = 5;     // exchange: informational
  forged[4 + 23] ^= 0x77;  // another message ID
  forged.resize(4 + 28 + 48, 0x5A);
  const std::uint32_t length = static_cast<std::uint32_t>(forged.size() - 4);
  forged[4 + 24] = static_cast<std::uint8_t>(length >> 24);
  forged[4 + 25] = static_cast<std::uint8_t>(length >> 16);
  forged[4 + 26] = static_cast<std::uint8_t>(length >> 8);
  forged[4 + 27] = static_cast<std::uint8_t>(length);
  spoof(forged);
  spoof(last_ike);                                    // replayed QM3
  spoof(last_esp);                                    // replayed ESP: the window refuses it
  spoof({0x12, 0x34, 0x56, 0x78, 0, 0, 0, 9, 1, 2});  // unknown SPI
  EXPECT_GE(r10.counters().esp_dropped, 2u);
  EXPECT_EQ(t.lab.r10.sink.packets.size(), 1u);

  t.lab.ping(t.lab.r10, echo(kHost146, kHost2, 2));
  ASSERT_EQ(t.lab.r2.sink.packets.size(), 1u) << "the tunnel still works";
  EXPECT_EQ(t.lab.r10.sent.back().destination_port, 4500) << "reply port unmoved";

  // The NAT rebinds R2's flow: a fresh ESP packet verifies, and R10 follows it.
  t.lab.wire = [](const Router& from, engine::SendDatagram& s) {
    if (from.name == "R2" && s.source_port == 4500) s.source_port = 31337;
    return true;
  };
  t.lab.ping(t.lab.r2, echo(kHost2, kHost146, 3));
  ASSERT_EQ(t.lab.r10.sink.packets.size(), 2u);
  t.lab.ping(t.lab.r10, echo(kHost146, kHost2, 4));
  EXPECT_EQ(t.lab.r10.sent.back().destination_port, 31337);
  EXPECT_EQ(t.lab.r2.sink.packets.size(), 2u);
}

std::size_t keepalives(const Router& r) {
  std::size_t n = 0;
  for (const auto& s : r.sent)
    n += is_udp_from(s, 4500) && s.payload == engine::Bytes{0xFF} && s.destination_port == 4500;
  return n;
}

TEST(NatTComponent, NatKeepalivesOnThePlanIntervalFromTheSideBehindTheNat) {
  NatTLab t;
  t.force(t.lab.r10, r10_plan(), 20);  // `crypto isakmp nat keepalive 20`
  t.lab.ping(t.lab.r2, echo(kHost2, kHost146, 1));
  ASSERT_EQ(t.lab.r10.sink.packets.size(), 1u);
  EXPECT_EQ(keepalives(t.lab.r10), 0u);
  t.lab.advance(seconds(19));
  EXPECT_EQ(keepalives(t.lab.r10), 0u);
  t.lab.advance(seconds(1));
  EXPECT_EQ(keepalives(t.lab.r10), 1u);
  t.lab.advance(seconds(40));
  EXPECT_EQ(keepalives(t.lab.r10), 3u);
  EXPECT_EQ(t.lab.r2.component->nat_t_counters().keepalives_received, 3u);
  EXPECT_EQ(keepalives(t.lab.r2), 0u) << "R2 is not behind the (claimed) NAT";
  // And the tunnel still carries traffic.
  t.lab.ping(t.lab.r2, echo(kHost2, kHost146, 2));
  EXPECT_EQ(t.lab.r10.sink.packets.size(), 2u);
}

TEST(NatTComponent, NoKeepalivesWithoutThePlanLine) {
  NatTLab t;
  t.force(t.lab.r10, r10_plan());
  t.lab.ping(t.lab.r2, echo(kHost2, kHost146, 1));
  t.lab.advance(seconds(120));
  EXPECT_EQ(keepalives(t.lab.r10), 0u);
  EXPECT_EQ(t.lab.r10.component->nat_t_counters().keepalives_sent, 0u);
}

}  // namespace
}  // namespace havpnc::crypto
