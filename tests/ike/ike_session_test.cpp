// Two in-process IKE sessions (R2 and the R10/R11 VIP of the seed) joined by a fake network
// that can drop datagrams, driven by a fake clock: main mode + quick mode with PFS group 2,
// loss and retransmission, duplicates, DPD both ways, Delete, INITIAL-CONTACT, peer death;
// and the resulting IPsec SAs carry a packet through runtime/esp in both directions.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>

#include "runtime/esp/sa.h"
#include "runtime/ike/esp_sa_params.h"
#include "runtime/ike/informational.h"
#include "runtime/ike/ike_session.h"
#include "tests/ike/phase1_fixture.h"

namespace havpnc::ike {
namespace {

using testing::kR2;
using testing::kVip;

const TimePoint kStart = TimePoint{} + std::chrono::microseconds(5'000'000'000);

TrafficSelector r2_acl() {
  return TrafficSelector{{{6, 6, 2, 0}, {255, 255, 255, 0}}, {{6, 6, 146, 0}, {255, 255, 255, 0}}};
}

// The seed: `encr aes / authentication pre-share / group 2`, `esp-aes esp-sha-hmac`,
// `set pfs group2`, ACL 6.6.2.0/24 <-> 6.6.146.0/24, `crypto isakmp keepalive 10 2 periodic`.
SessionConfig seed(Endpoint local, Endpoint remote, TrafficSelector acl,
                   DpdMode mode = DpdMode::Periodic) {
  SessionConfig c;
  c.main_mode = testing::seed_main_mode(local, remote);
  c.phase2.transform_sets = {IpsecTransform{kEspTransformAes, 128, EspIntegrity::HmacSha1}};
  c.phase2.pfs = crypto::DhGroup::Modp1024;
  c.phase2.selector = acl;
  c.dpd = DpdConfig{seconds(10), seconds(2), mode};
  return c;
}

struct Side {
  IkeCounters counters;
  std::optional<IkeSession> session;
  std::vector<ChildSa> installed;
  std::vector<RemoveChildSa> removed;
  std::vector<IkeSaDeleted> ike_deleted;
  std::vector<LogRecord> logs;
  TimePoint timer = TimePoint::max();
  std::size_t sent = 0;

  bool has_log(const std::string& formatted) const {
    for (const auto& l : logs)
      if (l.format() == formatted) return true;
    return false;
  }
};

struct Net {
  crypto::SystemRandom random;
  Side r2, vip;
  TimePoint now = kStart;
  // Return true to drop: (sender, index of the datagram among everything it sent, bytes).
  std::function<bool(const Side&, std::size_t, const Bytes&)> drop = [](auto&, auto, auto&) {
    return false;
  };

  Net(SessionConfig i, SessionConfig r) {
    r2.session.emplace(IkeSession::initiator(std::move(i), random, r2.counters));
    vip.session.emplace(IkeSession::responder(std::move(r), random, vip.counters));
  }
  Side& other(Side& s) { return &s == &r2 ? vip : r2; }

  // Applies `actions` of `from`, delivering datagrams until the network is quiet.
  void apply(Side& from, Actions actions) {
    std::vector<std::pair<Side*, Bytes>> wire;
    auto take = [&](Side& s, Actions acts) {
      for (auto& a : acts) {
        if (auto* d = std::get_if<SendDatagram>(&a)) {
          std::size_t index = s.sent++;
          if (!drop(s, index, d->bytes)) wire.emplace_back(&other(s), std::move(d->bytes));
        } else if (auto* c = std::get_if<InstallChildSa>(&a)) {
          s.installed.push_back(std::move(c->sa));
        } else if (auto* r = std::get_if<RemoveChildSa>(&a)) {
          s.removed.push_back(*r);
        } else if (auto* k = std::get_if<IkeSaDeleted>(&a)) {
          s.ike_deleted.push_back(*k);
        } else if (auto* l = std::get_if<LogRecord>(&a)) {
          s.logs.push_back(*l);
        }
      }
      s.timer = s.session->next_deadline();
    };
    take(from, std::move(actions));
    for (std::size_t n = 0; n < wire.size() && n < 1000; ++n) {
      Side* to = wire[n].first;
      take(*to, to->session->receive(now, wire[n].second));
    }
  }

  // Advances the clock to the earliest timer (up to `until`) and fires it; false if none.
  bool step(TimePoint until) {
    TimePoint t = std::min(r2.timer, vip.timer);
    if (t > until) return false;
    now = std::max(now, t);  // a deadline already past fires now
    Side& s = r2.timer <= vip.timer ? r2 : vip;
    apply(s, s.session->timer(now));
    return true;
  }
  void run_until(TimePoint until) {
    while (step(until)) {
    }
    now = until;
  }
};

// One inner IPv4 packet 6.6.2.2 -> 6.6.146.4 through an outbound SA and the peer's inbound SA.
void expect_esp_round_trip(const ChildSa& sender, const ChildSa& receiver, TimePoint now) {
  auto s = esp_sa_params(sender);
  auto r = esp_sa_params(receiver);
  ASSERT_TRUE(s && r);
  std::string err;
  auto out = esp::EspSa::create(s->outbound, now, &err);
  ASSERT_TRUE(out) << err;
  auto in = esp::EspSa::create(r->inbound, now, &err);
  ASSERT_TRUE(in) << err;
  Bytes inner(84, 0);
  inner[0] = 0x45;
  inner[3] = 84;
  inner[9] = 1;  // ICMP
  for (std::size_t i = 0; i < 4; ++i) {
    inner[12 + i] = std::array<std::uint8_t, 4>{6, 6, 2, 2}[i];
    inner[16 + i] = std::array<std::uint8_t, 4>{6, 6, 146, 4}[i];
  }
  for (std::size_t i = 20; i < inner.size(); ++i) inner[i] = static_cast<std::uint8_t>(i);
  esp::OpenSslIvSource ivs;
  Bytes wire(out->encapsulated_size(inner.size()));
  auto enc = out->encapsulate(inner, now, ivs, wire);
  ASSERT_EQ(enc.status, esp::EncapStatus::Ok);
  wire.resize(enc.length);
  Bytes plain(wire.size());
  auto dec = in->decapsulate(wire, now, plain);
  ASSERT_EQ(dec.drop, esp::DropReason::None);
  EXPECT_EQ(Bytes(dec.inner.begin(), dec.inner.end()), inner);
  // A flipped ICV byte must not decrypt: the keys really are the ones on both sides.
  wire.back() ^= 1;
  EXPECT_NE(in->decapsulate(wire, now, plain).drop, esp::DropReason::None);
}

Net established() {
  Net net(seed(kR2, kVip, r2_acl()), seed(kVip, kR2, r2_acl().mirrored()));
  net.apply(net.r2, net.r2.session->start(net.now));
  return net;
}

TEST(IkeSession, SeedTunnelComesUpAndCarriesEspBothWays) {
  Net net = established();
  ASSERT_EQ(net.r2.installed.size(), 1u);
  ASSERT_EQ(net.vip.installed.size(), 1u);
  const ChildSa& i = net.r2.installed[0];
  const ChildSa& r = net.vip.installed[0];
  EXPECT_EQ(i.inbound_spi, r.outbound_spi);
  EXPECT_EQ(i.pfs_group, crypto::DhGroup::Modp1024);
  EXPECT_EQ(i.selector, r2_acl());
  EXPECT_EQ(r.selector, r2_acl().mirrored());
  EXPECT_EQ(net.r2.sent, 5u);   // MM1, MM3, MM5, QM1, QM3
  EXPECT_EQ(net.vip.sent, 4u);  // MM2, MM4, MM6, QM2
  EXPECT_TRUE(net.r2.has_log(
      "%CRYPTO-5-SESSION_STATUS: Crypto tunnel is UP. Peer 6.6.156.100:500 Id: 6.6.156.100"));
  expect_esp_round_trip(i, r, net.now);
  expect_esp_round_trip(r, i, net.now);
  EXPECT_EQ(net.r2.counters.phase2_established, 1u);
  EXPECT_EQ(net.vip.counters.phase2_established, 1u);
}

// IOS: one quick mode per permit line. Lines asked for before main mode is done start when
// it is (in place of the default first-line quick mode); a line asked for later runs on the
// ISAKMP SA that is up. The responder accepts each line of its ACL.
TEST(IkeSession, QuickModesPerAclLineBeforeAndAfterMainMode) {
  TrafficSelector line2 = r2_acl();
  line2.local = {{6, 6, 3, 0}, {255, 255, 255, 0}};
  TrafficSelector line3 = r2_acl();
  line3.local = {{6, 6, 4, 0}, {255, 255, 255, 0}};
  SessionConfig r10 = seed(kVip, kR2, r2_acl().mirrored());
  r10.phase2.acl_lines = {r2_acl().mirrored(), line2.mirrored(), line3.mirrored()};
  Net net(seed(kR2, kVip, r2_acl()), std::move(r10));
  net.apply(net.r2, net.r2.session->initiate_quick_mode(net.now, line2));
  net.apply(net.r2, net.r2.session->initiate_quick_mode(net.now, line2));  // once
  EXPECT_EQ(net.r2.sent, 0u);  // waits for main mode
  net.apply(net.r2, net.r2.session->start(net.now));
  ASSERT_EQ(net.r2.installed.size(), 1u);  // line 2 only: no default first-line quick mode
  EXPECT_EQ(net.r2.installed[0].selector, line2);
  ASSERT_EQ(net.vip.installed.size(), 1u);
  EXPECT_EQ(net.vip.installed[0].selector, line2.mirrored());
  net.apply(net.r2, net.r2.session->initiate_quick_mode(net.now, line3));
  ASSERT_EQ(net.r2.installed.size(), 2u);
  EXPECT_EQ(net.r2.installed[1].selector, line3);
  EXPECT_EQ(net.vip.installed[1].selector, line3.mirrored());
  EXPECT_NE(net.r2.installed[0].inbound_spi, net.r2.installed[1].inbound_spi);
  EXPECT_EQ(net.vip.counters.phase2_established, 2u);
}

TEST(IkeSession, LostMm3IsRetransmittedAfterTenSeconds) {
  Net net(seed(kR2, kVip, r2_acl()), seed(kVip, kR2, r2_acl().mirrored()));
  net.drop = [&net](const Side& s, std::size_t index, const Bytes&) {
    return &s == &net.r2 && index == 1;  // MM3
  };
  net.apply(net.r2, net.r2.session->start(net.now));
  EXPECT_TRUE(net.r2.installed.empty());
  EXPECT_EQ(net.r2.timer, kStart + seconds(10));
  net.drop = [](auto&, auto, auto&) { return false; };
  ASSERT_TRUE(net.step(kStart + seconds(11)));
  EXPECT_EQ(net.r2.counters.retransmissions, 1u);
  ASSERT_EQ(net.r2.installed.size(), 1u);
  ASSERT_EQ(net.vip.installed.size(), 1u);
  expect_esp_round_trip(net.r2.installed[0], net.vip.installed[0], net.now);
}

TEST(IkeSession, LostMm2IsAnsweredFromCacheWhenMm1IsResent) {
  Net net(seed(kR2, kVip, r2_acl()), seed(kVip, kR2, r2_acl().mirrored()));
  net.drop = [&net](const Side& s, std::size_t index, const Bytes&) {
    return &s == &net.vip && index == 0;  // MM2
  };
  net.apply(net.r2, net.r2.session->start(net.now));
  // Only the responder's first datagram (MM2) is dropped: the initiator resends MM1.
  EXPECT_TRUE(net.r2.installed.empty());
  net.drop = [](auto&, auto, auto&) { return false; };
  net.run_until(kStart + seconds(11));
  EXPECT_EQ(net.vip.counters.duplicates_answered, 1u);
  EXPECT_EQ(net.r2.installed.size(), 1u);
  EXPECT_EQ(net.vip.installed.size(), 1u);
}

TEST(IkeSession, LostQm3IsRecoveredByResponderResendingQm2) {
  Net net(seed(kR2, kVip, r2_acl()), seed(kVip, kR2, r2_acl().mirrored()));
  net.drop = [&net](const Side& s, std::size_t index, const Bytes&) {
    return &s == &net.r2 && index == 4;  // QM3
  };
  net.apply(net.r2, net.r2.session->start(net.now));
  EXPECT_EQ(net.r2.installed.size(), 1u);
  EXPECT_TRUE(net.vip.installed.empty());
  EXPECT_EQ(net.vip.timer, kStart + seconds(10));
  net.run_until(kStart + seconds(11));
  EXPECT_EQ(net.vip.counters.retransmissions, 1u);
  EXPECT_EQ(net.r2.counters.duplicates_answered, 1u);
  ASSERT_EQ(net.vip.installed.size(), 1u);
  EXPECT_EQ(net.r2.installed.size(), 1u);  // the duplicate was not processed again
  expect_esp_round_trip(net.vip.installed[0], net.r2.installed[0], net.now);
}

TEST(IkeSession, UnansweredMainModeIsGivenUpAfterFiveRetransmissions) {
  Net net(seed(kR2, kVip, r2_acl()), seed(kVip, kR2, r2_acl().mirrored()));
  net.drop = [](auto&, auto, auto&) { return true; };
  net.apply(net.r2, net.r2.session->start(net.now));
  net.run_until(kStart + seconds(120));
  EXPECT_EQ(net.r2.counters.retransmissions, 5u);
  EXPECT_EQ(net.r2.counters.retransmission_give_ups, 1u);
  EXPECT_EQ(net.r2.sent, 6u);
  EXPECT_TRUE(net.r2.has_log(
      "%CRYPTO-6-IKMP_MODE_FAILURE: Processing of Main mode failed with peer at 6.6.156.100"));
  EXPECT_EQ(net.r2.timer, TimePoint::max());
}

TEST(IkeSession, PeriodicDpdBothWays) {
  Net net = established();
  ASSERT_TRUE(net.r2.session->dpd() && net.vip.session->dpd());
  std::uint32_t r2_seq = net.r2.session->dpd()->next_sequence();
  net.run_until(kStart + seconds(35));
  // Periodic: a probe every 10 s from each side (at 10, 20, 30), each answered.
  EXPECT_EQ(net.r2.counters.dpd_probes_sent, 3u);
  EXPECT_EQ(net.vip.counters.dpd_probes_sent, 3u);
  EXPECT_EQ(net.r2.counters.dpd_acks_sent, 3u);
  EXPECT_EQ(net.vip.counters.dpd_acks_sent, 3u);
  EXPECT_EQ(net.r2.session->dpd()->next_sequence(), r2_seq + 3);
  EXPECT_EQ(net.vip.session->dpd()->peer_sequence(), r2_seq + 2);
  EXPECT_FALSE(net.r2.session->dpd()->probe_outstanding());
  EXPECT_EQ(net.r2.counters.dpd_stale_acks + net.vip.counters.dpd_stale_acks, 0u);
  EXPECT_TRUE(net.r2.removed.empty() && net.vip.removed.empty());
  EXPECT_EQ(net.r2.counters.informational_rejected + net.vip.counters.informational_rejected, 0u);
}

TEST(IkeSession, ReplayedDpdAckIsStaleAndReplayedProbeIsAnsweredOnce) {
  Net net = established();
  std::vector<Bytes> from_vip;
  net.drop = [&net, &from_vip](const Side& s, std::size_t, const Bytes& b) {
    if (&s == &net.vip) from_vip.push_back(b);
    return false;
  };
  net.run_until(kStart + seconds(10));
  ASSERT_GE(from_vip.size(), 2u);  // VIP's probe and VIP's ACK of R2's probe
  std::uint64_t stale_before = net.r2.counters.dpd_stale_acks + net.r2.counters.dpd_stale_probes;
  for (const auto& b : from_vip) net.apply(net.r2, net.r2.session->receive(net.now, b));
  // The ACK no longer echoes an outstanding probe; the probe repeats an accepted number and
  // is answered again (a retransmission), never going backwards.
  EXPECT_EQ(net.r2.counters.dpd_stale_acks + net.r2.counters.dpd_stale_probes, stale_before + 1);
  EXPECT_TRUE(net.r2.removed.empty());
}

TEST(IkeSession, DeadPeerIsDeclaredAfterFiveUnansweredRetransmissions) {
  Net net = established();
  net.drop = [&net](const Side& s, std::size_t, const Bytes&) { return &s == &net.vip; };
  // The VIP goes silent; only R2's view matters now.
  net.vip.timer = TimePoint::max();
  std::vector<TimePoint> probes;
  while (net.r2.timer <= kStart + seconds(60)) {
    std::uint64_t before = net.r2.counters.dpd_probes_sent;
    net.now = net.r2.timer;
    net.apply(net.r2, net.r2.session->timer(net.now));
    net.vip.timer = TimePoint::max();
    if (net.r2.counters.dpd_probes_sent > before) probes.push_back(net.now);
  }
  // Probe at 10 s, retransmissions every 2 s (12..20), dead 2 s after the fifth (22 s).
  ASSERT_EQ(probes.size(), 6u);
  EXPECT_EQ(probes.front(), kStart + seconds(10));
  EXPECT_EQ(probes.back(), kStart + seconds(20));
  EXPECT_EQ(net.r2.counters.peers_declared_dead, 1u);
  ASSERT_EQ(net.r2.removed.size(), 1u);
  EXPECT_EQ(net.r2.removed[0].inbound_spi, net.r2.installed[0].inbound_spi);
  EXPECT_EQ(net.r2.ike_deleted.size(), 1u);
  EXPECT_TRUE(net.r2.has_log(
      "%CRYPTO-5-SESSION_STATUS: Crypto tunnel is DOWN. Peer 6.6.156.100:500 Id: 6.6.156.100"));
  EXPECT_EQ(net.r2.session->ike_sa(), nullptr);
  EXPECT_EQ(net.r2.session->next_deadline(), TimePoint::max());
}

TEST(IkeSession, OnDemandDpdProbesOnlyWhenTrafficGoesUnanswered) {
  Net net(seed(kR2, kVip, r2_acl(), DpdMode::OnDemand),
          seed(kVip, kR2, r2_acl().mirrored(), DpdMode::OnDemand));
  net.apply(net.r2, net.r2.session->start(net.now));
  ASSERT_EQ(net.r2.installed.size(), 1u);
  net.run_until(kStart + seconds(60));
  EXPECT_EQ(net.r2.counters.dpd_probes_sent, 0u);  // idle tunnel: nothing to ask
  // We send after 60 s of silence from the peer: IOS asks before trusting the SA.
  net.r2.session->outbound_traffic(net.now);
  net.r2.timer = net.r2.session->next_deadline();
  EXPECT_LE(net.r2.timer, net.now);
  net.run_until(kStart + seconds(61));
  EXPECT_EQ(net.r2.counters.dpd_probes_sent, 1u);
  EXPECT_EQ(net.vip.counters.dpd_acks_sent, 1u);
  EXPECT_FALSE(net.r2.session->dpd()->probe_outstanding());
  // The ACK at 60 s is the last sign of life: traffic at 65 s asks again at 70 s...
  net.now = kStart + seconds(65);
  net.r2.session->outbound_traffic(net.now);
  EXPECT_EQ(net.r2.session->next_deadline(), kStart + seconds(70));
  // ...unless the peer answers with traffic first.
  net.r2.session->inbound_traffic(net.now);
  EXPECT_EQ(net.r2.session->next_deadline(), TimePoint::max());
}

TEST(IkeSession, DeleteOfIpsecSaAndIsakmpSaReachesThePeer) {
  Net net = established();
  std::uint32_t spi = net.r2.installed[0].inbound_spi;
  net.apply(net.r2, net.r2.session->delete_child_sa(net.now, spi));
  ASSERT_EQ(net.r2.removed.size(), 1u);
  ASSERT_EQ(net.vip.removed.size(), 1u);
  EXPECT_EQ(net.vip.removed[0].outbound_spi, spi);
  EXPECT_EQ(net.vip.removed[0].inbound_spi, net.r2.installed[0].outbound_spi);
  EXPECT_TRUE(net.vip.session->child_sas().empty());
  net.apply(net.r2, net.r2.session->delete_ike_sa(net.now));
  EXPECT_EQ(net.vip.ike_deleted.size(), 1u);
  EXPECT_EQ(net.vip.session->ike_sa(), nullptr);
  EXPECT_EQ(net.vip.counters.deletes_received, 2u);
}

TEST(IkeSession, InitialContactFromRestartedPeerRemovesStaleSas) {
  Net net = established();
  ASSERT_EQ(net.vip.installed.size(), 1u);
  // R2 restarts: a brand-new session that says INITIAL-CONTACT in MM5.
  auto cfg = seed(kR2, kVip, r2_acl());
  cfg.main_mode.send_initial_contact = true;
  net.r2.session.emplace(IkeSession::initiator(std::move(cfg), net.random, net.r2.counters));
  net.r2.installed.clear();
  net.apply(net.r2, net.r2.session->start(net.now));
  ASSERT_EQ(net.vip.removed.size(), 1u);
  EXPECT_EQ(net.vip.removed[0].inbound_spi, net.vip.installed[0].inbound_spi);
  ASSERT_EQ(net.vip.installed.size(), 2u);
  ASSERT_EQ(net.vip.session->child_sas().size(), 1u);
  EXPECT_EQ(net.vip.session->child_sas()[0].inbound_spi, net.vip.installed[1].inbound_spi);
  expect_esp_round_trip(net.r2.installed[0], net.vip.installed[1], net.now);
}

TEST(IkeSession, GarbageAndForeignMessagesAreCountedAndChangeNothing) {
  Net net = established();
  auto& s = *net.vip.session;
  std::uint64_t before = net.vip.counters.malformed_total() + net.vip.counters.no_sa +
                         net.vip.counters.informational_rejected;
  Bytes garbage(60, 0xab);
  s.receive(net.now, garbage);
  Message foreign;
  foreign.header.initiator_cookie = Cookie{1, 2, 3, 4, 5, 6, 7, 8};
  foreign.header.responder_cookie = Cookie{1, 2, 3, 4, 5, 6, 7, 8};
  foreign.header.exchange = ExchangeType::QuickMode;
  foreign.header.message_id = 77;
  foreign.payloads.push_back(Payload{HashPayload{Bytes(20, 1)}, {}});
  s.receive(net.now, *encode_message(foreign));
  foreign.header.initiator_cookie = s.ike_sa()->initiator_cookie;
  foreign.header.responder_cookie = s.ike_sa()->responder_cookie;
  foreign.header.exchange = ExchangeType::Informational;
  foreign.header.flags = kFlagEncryption;
  auto bytes = *encode_message(Message{foreign.header, {}});
  Bytes body(32, 0x42);
  bytes.insert(bytes.end(), body.begin(), body.end());
  bytes[27] = static_cast<std::uint8_t>(bytes.size());
  s.receive(net.now, bytes);
  EXPECT_EQ(net.vip.counters.malformed_total() + net.vip.counters.no_sa +
                net.vip.counters.informational_rejected,
            before + 3);
  EXPECT_NE(s.ike_sa(), nullptr);
  EXPECT_EQ(s.child_sas().size(), 1u);
  // The tunnel still works for DPD afterwards.
  net.run_until(kStart + seconds(11));
  EXPECT_EQ(net.vip.counters.dpd_acks_sent, 1u);
}

}  // namespace
}  // namespace havpnc::ike

namespace havpnc::ike {
namespace {

// Seeds for fuzz_isakmp_decode: the real encrypted quick mode and informational datagrams
// of a session (the fuzzer parses their bodies as if decrypted), and the same payload chains
// in clear so the codec's phase-2 paths get reached. Regenerate with
// HAVPNC_WRITE_SEEDS=1 build/<dir>/tests/ike/ike_session_test --gtest_filter='*Seeds*'.
TEST(IkeSession, FuzzSeedsForPhase2AndInformational) {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(HAVPNC_SOURCE_DIR) / "tests/ike/seeds";
  if (std::getenv("HAVPNC_WRITE_SEEDS")) {
    Net net(seed(kR2, kVip, r2_acl()), seed(kVip, kR2, r2_acl().mirrored()));
    std::vector<Bytes> wire;
    net.drop = [&wire](const Side&, std::size_t, const Bytes& b) {
      wire.push_back(b);
      return false;
    };
    net.apply(net.r2, net.r2.session->start(net.now));
    net.run_until(kStart + seconds(10));  // one DPD round
    net.apply(net.r2, net.r2.session->delete_child_sa(net.now, net.r2.installed[0].inbound_spi));
    auto write = [&dir](const std::string& name, const Bytes& b) {
      std::ofstream f(dir / name, std::ios::binary);
      f.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
    };
    std::size_t qm = 0, info = 0;
    for (const auto& b : wire) {
      auto raw = decode_header(b);
      ASSERT_TRUE(raw);
      if (raw->header.exchange == ExchangeType::QuickMode)
        write("quick_mode_" + std::to_string(++qm) + ".bin", b);
      if (raw->header.exchange == ExchangeType::Informational)
        write("informational_" + std::to_string(++info) + ".bin", b);
    }
    EXPECT_EQ(qm, 3u);
    EXPECT_GE(info, 5u);  // 2 probes, 2 ACKs, 1 delete
    const IkeSa& sa = *net.r2.session->ike_sa();
    Message clear;
    clear.header.initiator_cookie = sa.initiator_cookie;
    clear.header.responder_cookie = sa.responder_cookie;
    clear.header.exchange = ExchangeType::QuickMode;
    clear.header.message_id = 0x11223344;
    clear.payloads.push_back(Payload{HashPayload{Bytes(20, 0x48)}, {}});
    clear.payloads.push_back(Payload{build_phase2_sa(seed(kR2, kVip, r2_acl()).phase2, 0xc0ffee01), {}});
    clear.payloads.push_back(Payload{NoncePayload{Bytes(20, 0x4e)}, {}});
    clear.payloads.push_back(Payload{KePayload{Bytes(128, 0x4b)}, {}});
    clear.payloads.push_back(Payload{to_id(r2_acl().local, 0, 0), {}});
    clear.payloads.push_back(Payload{to_id(r2_acl().remote, 0, 0), {}});
    clear.payloads.push_back(Payload{responder_lifetime_notify(0xc0ffee01, 1200, 100000), {}});
    write("quick_mode_clear.bin", *encode_message(clear));
    clear.header.exchange = ExchangeType::Informational;
    clear.payloads.resize(1);
    clear.payloads.push_back(Payload{r_u_there(sa, 0x01020304), {}});
    clear.payloads.push_back(Payload{delete_esp_sas({0xc0ffee01, 0xc0ffee02}), {}});
    clear.payloads.push_back(Payload{delete_isakmp_sa(sa), {}});
    clear.payloads.push_back(Payload{isakmp_notification(sa, NotifyType::InitialContact), {}});
    write("informational_clear.bin", *encode_message(clear));
  }
  std::size_t phase2 = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    std::string name = entry.path().filename().string();
    if (name.rfind("quick_mode", 0) != 0 && name.rfind("informational", 0) != 0) continue;
    std::ifstream f(entry.path(), std::ios::binary);
    Bytes b((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    auto raw = decode_header(b);
    ASSERT_TRUE(raw) << name;
    if (!raw->header.encrypted()) {
      auto m = decode_message(b);
      ASSERT_TRUE(m) << name << ": " << m.error().describe();
      EXPECT_EQ(*encode_message(*m), b) << name;
    }
    ++phase2;
  }
  EXPECT_GE(phase2, 10u);
}

}  // namespace
}  // namespace havpnc::ike
