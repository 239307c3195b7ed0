// A complete main mode between two in-process peers: bytes from one object's build() go to
// the other's process(), nothing else connects them.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "runtime/ike/main_mode.h"
#include "runtime/ike/vendor_id.h"
#include "tests/ike/sample_messages.h"

namespace havpnc::ike {
namespace {

using crypto::DhGroup;
using crypto::EncryptionAlgorithm;
using crypto::HashAlgorithm;

const TimePoint kNow = TimePoint{} + std::chrono::microseconds(1'000'000'000);

const Endpoint kR2{{6, 6, 25, 2}, 500};
const Endpoint kVip{{6, 6, 156, 100}, 500};

Phase1Policy policy(std::uint16_t prio, EncryptionAlgorithm enc, std::uint16_t bits,
                    HashAlgorithm hash, DhGroup group, std::uint32_t life = 86400) {
  Phase1Policy p;
  p.priority = prio;
  p.cipher = {enc, bits};
  p.hash = hash;
  p.group = group;
  p.lifetime_seconds = life;
  return p;
}

MainModeConfig config(Endpoint local, Endpoint remote, std::vector<Phase1Policy> policies,
                      std::string_view psk = "cisco123") {
  MainModeConfig c;
  c.policies = std::move(policies);
  c.pre_shared_key = Secret(psk);
  c.local = local;
  c.remote = remote;
  return c;
}

struct Exchange {
  crypto::SystemRandom random;
  IkeCounters icount, rcount;
  MainMode initiator;
  MainMode responder;
  std::vector<Bytes> wire;  // MM1..MM6 as sent
  TaskStep last_i, last_r;

  Exchange(MainModeConfig i, MainModeConfig r)
      : initiator(MainMode::initiator(std::move(i), random, icount)),
        responder(MainMode::responder(std::move(r), random, rcount)) {}

  // Runs until either side stops needing more; returns false if a step failed.
  bool run() {
    for (int round = 0; round < 3; ++round) {
      last_i = initiator.build(kNow);
      if (last_i.status == TaskStatus::Failed || !last_i.send) return false;
      wire.push_back(*last_i.send);
      last_r = responder.process(kNow, *last_i.send);
      if (last_r.status == TaskStatus::Failed) {
        if (last_r.send) last_i = initiator.process(kNow, *last_r.send);
        return false;
      }
      last_r = responder.build(kNow);
      if (last_r.status == TaskStatus::Failed || !last_r.send) return false;
      wire.push_back(*last_r.send);
      last_i = initiator.process(kNow, *last_r.send);
      if (last_i.status == TaskStatus::Failed) return false;
    }
    return last_i.status == TaskStatus::Done && last_r.status == TaskStatus::Done;
  }
};

void expect_same_sa(const IkeSa& i, const IkeSa& r) {
  EXPECT_EQ(i.role, IkeRole::Initiator);
  EXPECT_EQ(r.role, IkeRole::Responder);
  EXPECT_EQ(i.initiator_cookie, r.initiator_cookie);
  EXPECT_EQ(i.responder_cookie, r.responder_cookie);
  EXPECT_TRUE(i.skeyid_d == r.skeyid_d);
  EXPECT_TRUE(i.skeyid_a == r.skeyid_a);
  EXPECT_TRUE(i.skeyid_e == r.skeyid_e);
  EXPECT_TRUE(i.encryption_key == r.encryption_key);
  EXPECT_EQ(i.encryption_key.size(), crypto::key_size(i.cipher));
  EXPECT_EQ(i.phase1_iv, r.phase1_iv);
  EXPECT_EQ(i.cipher, r.cipher);
  EXPECT_EQ(i.hash, r.hash);
  EXPECT_EQ(i.group, r.group);
  EXPECT_EQ(i.lifetime_seconds, r.lifetime_seconds);
  EXPECT_EQ(i.peer_id, r.local_id);
  EXPECT_EQ(r.peer_id, i.local_id);
}

TEST(IkeMainMode, CompleteExchangeIosDefaults) {
  auto pol = policy(10, EncryptionAlgorithm::AesCbc, 128, HashAlgorithm::Sha1, DhGroup::Modp1024);
  Exchange x(config(kR2, kVip, {pol}), config(kVip, kR2, {pol}));
  ASSERT_TRUE(x.run()) << (x.last_r.error ? x.last_r.error->text : "")
                       << (x.last_i.error ? x.last_i.error->text : "");
  ASSERT_EQ(x.wire.size(), 6u);
  const IkeSa* i = x.initiator.established();
  const IkeSa* r = x.responder.established();
  ASSERT_TRUE(i && r);
  expect_same_sa(*i, *r);
  EXPECT_EQ(i->lifetime_seconds, 86400u);
  EXPECT_EQ(i->established_at, kNow);
  EXPECT_EQ(i->expires_at(), kNow + seconds(86400));
  EXPECT_TRUE(i->peer_supports_dpd && r->peer_supports_dpd);
  EXPECT_TRUE(i->nat_traversal && r->nat_traversal);
  EXPECT_FALSE(i->local_behind_nat || i->remote_behind_nat);
  EXPECT_FALSE(r->local_behind_nat || r->remote_behind_nat);
  EXPECT_EQ(r->peer_id, IdPayload::ipv4(kR2.address, 17, 500));
  // MM5/MM6 are encrypted; the phase-1 IV is MM6's last ciphertext block (RFC 2409 App. B).
  for (std::size_t n = 0; n < 6; ++n) EXPECT_EQ(x.wire[n][19] & kFlagEncryption, n >= 4 ? 1 : 0);
  Bytes mm6_tail(x.wire[5].end() - 16, x.wire[5].end());
  EXPECT_EQ(r->phase1_iv, mm6_tail);
  EXPECT_EQ(x.icount.phase1_established, 1u);
  EXPECT_EQ(x.rcount.phase1_established, 1u);
  EXPECT_EQ(x.rcount.malformed_total() + x.icount.malformed_total(), 0u);
  // After Done, further messages change nothing.
  EXPECT_EQ(x.initiator.process(kNow, x.wire[5]).status, TaskStatus::Done);
}

TEST(IkeMainMode, Mm1CarriesIosOfferAndVendorIds) {
  auto pol = policy(10, EncryptionAlgorithm::AesCbc, 128, HashAlgorithm::Sha1, DhGroup::Modp1024);
  Exchange x(config(kR2, kVip, {pol}), config(kVip, kR2, {pol}));
  ASSERT_TRUE(x.run());
  auto mm1 = decode_message(x.wire[0]);
  ASSERT_TRUE(mm1);
  auto vids = mm1->find_all<VendorIdPayload>();
  ASSERT_EQ(vids.size(), 2u);
  EXPECT_EQ(recognise_vendor_id(*vids[0]), KnownVendor::DeadPeerDetection);
  EXPECT_EQ(recognise_vendor_id(*vids[1]), KnownVendor::NatTraversalRfc3947);
  // The SA payload equals the hand-checked IOS MM1 of the codec tests, byte for byte.
  EXPECT_EQ(to_hex(mm1->payloads[0].received_body),
            "00000001000000010000003001010001000000280101000080010007800e008080020002800300018004"
            "0002800b0001000c000400015180");
  auto mm3 = decode_message(x.wire[2]);
  ASSERT_TRUE(mm3);
  EXPECT_EQ(mm3->find<KePayload>()->data.size(), 128u);
  EXPECT_EQ(mm3->find<NoncePayload>()->data.size(), 20u);
  EXPECT_EQ(mm3->find_all<NatDPayload>().size(), 2u);
}

struct Suite {
  EncryptionAlgorithm enc;
  std::uint16_t bits;
  HashAlgorithm hash;
  DhGroup group;
};

class IkeMainModeSuites : public ::testing::TestWithParam<Suite> {};

TEST_P(IkeMainModeSuites, Establishes) {
  auto s = GetParam();
  auto pol = policy(10, s.enc, s.bits, s.hash, s.group);
  Exchange x(config(kR2, kVip, {pol}), config(kVip, kR2, {pol}));
  ASSERT_TRUE(x.run()) << (x.last_r.error ? x.last_r.error->text : "")
                       << (x.last_i.error ? x.last_i.error->text : "");
  expect_same_sa(*x.initiator.established(), *x.responder.established());
  EXPECT_EQ(x.initiator.established()->phase1_iv.size(), crypto::block_size(s.enc));
}

INSTANTIATE_TEST_SUITE_P(
    Phase1, IkeMainModeSuites,
    ::testing::Values(Suite{EncryptionAlgorithm::AesCbc, 256, HashAlgorithm::Sha1, DhGroup::Modp2048},
                      Suite{EncryptionAlgorithm::TripleDesCbc, 192, HashAlgorithm::Md5, DhGroup::Modp768},
                      Suite{EncryptionAlgorithm::AesCbc, 192, HashAlgorithm::Sha2_256, DhGroup::Modp1536},
                      Suite{EncryptionAlgorithm::AesCbc, 256, HashAlgorithm::Sha2_384, DhGroup::Ecp256},
                      Suite{EncryptionAlgorithm::AesCbc, 128, HashAlgorithm::Sha2_512, DhGroup::Ecp384}));

TEST(IkeMainMode, ResponderTakesItsFirstMatchingPolicyByPriority) {
  std::vector<Phase1Policy> offer = {
      policy(10, EncryptionAlgorithm::AesCbc, 256, HashAlgorithm::Sha2_256, DhGroup::Modp2048),
      policy(20, EncryptionAlgorithm::AesCbc, 128, HashAlgorithm::Sha1, DhGroup::Modp1024, 3600)};
  std::vector<Phase1Policy> local = {
      policy(30, EncryptionAlgorithm::AesCbc, 256, HashAlgorithm::Sha2_256, DhGroup::Modp2048),
      policy(5, EncryptionAlgorithm::TripleDesCbc, 192, HashAlgorithm::Md5, DhGroup::Modp768),
      policy(15, EncryptionAlgorithm::AesCbc, 128, HashAlgorithm::Sha1, DhGroup::Modp1024)};
  Exchange x(config(kR2, kVip, offer), config(kVip, kR2, local));
  ASSERT_TRUE(x.run());
  const IkeSa* r = x.responder.established();
  EXPECT_EQ(r->policy_priority, 15);  // not 30, although the initiator preferred that suite
  EXPECT_EQ(r->cipher, (crypto::Cipher{EncryptionAlgorithm::AesCbc, 128}));
  EXPECT_EQ(r->lifetime_seconds, 3600u);  // the initiator's shorter lifetime is used
  EXPECT_EQ(x.initiator.established()->lifetime_seconds, 3600u);
  auto mm2 = decode_message(x.wire[1]);
  ASSERT_TRUE(mm2);
  const auto& sa = *mm2->find<SaPayload>();
  ASSERT_EQ(sa.proposals.at(0).transforms.size(), 1u);
  EXPECT_EQ(sa.proposals[0].transforms[0].number, 2);  // echoes the initiator's transform 2
}

TEST(IkeMainMode, LongerInitiatorLifetimeIsRefusedWithNoProposalChosen) {
  auto mine = policy(10, EncryptionAlgorithm::AesCbc, 128, HashAlgorithm::Sha1, DhGroup::Modp1024, 86400);
  auto theirs = policy(10, EncryptionAlgorithm::AesCbc, 128, HashAlgorithm::Sha1, DhGroup::Modp1024, 3600);
  Exchange x(config(kR2, kVip, {mine}), config(kVip, kR2, {theirs}));
  EXPECT_FALSE(x.run());
  ASSERT_TRUE(x.last_r.error);
  EXPECT_EQ(x.last_r.error->code, IkeErrorCode::NoProposalChosen);
  EXPECT_NE(x.last_r.error->text.find("lifetime"), std::string::npos) << x.last_r.error->text;
  ASSERT_TRUE(x.last_r.send);  // the unprotected NO-PROPOSAL-CHOSEN notify
  auto notify = decode_message(*x.last_r.send);
  ASSERT_TRUE(notify);
  EXPECT_EQ(notify->header.exchange, ExchangeType::Informational);
  EXPECT_EQ(notify->find<NotificationPayload>()->type,
            static_cast<std::uint16_t>(NotifyType::NoProposalChosen));
  // The initiator, given that notify, fails with the peer's reason.
  EXPECT_EQ(x.last_i.status, TaskStatus::Failed);
  ASSERT_TRUE(x.last_i.error);
  EXPECT_EQ(x.last_i.error->code, IkeErrorCode::PeerNotification);
  EXPECT_NE(x.last_i.error->text.find("NO-PROPOSAL-CHOSEN"), std::string::npos);
  EXPECT_EQ(x.rcount.no_proposal_chosen, 1u);
  EXPECT_EQ(x.responder.established(), nullptr);
}

TEST(IkeMainMode, WrongPreSharedKeyFailsAtMm5WithClearError) {
  auto pol = policy(10, EncryptionAlgorithm::AesCbc, 128, HashAlgorithm::Sha1, DhGroup::Modp1024);
  Exchange x(config(kR2, kVip, {pol}, "s3cret-one"), config(kVip, kR2, {pol}, "s3cret-two"));
  EXPECT_FALSE(x.run());
  EXPECT_EQ(x.wire.size(), 5u);  // MM5 was sent, MM6 never
  EXPECT_EQ(x.last_r.status, TaskStatus::Failed);
  ASSERT_TRUE(x.last_r.error);
  EXPECT_EQ(x.last_r.error->code, IkeErrorCode::AuthenticationFailed);
  EXPECT_NE(x.last_r.error->text.find("pre-shared key mismatch"), std::string::npos)
      << x.last_r.error->text;
  EXPECT_NE(x.last_r.error->text.find("6.6.25.2"), std::string::npos);
  ASSERT_FALSE(x.last_r.logs.empty());
  EXPECT_EQ(x.last_r.logs[0].format(),
            "%CRYPTO-4-IKMP_BAD_MESSAGE: IKE message from 6.6.25.2 failed its sanity check or is "
            "malformed");
  for (const auto& log : x.last_r.logs) EXPECT_EQ(log.format().find("s3cret"), std::string::npos);
  EXPECT_EQ(x.last_r.error->text.find("s3cret"), std::string::npos);
  EXPECT_EQ(x.rcount.authentication_failures, 1u);
  EXPECT_EQ(x.responder.established(), nullptr);
  // A failed task stays failed.
  EXPECT_EQ(x.responder.build(kNow).status, TaskStatus::Failed);
  EXPECT_EQ(x.responder.process(kNow, x.wire[4]).status, TaskStatus::Failed);
}

TEST(IkeMainMode, NatBetweenPeersIsDetectedOnBothSides) {
  auto pol = policy(10, EncryptionAlgorithm::AesCbc, 128, HashAlgorithm::Sha1, DhGroup::Modp1024);
  Endpoint private_r2{{10, 0, 0, 2}, 500};
  Endpoint natted_r2{{6, 6, 25, 2}, 4096};  // what the responder sees after the NAT
  Exchange x(config(private_r2, kVip, {pol}), config(kVip, natted_r2, {pol}));
  ASSERT_TRUE(x.run());
  const IkeSa* i = x.initiator.established();
  const IkeSa* r = x.responder.established();
  EXPECT_TRUE(i->local_behind_nat);
  EXPECT_FALSE(i->remote_behind_nat);
  EXPECT_FALSE(r->local_behind_nat);
  EXPECT_TRUE(r->remote_behind_nat);
}

TEST(IkeMainMode, WithoutNatTVendorIdNoNatD) {
  auto pol = policy(10, EncryptionAlgorithm::AesCbc, 128, HashAlgorithm::Sha1, DhGroup::Modp1024);
  auto ic = config(kR2, kVip, {pol});
  ic.send_nat_t_vendor_id = false;
  ic.send_dpd_vendor_id = false;
  Exchange x(std::move(ic), config(kVip, kR2, {pol}));
  ASSERT_TRUE(x.run());
  EXPECT_FALSE(x.responder.established()->nat_traversal);
  EXPECT_FALSE(x.responder.established()->peer_supports_dpd);
  EXPECT_TRUE(x.initiator.established()->peer_supports_dpd);
  EXPECT_TRUE(decode_message(x.wire[3])->find_all<NatDPayload>().empty());
}

TEST(IkeMainMode, InitialContactReachesResponder) {
  auto pol = policy(10, EncryptionAlgorithm::AesCbc, 128, HashAlgorithm::Sha1, DhGroup::Modp1024);
  auto ic = config(kR2, kVip, {pol});
  ic.send_initial_contact = true;
  Exchange x(std::move(ic), config(kVip, kR2, {pol}));
  ASSERT_TRUE(x.run());
  EXPECT_TRUE(x.responder.established()->initial_contact_received);
  EXPECT_FALSE(x.initiator.established()->initial_contact_received);
}

TEST(IkeMainMode, SpoofedAndGarbledMessagesAreIgnoredAndCounted) {
  auto pol = policy(10, EncryptionAlgorithm::AesCbc, 128, HashAlgorithm::Sha1, DhGroup::Modp1024);
  crypto::SystemRandom random;
  IkeCounters ic, rc;
  auto i = MainMode::initiator(config(kR2, kVip, {pol}), random, ic);
  auto r = MainMode::responder(config(kVip, kR2, {pol}), random, rc);
  Bytes mm1 = *i.build(kNow).send;
  ASSERT_EQ(r.process(kNow, mm1).status, TaskStatus::NeedMore);
  Bytes mm2 = *r.build(kNow).send;

  Bytes garbage(40, 0x5a);
  auto step = i.process(kNow, garbage);
  EXPECT_EQ(step.status, TaskStatus::NeedMore);
  EXPECT_EQ(step.error->code, IkeErrorCode::Malformed);
  Bytes wrong_cookie = mm2;
  wrong_cookie[0] ^= 0xff;
  step = i.process(kNow, wrong_cookie);
  EXPECT_EQ(step.status, TaskStatus::NeedMore);
  EXPECT_EQ(step.error->code, IkeErrorCode::UnexpectedMessage);
  Bytes truncated_sa = mm2;
  truncated_sa[30] = 0x01;  // SA payload length 256+, past the end of the message
  step = i.process(kNow, truncated_sa);
  EXPECT_EQ(step.error->code, IkeErrorCode::Malformed);
  EXPECT_NE(step.error->text.find("SA payload"), std::string::npos) << step.error->text;
  EXPECT_EQ(ic.malformed_total(), 2u);
  EXPECT_EQ(ic.unexpected_messages, 1u);

  // The genuine MM2 still completes the exchange.
  EXPECT_EQ(i.process(kNow, mm2).status, TaskStatus::NeedMore);
  ASSERT_EQ(r.process(kNow, *i.build(kNow).send).status, TaskStatus::NeedMore);
  // A replayed MM1 at the responder is out of order: ignored, not fatal.
  EXPECT_EQ(r.process(kNow, mm1).status, TaskStatus::NeedMore);
  Bytes mm4 = *r.build(kNow).send;
  ASSERT_EQ(i.process(kNow, mm4).status, TaskStatus::NeedMore);
  Bytes mm5 = *i.build(kNow).send;
  ASSERT_EQ(r.process(kNow, mm5).status, TaskStatus::NeedMore);
  auto mm6 = r.build(kNow);
  ASSERT_EQ(mm6.status, TaskStatus::Done);
  EXPECT_EQ(i.process(kNow, *mm6.send).status, TaskStatus::Done);
}

TEST(IkeMainMode, BadKeyExchangeFails) {
  auto pol = policy(10, EncryptionAlgorithm::AesCbc, 128, HashAlgorithm::Sha1, DhGroup::Modp1024);
  crypto::SystemRandom random;
  IkeCounters ic, rc;
  auto i = MainMode::initiator(config(kR2, kVip, {pol}), random, ic);
  auto r = MainMode::responder(config(kVip, kR2, {pol}), random, rc);
  r.process(kNow, *i.build(kNow).send);
  i.process(kNow, *r.build(kNow).send);
  Bytes mm3 = *i.build(kNow).send;
  auto m = decode_message(mm3);
  ASSERT_TRUE(m);
  for (auto& p : m->payloads)
    if (auto* ke = std::get_if<KePayload>(&p.body)) {
      std::fill(ke->data.begin(), ke->data.end(), 0);
      ke->data.back() = 1;  // g^x = 1: would make g^xy = 1
    }
  auto step = r.process(kNow, *encode_message(*m));
  EXPECT_EQ(step.status, TaskStatus::Failed);
  EXPECT_EQ(step.error->code, IkeErrorCode::InvalidKeyExchange);
  EXPECT_EQ(rc.invalid_key_exchange, 1u);
}

// The fuzz corpus: the codec samples and every message of a real exchange (MM5/MM6 exercise the opaque encrypted
// path of the header parser). Regenerate with HAVPNC_WRITE_SEEDS=1; otherwise each stored
// seed must still be a valid datagram for the current codec.
TEST(IkeMainMode, FuzzSeedsDecode) {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(HAVPNC_SOURCE_DIR) / "tests/ike/seeds";
  if (std::getenv("HAVPNC_WRITE_SEEDS")) {
    auto pol = policy(10, EncryptionAlgorithm::AesCbc, 128, HashAlgorithm::Sha1, DhGroup::Modp1024);
    auto ic = config(kR2, kVip, {pol});
    ic.send_initial_contact = true;
    Exchange x(std::move(ic), config(kVip, kR2, {pol}));
    ASSERT_TRUE(x.run());
    fs::create_directories(dir);
    auto write = [&dir](const std::string& name, const Bytes& b) {
      std::ofstream f(dir / name, std::ios::binary);
      f.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
    };
    for (std::size_t n = 0; n < x.wire.size(); ++n)
      write("main_mode_" + std::to_string(n + 1) + ".bin", x.wire[n]);
    write("ios_main_mode_1.bin", *encode_message(testing::ios_main_mode_1()));
    write("every_payload_kind.bin", *encode_message(testing::every_payload_kind()));
  }
  std::size_t seeds = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    std::ifstream f(entry.path(), std::ios::binary);
    Bytes b((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    auto raw = decode_header(b);
    ASSERT_TRUE(raw) << entry.path() << ": " << raw.error().describe();
    if (!raw->header.encrypted()) {
      auto m = decode_message(b);
      ASSERT_TRUE(m) << entry.path() << ": " << m.error().describe();
      EXPECT_EQ(*encode_message(*m), b) << entry.path();
    }
    ++seeds;
  }
  EXPECT_GE(seeds, 8u);
}

}  // namespace
}  // namespace havpnc::ike
