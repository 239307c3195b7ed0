// NAT traversal between two in-process IKE sessions (RFC 3947): vendor IDs in MM1/MM2,
// NAT-D in MM3/MM4, the float to UDP 4500 from MM5 on, and UDP-Encapsulated-Tunnel in the
// quick mode SA. There is no NAT on the fake wire, so a float only happens when one side
// forces encapsulation (as strongSwan's `encap = yes` does, with a NAT-D hash nobody can
// match); without it everything stays on port 500 and ESP stays tunnel mode (protocol 50).
#include <gtest/gtest.h>

#include "runtime/esp/sa.h"
#include "runtime/ike/esp_sa_params.h"
#include "runtime/ike/ike_session.h"
#include "runtime/ike/nat_detection.h"
#include "runtime/ike/vendor_id.h"
#include "tests/ike/phase1_fixture.h"

namespace havpnc::ike {
namespace {

using testing::kR2;
using testing::kVip;

const TimePoint kStart = TimePoint{} + std::chrono::microseconds(7'000'000'000);

SessionConfig seed(Endpoint local, Endpoint remote, TrafficSelector acl) {
  SessionConfig c;
  c.main_mode = testing::seed_main_mode(local, remote);
  c.phase2.transform_sets = {IpsecTransform{kEspTransformAes, 128, EspIntegrity::HmacSha1}};
  c.phase2.pfs = crypto::DhGroup::Modp1024;
  c.phase2.selector = acl;
  return c;
}

TrafficSelector r2_acl() {
  return TrafficSelector{{{6, 6, 2, 0}, {255, 255, 255, 0}}, {{6, 6, 146, 0}, {255, 255, 255, 0}}};
}

struct Sent {
  bool from_initiator;
  Endpoint to;
  std::uint8_t exchange;
};

struct Pair {
  crypto::SystemRandom random;
  IkeCounters ci, cr;
  std::optional<IkeSession> i, r;
  std::vector<ChildSa> installed_i, installed_r;
  std::vector<Sent> sent;
  TimePoint now = kStart;

  Pair(SessionConfig a, SessionConfig b) {
    i.emplace(IkeSession::initiator(std::move(a), random, ci));
    r.emplace(IkeSession::responder(std::move(b), random, cr));
  }

  // Delivers until quiet. A datagram to port 4500 tells the receiver that the sender floated
  // (the engine does this from the UDP source port, crypto_component_nat_t.cpp).
  void run(Actions first, bool from_initiator) {
    std::vector<std::pair<bool, SendDatagram>> wire;
    auto take = [&](bool initiator, Actions acts) {
      for (auto& a : acts) {
        if (auto* d = std::get_if<SendDatagram>(&a)) {
          sent.push_back({initiator, d->to, d->bytes.size() > 18 ? d->bytes[18] : std::uint8_t{0}});
          wire.emplace_back(initiator, std::move(*d));
        } else if (auto* c = std::get_if<InstallChildSa>(&a)) {
          (initiator ? installed_i : installed_r).push_back(std::move(c->sa));
        }
      }
    };
    take(from_initiator, std::move(first));
    for (std::size_t n = 0; n < wire.size() && n < 100; ++n) {
      const bool to_responder = wire[n].first;
      IkeSession& to = to_responder ? *r : *i;
      if (wire[n].second.to.port == kNatTraversalPort) to.heard_on_nat_t_port(kNatTraversalPort);
      take(!to_responder, to.receive(now, wire[n].second.bytes));
    }
  }
  void start() { run(i->start(now), true); }
};

void expect_all_to_port(const std::vector<Sent>& sent, std::uint16_t port) {
  for (const auto& s : sent) EXPECT_EQ(s.to.port, port);
}

TEST(NatTraversal, WithoutNatEverythingStaysOnPort500AndTunnelMode) {
  Pair p(seed(kR2, kVip, r2_acl()), seed(kVip, kR2, r2_acl().mirrored()));
  p.start();
  ASSERT_EQ(p.installed_i.size(), 1u);
  ASSERT_EQ(p.installed_r.size(), 1u);
  ASSERT_EQ(p.sent.size(), 9u);  // MM1..MM6, QM1..QM3
  expect_all_to_port(p.sent, kIkePort);
  EXPECT_EQ(p.installed_i[0].encapsulation, kEncapsulationTunnel);
  EXPECT_EQ(p.installed_r[0].encapsulation, kEncapsulationTunnel);
  ASSERT_NE(p.i->ike_sa(), nullptr);
  EXPECT_TRUE(p.i->ike_sa()->nat_traversal);  // negotiated, but no NAT seen
  EXPECT_FALSE(p.i->ike_sa()->local_behind_nat || p.i->ike_sa()->remote_behind_nat);
  EXPECT_FALSE(p.i->nat_t_floated());
  EXPECT_FALSE(p.r->nat_t_floated());
}

void expect_floated_after_mm4(const Pair& p) {
  ASSERT_EQ(p.sent.size(), 9u);
  for (std::size_t n = 0; n < p.sent.size(); ++n) {
    // RFC 3947 §4: MM1..MM4 on 500, the initiator changes ports for MM5 (the ID payload).
    EXPECT_EQ(p.sent[n].to.port, n < 4 ? kIkePort : kNatTraversalPort) << "message " << n + 1;
  }
  ASSERT_EQ(p.installed_i.size(), 1u);
  ASSERT_EQ(p.installed_r.size(), 1u);
  EXPECT_EQ(p.installed_i[0].encapsulation, kEncapsulationUdpTunnel);
  EXPECT_EQ(p.installed_r[0].encapsulation, kEncapsulationUdpTunnel);
  EXPECT_TRUE(p.i->nat_t_floated());
  EXPECT_TRUE(p.r->nat_t_floated());
  EXPECT_EQ(p.i->peer_endpoint().port, kNatTraversalPort);
  EXPECT_EQ(p.r->peer_endpoint().port, kNatTraversalPort);
}

TEST(NatTraversal, ResponderForcingEncapsulationMovesIkeTo4500AndEspToUdp) {
  auto responder = seed(kVip, kR2, r2_acl().mirrored());
  responder.main_mode.force_encapsulation = true;
  Pair p(seed(kR2, kVip, r2_acl()), std::move(responder));
  p.start();
  expect_floated_after_mm4(p);
  // The initiator sees its peer "behind a NAT" (the fake hash); the responder claims it.
  EXPECT_TRUE(p.i->ike_sa()->remote_behind_nat);
  EXPECT_FALSE(p.i->ike_sa()->local_behind_nat);
  EXPECT_TRUE(p.r->ike_sa()->local_behind_nat);
  // The keys still agree: ESP works both ways with the negotiated SAs.
  for (auto [tx, rx] : {std::pair{&p.installed_i[0], &p.installed_r[0]},
                        std::pair{&p.installed_r[0], &p.installed_i[0]}}) {
    auto s = esp_sa_params(*tx);
    auto r = esp_sa_params(*rx);
    ASSERT_TRUE(s && r);
    std::string err;
    auto out = esp::EspSa::create(s->outbound, p.now, &err);
    auto in = esp::EspSa::create(r->inbound, p.now, &err);
    ASSERT_TRUE(out && in) << err;
    Bytes inner(40, 0);
    inner[0] = 0x45;
    inner[3] = 40;
    esp::OpenSslIvSource ivs;
    Bytes wire(out->encapsulated_size(inner.size()));
    auto enc = out->encapsulate(inner, p.now, ivs, wire);
    ASSERT_EQ(enc.status, esp::EncapStatus::Ok);
    wire.resize(enc.length);
    Bytes plain(wire.size());
    auto dec = in->decapsulate(wire, p.now, plain);
    EXPECT_EQ(dec.drop, esp::DropReason::None);
  }
}

TEST(NatTraversal, InitiatorForcingEncapsulationFloatsToo) {
  auto initiator = seed(kR2, kVip, r2_acl());
  initiator.main_mode.force_encapsulation = true;
  Pair p(std::move(initiator), seed(kVip, kR2, r2_acl().mirrored()));
  p.start();
  expect_floated_after_mm4(p);
  EXPECT_TRUE(p.r->ike_sa()->remote_behind_nat);
  EXPECT_TRUE(p.i->ike_sa()->local_behind_nat);
}

TEST(NatTraversal, NoFloatWhenThePeerDoesNotSpeakNatT) {
  auto initiator = seed(kR2, kVip, r2_acl());
  initiator.main_mode.force_encapsulation = true;
  auto responder = seed(kVip, kR2, r2_acl().mirrored());
  responder.main_mode.send_nat_t_vendor_id = false;  // an old peer: no VID, no NAT-D
  Pair p(std::move(initiator), std::move(responder));
  p.start();
  ASSERT_EQ(p.sent.size(), 9u);
  expect_all_to_port(p.sent, kIkePort);
  ASSERT_EQ(p.installed_i.size(), 1u);
  EXPECT_EQ(p.installed_i[0].encapsulation, kEncapsulationTunnel);
  EXPECT_FALSE(p.i->ike_sa()->nat_traversal);
}

TEST(NatTraversal, ResponderFollowsANatRewrittenSourcePort) {
  auto responder = seed(kVip, kR2, r2_acl().mirrored());
  responder.main_mode.force_encapsulation = true;
  Pair p(seed(kR2, kVip, r2_acl()), std::move(responder));
  p.start();
  p.r->heard_on_nat_t_port(34567);  // a NAT in front of R2 mapped 4500 to 34567
  EXPECT_EQ(p.r->peer_endpoint().port, 34567);
  EXPECT_EQ(p.r->peer_endpoint().address, kR2.address);
  p.sent.clear();
  p.run(p.r->delete_ike_sa(p.now), false);
  ASSERT_FALSE(p.sent.empty());
  EXPECT_EQ(p.sent[0].to.port, 34567);
}

// Quick mode SA: encapsulation must match whether NAT-T applies (RFC 3947 §5).
TEST(NatTraversal, Phase2SelectionMatchesEncapsulation) {
  Phase2Policy udp;
  udp.transform_sets = {IpsecTransform{kEspTransformAes, 128, EspIntegrity::HmacSha1}};
  udp.encapsulation = kEncapsulationUdpTunnel;
  Phase2Policy plain = udp;
  plain.encapsulation = kEncapsulationTunnel;
  Phase2Policy draft = udp;
  draft.encapsulation = kEncapsulationUdpTunnelDraft;

  EXPECT_TRUE(select_phase2(udp, build_phase2_sa(udp, 0x1234)));
  EXPECT_TRUE(select_phase2(udp, build_phase2_sa(draft, 0x1234)));  // an older peer
  auto refused = select_phase2(plain, build_phase2_sa(udp, 0x1234));
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().find("encapsulation 3 offered, 1 required"), std::string::npos);
  EXPECT_FALSE(select_phase2(udp, build_phase2_sa(plain, 0x1234)));

  auto sel = select_phase2(udp, build_phase2_sa(udp, 0x1234));
  ASSERT_TRUE(sel);
  EXPECT_TRUE(accept_phase2_reply(udp, phase2_reply_sa(*sel, 0x5678)));
  EXPECT_FALSE(accept_phase2_reply(plain, phase2_reply_sa(*sel, 0x5678)));
}

TEST(NatTraversal, DraftVendorIdsAreRecognisedNotConfusedWithTheRfc) {
  // MD5 of the draft names (printf '...' | md5sum).
  EXPECT_EQ(to_hex(vendor_id_bytes(KnownVendor::NatTraversalDraft02)),
            "cd60464335df21f87cfdb2fc68b6a448");
  EXPECT_EQ(to_hex(vendor_id_bytes(KnownVendor::NatTraversalDraft02Newline)),
            "90cb80913ebb696e086381b5ec427b1f");
  EXPECT_EQ(to_hex(vendor_id_bytes(KnownVendor::NatTraversalDraft03)),
            "7d9419a65310ca6f2c179d9215529d56");
  for (auto v : {KnownVendor::NatTraversalDraft02, KnownVendor::NatTraversalDraft02Newline,
                 KnownVendor::NatTraversalDraft03, KnownVendor::NatTraversalRfc3947})
    EXPECT_EQ(recognise_vendor_id(vendor_id_payload(v)), v);
}

TEST(NatTraversal, NatDHashesDetectEitherSide) {
  const Cookie ci{1, 2, 3, 4, 5, 6, 7, 8}, cr{8, 7, 6, 5, 4, 3, 2, 1};
  const auto h = crypto::HashAlgorithm::Sha1;
  auto sent = build_nat_d(h, ci, cr, kR2, kVip);  // R2 -> VIP
  std::vector<const NatDPayload*> view{&sent[0], &sent[1]};
  auto none = evaluate_nat_d(h, ci, cr, kVip, kR2, view);
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->nat_detected());
  // A NAT rewrote R2's source to 6.6.25.200:4501: the VIP sees R2 behind a NAT.
  auto nat = evaluate_nat_d(h, ci, cr, kVip, Endpoint{{6, 6, 25, 200}, 4501}, view);
  ASSERT_TRUE(nat);
  EXPECT_TRUE(nat->remote_behind_nat);
  EXPECT_FALSE(nat->local_behind_nat);
  // Fewer than two payloads: NAT-T cannot be decided (RFC 3947 §3.2).
  std::vector<const NatDPayload*> one{&sent[0]};
  EXPECT_FALSE(evaluate_nat_d(h, ci, cr, kVip, kR2, one));
}

}  // namespace
}  // namespace havpnc::ike
