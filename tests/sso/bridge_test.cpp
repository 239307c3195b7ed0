// The IKE/ESP runtime's SAs survive the trip through a record and the wire unchanged, and a
// takeover entry keys ESP SAs that interoperate with the originals at the right positions.
#include "runtime/sso/ike_esp_bridge.h"

#include <gtest/gtest.h>

#include "runtime/esp/iv_source.h"
#include "runtime/ike/dpd.h"
#include "runtime/ike/esp_sa_params.h"
#include "runtime/ike/ike_session.h"
#include "runtime/ike/informational.h"
#include "runtime/sso/record_codec.h"
#include "tests/sso/sample_records.h"

namespace havpnc::sso {
namespace {

TimePoint at(std::int64_t ms) { return TimePoint(std::chrono::milliseconds(ms)); }

ike::IkeSa sample_ike() {
  ike::IkeSa sa;
  sa.role = ike::IkeRole::Responder;
  sa.initiator_cookie = {1, 2, 3, 4, 5, 6, 7, 8};
  sa.responder_cookie = {9, 10, 11, 12, 13, 14, 15, 16};
  sa.local = {{6, 6, 156, 100}, 500};
  sa.remote = {{6, 6, 25, 2}, 4500};
  sa.cipher = {ike::crypto::EncryptionAlgorithm::AesCbc, 256};
  sa.hash = ike::crypto::HashAlgorithm::Sha2_256;
  sa.group = ike::crypto::DhGroup::Modp2048;
  sa.lifetime_seconds = 86400;
  sa.established_at = at(1000);
  sa.skeyid_d = test::key_bytes(32, 1);
  sa.skeyid_a = test::key_bytes(32, 2);
  sa.skeyid_e = test::key_bytes(32, 3);
  sa.encryption_key = test::key_bytes(32, 4);
  sa.phase1_iv = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
  sa.local_id = ike::IdPayload::ipv4({6, 6, 156, 100}, 17, 500);
  sa.peer_id = ike::IdPayload::fqdn("r2.example", 17, 500);
  sa.peer_supports_dpd = true;
  sa.nat_traversal = true;
  sa.remote_behind_nat = true;
  return sa;
}

TEST(Bridge, IkeSaRoundTripsThroughTheWire) {
  ike::IkeSa sa = sample_ike();
  IkeSessionState session{0x1234, 0x99, {}, std::nullopt, std::nullopt};
  for (std::uint32_t m = 1; m <= 40; ++m) session.recent_message_ids.push_back(m);
  IkeSaRecord r = from_ike_sa(sa, session, at(5000));
  EXPECT_EQ(r.age_ms, 4000u);
  ASSERT_EQ(r.message_ids.size(), kMaxMessageIds);
  EXPECT_EQ(r.message_ids.front(), 9u);  // the newest 32 kept
  DecodeResult d = decode(encode({1, IkeSaAdd{r}}));
  ASSERT_TRUE(d.ok());
  const IkeSaRecord& back = std::get<IkeSaAdd>(d.record().body).sa;
  EXPECT_TRUE(back.dpd_peer_sequence_valid);
  EXPECT_EQ(back.dpd_peer_sequence, 0x99u);
  ike::IkeSa restored = to_ike_sa(back, at(1000));
  EXPECT_EQ(restored.initiator_cookie, sa.initiator_cookie);
  EXPECT_EQ(restored.responder_cookie, sa.responder_cookie);
  EXPECT_EQ(restored.local, sa.local);
  EXPECT_EQ(restored.remote, sa.remote);
  EXPECT_EQ(restored.cipher, sa.cipher);
  EXPECT_EQ(restored.hash, sa.hash);
  EXPECT_EQ(restored.group, sa.group);
  EXPECT_EQ(restored.role, sa.role);
  EXPECT_TRUE(restored.skeyid_d == sa.skeyid_d);
  EXPECT_TRUE(restored.skeyid_a == sa.skeyid_a);
  EXPECT_TRUE(restored.skeyid_e == sa.skeyid_e);
  EXPECT_TRUE(restored.encryption_key == sa.encryption_key);
  EXPECT_EQ(restored.phase1_iv, sa.phase1_iv);
  EXPECT_EQ(restored.local_id, sa.local_id);
  EXPECT_EQ(restored.peer_id, sa.peer_id);
  EXPECT_EQ(restored.established_at, sa.established_at);
  EXPECT_TRUE(restored.nat_traversal && restored.remote_behind_nat && !restored.local_behind_nat);
}

TEST(Bridge, ChildSaRoundTripsAndKeysTheSameEspSas) {
  IpsecSaRecord r = test::sample_ipsec_sa(3);
  ike::ChildSa child = to_child_sa(r, at(0));
  IpsecSaRecord again = from_child_sa(child, r.replay_window, at(r.age_ms));
  again.outbound_next_sequence = r.outbound_next_sequence;
  again.inbound_highest_sequence = r.inbound_highest_sequence;
  again.inbound_bytes = r.inbound_bytes;
  again.outbound_bytes = r.outbound_bytes;
  again.inbound_packets = r.inbound_packets;
  again.outbound_packets = r.outbound_packets;
  EXPECT_TRUE(again == r);
  ASSERT_TRUE(ike::esp_sa_params(child));
}

TEST(Bridge, ActivationResumesAndRestoresPositions) {
  IpsecSaRecord r = test::sample_ipsec_sa(1);
  auto pair = activate({r, at(0), 7001, 6000, false}, at(0));
  ASSERT_TRUE(pair) << pair.error();
  EXPECT_EQ(pair.value().outbound->next_sequence(), 7001u);
  EXPECT_EQ(pair.value().inbound->replay_window().highest(), 6000u);
  EXPECT_EQ(pair.value().inbound->replay_window().size(), 1024u);
  EXPECT_EQ(pair.value().inbound->spi(), r.key.inbound_spi);
  EXPECT_EQ(pair.value().outbound->spi(), r.key.outbound_spi);

  EXPECT_FALSE(activate({r, at(0), 1, 0, true}, at(0)));
  IpsecSaRecord bad = r;
  bad.esp_transform_id = 3;  // 3DES: not in the data plane
  EXPECT_FALSE(activate({bad, at(0), 1, 0, false}, at(0)));
  bad = r;
  bad.outbound_cipher_key = test::key_bytes(5, 1);
  auto e = activate({bad, at(0), 1, 0, false}, at(0));
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().find("outbound SA"), 0u);
}

// After a takeover the new active must answer the peer's DPD (RFC 3706) with nothing but the
// replicated IKE SA: SKEYID_a for HASH(1), Ka and the phase-1 IV for the encryption.
TEST(Bridge, ReplicatedIkeSaOpensAndAnswersThePeersDpd) {
  ike::IkeSa active = sample_ike();
  IkeSaRecord wire = std::get<IkeSaAdd>(decode(encode({1, IkeSaAdd{from_ike_sa(active, {7, 41, {}, std::nullopt, std::nullopt}, at(9000))}}))
                                            .record()
                                            .body)
                         .sa;
  ike::IkeSa standby = to_ike_sa(wire, at(1000));

  ike::IkeSa r2 = sample_ike();  // the peer's view: same cookies and keys, sides swapped
  r2.role = ike::IkeRole::Initiator;
  std::swap(r2.local, r2.remote);
  ike::MessageProtection r2_prot(r2.hash, r2.cipher, r2.encryption_key, r2.phase1_iv);
  ike::MessageProtection new_active(standby.hash, standby.cipher, standby.encryption_key,
                                    standby.phase1_iv);

  const std::uint32_t seq = 42;
  std::vector<ike::Payload> probe;
  probe.push_back(ike::Payload{ike::isakmp_notification(r2, ike::NotifyType::RUThere,
                                                        {0, 0, 0, static_cast<std::uint8_t>(seq)}),
                               {}});
  auto sealed = ike::seal_informational(r2, r2_prot, 0x0BADCAFE, std::move(probe));
  ASSERT_TRUE(sealed);
  auto raw = ike::decode_header(*sealed);
  ASSERT_TRUE(raw);
  auto opened = ike::open_informational(standby, new_active, *raw);
  ASSERT_TRUE(opened);
  ASSERT_EQ(opened->notifications.size(), 1u);
  EXPECT_EQ(ike::dpd_sequence(standby, opened->notifications[0]), seq);
  EXPECT_GT(seq, wire.dpd_peer_sequence);  // newer than the last probe the old active took

  std::vector<ike::Payload> ack;
  ack.push_back(ike::Payload{ike::r_u_there_ack(standby, seq), {}});
  auto reply = ike::seal_informational(standby, new_active, 0x01020304, std::move(ack));
  ASSERT_TRUE(reply);
  auto raw_reply = ike::decode_header(*reply);
  ASSERT_TRUE(raw_reply);
  auto got = ike::open_informational(r2, r2_prot, *raw_reply);
  ASSERT_TRUE(got);
  ASSERT_EQ(got->notifications.size(), 1u);
  EXPECT_EQ(got->notifications[0].type, static_cast<std::uint16_t>(ike::NotifyType::RUThereAck));
}

// The lab's R2 is strongSwan 5.9.8 with kernel-libipsec: `encap = yes` fakes a NAT, IKE floats
// to 4500 and ESP rides in UDP (RFC 3947/3948). The new active must carry on exactly there.
TEST(Bridge, NatTStateOfAnEncapsulatedTunnelSurvivesTheWire) {
  ike::IkeSa sa = sample_ike();  // NAT-T negotiated, NAT-D says the peer is behind a NAT
  // Nothing heard beyond the SA: floated, both ends on 4500.
  IkeSaRecord derived = from_ike_sa(sa, {}, at(2000));
  EXPECT_TRUE(derived.nat_t_floated);
  EXPECT_EQ(derived.nat_t_local_port, 4500);
  EXPECT_EQ(derived.nat_t_peer_port, 4500);
  // The session heard the peer from a NAT's port: that port is replicated.
  IkeSessionState session{3, std::nullopt, {}, true, 31337};
  const IkeSaRecord r = from_ike_sa(sa, session, at(2000));
  const auto d = decode(encode({1, IkeSaUpdate{r}}));
  ASSERT_TRUE(d.ok());
  const IkeSaRecord& wire = std::get<IkeSaUpdate>(d.record().body).sa;
  EXPECT_EQ(nat_t_peer_port(wire), std::optional<std::uint16_t>(31337));

  // What the new active's crypto component does with it: adopt, then tell the session the
  // port. IKE (DPD answers included) and ESP-in-UDP then go to the peer's NAT mapping.
  struct Counting final : ike::crypto::RandomSource {
    void fill(std::span<std::uint8_t> out) override {
      for (auto& b : out) b = static_cast<std::uint8_t>(++n);
    }
    std::uint8_t n = 0;
  } random;
  ike::IkeCounters counters;
  ike::SessionConfig config;
  config.main_mode.local = sa.local;
  config.main_mode.remote = {sa.remote.address, ike::kIkePort};
  ike::IkeSession adopted = ike::IkeSession::adopt(ike::IkeRole::Responder, config, to_ike_sa(wire, at(1000)),
                                                   wire.dpd_next_sequence, random, counters, at(2000));
  EXPECT_TRUE(adopted.nat_t_floated());
  EXPECT_EQ(adopted.peer_endpoint().port, ike::kNatTraversalPort);  // the IkeSa alone: 4500
  adopted.heard_on_nat_t_port(*nat_t_peer_port(wire));
  EXPECT_EQ(adopted.peer_endpoint().port, 31337);
  EXPECT_EQ(adopted.peer_endpoint().address, sa.remote.address);
  // The same in one step, as CryptoComponent::take_over does it; port 0 means "not known".
  ike::IkeSession::AdoptedState state;
  state.dpd_next_sequence = wire.dpd_next_sequence;
  state.nat_t_peer_port = nat_t_peer_port(wire);
  ike::IkeSession direct = ike::IkeSession::adopt(ike::IkeRole::Responder, config, to_ike_sa(wire, at(1000)),
                                                  state, random, counters, at(2000));
  EXPECT_EQ(direct.peer_endpoint().port, 31337);
  state.nat_t_peer_port = 0;
  ike::IkeSession zero = ike::IkeSession::adopt(ike::IkeRole::Responder, config, to_ike_sa(wire, at(1000)),
                                                state, random, counters, at(2000));
  EXPECT_EQ(zero.peer_endpoint().port, ike::kNatTraversalPort);

  // No NAT-T at all: no float, no ports, nothing to resume.
  ike::IkeSa plain = sample_ike();
  plain.nat_traversal = false;
  const IkeSaRecord none = from_ike_sa(plain, {}, at(2000));
  EXPECT_FALSE(none.nat_t_floated);
  EXPECT_EQ(none.nat_t_peer_port, 0);
  EXPECT_FALSE(nat_t_peer_port(none));
  EXPECT_FALSE(encode({1, IkeSaAdd{none}}).empty());
}

TEST(Bridge, EspInUdpKeepsItsPortsThroughTakeover) {
  IpsecSaRecord r = test::sample_udp_ipsec_sa(2);
  ike::ChildSa child = to_child_sa(r, at(0));
  EXPECT_EQ(child.encapsulation, ike::kEncapsulationUdpTunnel);
  // The active describes it with its IKE SA's peer port; the record says ESP-in-UDP both ways.
  const IpsecSaRecord again = from_child_sa(child, r.replay_window, at(0), 4502);
  EXPECT_EQ(again.encap_local_port, 4500);
  EXPECT_EQ(again.encap_remote_port, 4502);
  const auto d = decode(encode({1, IpsecSaAdd{again}}));
  ASSERT_TRUE(d.ok());
  auto pair = activate({std::get<IpsecSaAdd>(d.record().body).sa, at(0), 100, 90, false}, at(0));
  ASSERT_TRUE(pair) << pair.error();
  ASSERT_TRUE(pair.value().udp);
  EXPECT_EQ(*pair.value().udp, (UdpEncapsulation{4500, 4502}));
  EXPECT_EQ(pair.value().outbound->next_sequence(), 100u);
  // Plain tunnel mode: ESP as protocol 50, no UDP.
  auto plain = activate({test::sample_ipsec_sa(2), at(0), 100, 90, false}, at(0));
  ASSERT_TRUE(plain);
  EXPECT_FALSE(plain.value().udp);
  EXPECT_EQ(from_child_sa(to_child_sa(test::sample_ipsec_sa(2), at(0)), 64, at(0), 4502).encap_remote_port, 0);
  // A record claiming UDP without ports (only a hand-made one can) is refused, not guessed.
  IpsecSaRecord portless = r;
  portless.encap_local_port = portless.encap_remote_port = 0;
  EXPECT_FALSE(activate({portless, at(0), 100, 90, false}, at(0)));
}

}  // namespace
}  // namespace havpnc::sso
