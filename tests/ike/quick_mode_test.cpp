// Quick mode between two in-process peers on top of a real main mode: bytes from one task's
// build() go to the other's process(), nothing else connects them.
#include <gtest/gtest.h>

#include "runtime/ike/informational.h"
#include "runtime/ike/quick_mode.h"
#include "tests/ike/phase1_fixture.h"

namespace havpnc::ike {
namespace {

using testing::kR2;
using testing::kVip;

const TimePoint kNow = TimePoint{} + std::chrono::microseconds(2'000'000'000);

const IpsecTransform kAes128Sha1{kEspTransformAes, 128, EspIntegrity::HmacSha1};
const IpsecTransform kAes256Sha256{kEspTransformAes, 256, EspIntegrity::HmacSha256};
const IpsecTransform kGcm128{kEspTransformAesGcm16, 128, EspIntegrity::None};

// ACL 6.6.2.0/24 <-> 6.6.146.0/24 as R2 sees it.
TrafficSelector r2_acl() {
  return TrafficSelector{{{6, 6, 2, 0}, {255, 255, 255, 0}}, {{6, 6, 146, 0}, {255, 255, 255, 0}}};
}

Phase2Policy seed_policy(TrafficSelector acl) {
  Phase2Policy p;
  p.transform_sets = {kAes128Sha1};
  p.pfs = crypto::DhGroup::Modp1024;
  p.selector = acl;
  return p;
}

struct QmPair {
  crypto::SystemRandom random;
  IkeCounters counters;
  testing::Phase1Pair p1;
  std::optional<MessageProtection> iprot, rprot;
  std::optional<QuickMode> initiator, responder;
  std::vector<Bytes> wire;
  TaskStep last;

  QmPair(Phase2Policy ipol, Phase2Policy rpol) {
    auto p = testing::establish_phase1(random, counters, kNow);
    if (!p) throw std::runtime_error("phase 1 failed");
    p1 = std::move(*p);
    iprot.emplace(p1.initiator.hash, p1.initiator.cipher, p1.initiator.encryption_key,
                  p1.initiator.phase1_iv);
    rprot.emplace(p1.responder.hash, p1.responder.cipher, p1.responder.encryption_key,
                  p1.responder.phase1_iv);
    std::uint32_t mid = random_message_id(random);
    initiator.emplace(QuickMode::initiator(p1.initiator, *iprot, {std::move(ipol)}, mid, random,
                                           counters));
    responder.emplace(QuickMode::responder(p1.responder, *rprot, {std::move(rpol)}, mid, random,
                                           counters));
  }

  // QM1 -> QM2 -> QM3; stops at the first failure and leaves it in `last`.
  bool run() {
    last = initiator->build(kNow);
    if (!last.send) return false;
    wire.push_back(*last.send);
    last = responder->process(kNow, wire.back());
    if (last.status == TaskStatus::Failed) return false;
    last = responder->build(kNow);
    if (!last.send) return false;
    wire.push_back(*last.send);
    last = initiator->process(kNow, wire.back());
    if (last.status == TaskStatus::Failed) return false;
    last = initiator->build(kNow);
    if (last.status != TaskStatus::Done || !last.send) return false;
    wire.push_back(*last.send);
    last = responder->process(kNow, wire.back());
    return last.status == TaskStatus::Done;
  }
};

void expect_mirrored(const ChildSa& i, const ChildSa& r) {
  EXPECT_EQ(i.inbound_spi, r.outbound_spi);
  EXPECT_EQ(i.outbound_spi, r.inbound_spi);
  EXPECT_NE(i.inbound_spi, i.outbound_spi);
  EXPECT_TRUE(i.inbound_encryption_key == r.outbound_encryption_key);
  EXPECT_TRUE(i.inbound_integrity_key == r.outbound_integrity_key);
  EXPECT_TRUE(i.outbound_encryption_key == r.inbound_encryption_key);
  EXPECT_TRUE(i.outbound_integrity_key == r.inbound_integrity_key);
  EXPECT_FALSE(i.inbound_encryption_key == i.outbound_encryption_key);
  EXPECT_EQ(i.transform, r.transform);
  EXPECT_EQ(i.pfs_group, r.pfs_group);
  EXPECT_EQ(i.selector, r.selector.mirrored());
  EXPECT_EQ(i.lifetime_seconds, r.lifetime_seconds);
  EXPECT_EQ(i.lifetime_kilobytes, r.lifetime_kilobytes);
}

TEST(IkeQuickMode, SeedTunnelWithPfsGroup2) {
  QmPair x(seed_policy(r2_acl()), seed_policy(r2_acl().mirrored()));
  ASSERT_TRUE(x.run()) << (x.last.error ? x.last.error->text : "");
  const ChildSa* i = x.initiator->established();
  const ChildSa* r = x.responder->established();
  ASSERT_TRUE(i && r);
  expect_mirrored(*i, *r);
  EXPECT_EQ(i->transform, kAes128Sha1);
  EXPECT_EQ(i->pfs_group, crypto::DhGroup::Modp1024);
  EXPECT_EQ(i->inbound_encryption_key.size(), 16u);
  EXPECT_EQ(i->inbound_integrity_key.size(), 20u);
  EXPECT_EQ(i->lifetime_seconds, 3600u);
  EXPECT_EQ(i->lifetime_kilobytes, 4608000u);
  EXPECT_EQ(i->selector, r2_acl());
  EXPECT_EQ(i->established_at, kNow);
  EXPECT_GE(i->inbound_spi, 256u);
  // Every quick mode message is encrypted and carries the exchange's M-ID.
  for (const auto& w : x.wire) {
    auto raw = decode_header(w);
    ASSERT_TRUE(raw);
    EXPECT_TRUE(raw->header.encrypted());
    EXPECT_EQ(raw->header.exchange, ExchangeType::QuickMode);
    EXPECT_EQ(raw->header.message_id, x.initiator->message_id());
    EXPECT_EQ(raw->header.flags & kFlagCommit, 0);
  }
  EXPECT_EQ(x.counters.malformed_total(), 0u);
  EXPECT_EQ(x.counters.authentication_failures, 0u);
}

TEST(IkeQuickMode, KeymatDependsOnPfsSecret) {
  // Same phase 1 keys and nonces cannot be replayed here, so check the weaker but real
  // property: two PFS exchanges on one ISAKMP SA give unrelated keys.
  QmPair a(seed_policy(r2_acl()), seed_policy(r2_acl().mirrored()));
  ASSERT_TRUE(a.run());
  QmPair b(seed_policy(r2_acl()), seed_policy(r2_acl().mirrored()));
  ASSERT_TRUE(b.run());
  EXPECT_FALSE(a.initiator->established()->outbound_encryption_key ==
               b.initiator->established()->outbound_encryption_key);
}

TEST(IkeQuickMode, ResponderTakesItsOwnTransformSetOrder) {
  auto ipol = seed_policy(r2_acl());
  ipol.transform_sets = {kAes128Sha1, kAes256Sha256};
  auto rpol = seed_policy(r2_acl().mirrored());
  rpol.transform_sets = {kAes256Sha256, kAes128Sha1};
  QmPair x(ipol, rpol);
  ASSERT_TRUE(x.run());
  EXPECT_EQ(x.initiator->established()->transform, kAes256Sha256);
  expect_mirrored(*x.initiator->established(), *x.responder->established());
  EXPECT_EQ(x.responder->established()->outbound_integrity_key.size(), 32u);
  EXPECT_EQ(x.responder->established()->outbound_encryption_key.size(), 32u);
}

TEST(IkeQuickMode, GcmWithoutPfs) {
  auto ipol = seed_policy(r2_acl());
  ipol.transform_sets = {kGcm128};
  ipol.pfs.reset();
  auto rpol = seed_policy(r2_acl().mirrored());
  rpol.transform_sets = {kGcm128};
  rpol.pfs.reset();
  QmPair x(ipol, rpol);
  ASSERT_TRUE(x.run());
  const ChildSa* i = x.initiator->established();
  EXPECT_EQ(i->transform, kGcm128);
  EXPECT_FALSE(i->pfs_group);
  EXPECT_EQ(i->outbound_encryption_key.size(), 20u);  // 16-byte key + 4-byte salt
  EXPECT_TRUE(i->outbound_integrity_key.empty());
  expect_mirrored(*i, *x.responder->established());
}

TEST(IkeQuickMode, ResponderWithoutPfsAcceptsInitiatorsGroup) {
  auto rpol = seed_policy(r2_acl().mirrored());
  rpol.pfs.reset();
  QmPair x(seed_policy(r2_acl()), rpol);
  ASSERT_TRUE(x.run());
  EXPECT_EQ(x.responder->established()->pfs_group, crypto::DhGroup::Modp1024);
}

void expect_refusal(QmPair& x, NotifyType type) {
  auto qm1 = x.initiator->build(kNow);
  ASSERT_TRUE(qm1.send);
  auto step = x.responder->process(kNow, *qm1.send);
  EXPECT_EQ(step.status, TaskStatus::Failed);
  ASSERT_TRUE(step.send);  // the protected informational refusal
  auto raw = decode_header(*step.send);
  ASSERT_TRUE(raw);
  auto info = open_informational(x.p1.initiator, *x.iprot, *raw);
  ASSERT_TRUE(info) << info.error().text;
  ASSERT_EQ(info->notifications.size(), 1u);
  EXPECT_EQ(info->notifications[0].type, static_cast<std::uint16_t>(type));
  EXPECT_EQ(info->notifications[0].spi, spi_bytes(x.initiator->inbound_spi()));
  auto refused = x.initiator->peer_refused(info->notifications[0].type);
  EXPECT_EQ(refused.status, TaskStatus::Failed);
  ASSERT_FALSE(refused.logs.empty());
  EXPECT_EQ(refused.logs.back().format(),
            "%CRYPTO-6-IKMP_MODE_FAILURE: Processing of Quick mode failed with peer at "
            "6.6.156.100");
}

TEST(IkeQuickMode, PfsGroupMismatchIsNoProposalChosen) {
  auto rpol = seed_policy(r2_acl().mirrored());
  rpol.pfs = crypto::DhGroup::Modp2048;
  QmPair x(seed_policy(r2_acl()), rpol);
  expect_refusal(x, NotifyType::NoProposalChosen);
}

TEST(IkeQuickMode, MissingPfsWhenResponderRequiresItIsNoProposalChosen) {
  auto ipol = seed_policy(r2_acl());
  ipol.pfs.reset();
  QmPair x(ipol, seed_policy(r2_acl().mirrored()));
  expect_refusal(x, NotifyType::NoProposalChosen);
}

TEST(IkeQuickMode, TransformMismatchIsNoProposalChosen) {
  auto rpol = seed_policy(r2_acl().mirrored());
  rpol.transform_sets = {kAes256Sha256};
  QmPair x(seed_policy(r2_acl()), rpol);
  expect_refusal(x, NotifyType::NoProposalChosen);
}

TEST(IkeQuickMode, ProxyIdentitiesOutsideTheMirroredAclAreRefused) {
  auto racl = r2_acl().mirrored();
  racl.remote = {{6, 6, 3, 0}, {255, 255, 255, 0}};  // R10 protects traffic from 6.6.3.0/24
  QmPair x(seed_policy(r2_acl()), seed_policy(racl));
  expect_refusal(x, NotifyType::InvalidIdInformation);
}

TEST(IkeQuickMode, NarrowerProxyInsideTheAclIsAccepted) {
  auto iacl = r2_acl();
  iacl.local = {{6, 6, 2, 2}, {255, 255, 255, 255}};  // a host inside 6.6.2.0/24
  QmPair x(seed_policy(iacl), seed_policy(r2_acl().mirrored()));
  ASSERT_TRUE(x.run());
  EXPECT_EQ(x.responder->established()->selector.remote, iacl.local);
}

// IOS negotiates one SA per permit line: a responder whose ACL has several lines accepts
// the proxies of any of them, and still refuses proxies no line holds.
Phase2Policy r10_two_lines() {
  Phase2Policy p = seed_policy(r2_acl().mirrored());
  TrafficSelector second = r2_acl().mirrored();
  second.remote = {{6, 6, 3, 0}, {255, 255, 255, 0}};
  p.acl_lines = {r2_acl().mirrored(), second};
  return p;
}

TEST(IkeQuickMode, ProxiesOfTheResponderSecondPermitLineAreAccepted) {
  auto iacl = r2_acl();
  iacl.local = {{6, 6, 3, 0}, {255, 255, 255, 0}};
  QmPair x(seed_policy(iacl), r10_two_lines());
  ASSERT_TRUE(x.run()) << (x.last.error ? x.last.error->text : "");
  EXPECT_EQ(x.responder->established()->selector, iacl.mirrored());
  EXPECT_EQ(x.initiator->established()->selector, iacl);
}

TEST(IkeQuickMode, ProxiesOfNoPermitLineAreRefused) {
  auto iacl = r2_acl();
  iacl.local = {{6, 6, 4, 0}, {255, 255, 255, 0}};
  QmPair x(seed_policy(iacl), r10_two_lines());
  expect_refusal(x, NotifyType::InvalidIdInformation);
  EXPECT_EQ(x.responder->established(), nullptr);
}

TEST(IkeQuickMode, ShorterResponderLifetimeIsNotifiedAndAdopted) {
  auto rpol = seed_policy(r2_acl().mirrored());
  rpol.lifetime_seconds = 1200;
  rpol.lifetime_kilobytes = 100000;
  QmPair x(seed_policy(r2_acl()), rpol);
  ASSERT_TRUE(x.run());
  EXPECT_EQ(x.initiator->established()->lifetime_seconds, 1200u);
  EXPECT_EQ(x.initiator->established()->lifetime_kilobytes, 100000u);
  expect_mirrored(*x.initiator->established(), *x.responder->established());
  // QM2 carried RESPONDER-LIFETIME: open it with a second protection seeded alike.
  MessageProtection peek(x.p1.initiator.hash, x.p1.initiator.cipher,
                         x.p1.initiator.encryption_key, x.p1.initiator.phase1_iv);
  auto qm1 = decode_header(x.wire[0]);
  auto opened1 = peek.open(*qm1);
  ASSERT_TRUE(opened1);
  peek.accept(qm1->header.message_id, opened1->last_block);
  auto qm2 = decode_header(x.wire[1]);
  auto opened2 = peek.open(*qm2);
  ASSERT_TRUE(opened2);
  const auto* n = opened2->message.find<NotificationPayload>();
  ASSERT_TRUE(n);
  auto life = parse_responder_lifetime(*n);
  ASSERT_TRUE(life);
  EXPECT_EQ(life->seconds, 1200u);
  EXPECT_EQ(life->kilobytes, 100000u);
}

TEST(IkeQuickMode, CommitBitIsTolerated) {
  QmPair x(seed_policy(r2_acl()), seed_policy(r2_acl().mirrored()));
  auto qm1 = x.initiator->build(kNow);
  ASSERT_TRUE(qm1.send);
  Bytes with_commit = *qm1.send;
  with_commit[19] |= kFlagCommit;  // flags are not covered by HASH(1)
  EXPECT_EQ(x.responder->process(kNow, with_commit).status, TaskStatus::NeedMore);
  auto qm2 = x.responder->build(kNow);
  ASSERT_TRUE(qm2.send);
  Bytes qm2_commit = *qm2.send;
  qm2_commit[19] |= kFlagCommit;
  EXPECT_EQ(x.initiator->process(kNow, qm2_commit).status, TaskStatus::NeedMore);
  auto qm3 = x.initiator->build(kNow);
  EXPECT_EQ(qm3.status, TaskStatus::Done);
  EXPECT_EQ(x.responder->process(kNow, *qm3.send).status, TaskStatus::Done);
}

TEST(IkeQuickMode, ForgedOrGarbledQm2IsIgnoredAndGenuineOneCompletes) {
  QmPair x(seed_policy(r2_acl()), seed_policy(r2_acl().mirrored()));
  auto qm1 = x.initiator->build(kNow);
  x.responder->process(kNow, *qm1.send);
  auto qm2 = x.responder->build(kNow);
  Bytes garbled = *qm2.send;
  garbled[40] ^= 0x01;
  auto step = x.initiator->process(kNow, garbled);
  EXPECT_EQ(step.status, TaskStatus::NeedMore);
  ASSERT_TRUE(step.error);
  Bytes truncated(qm2.send->begin(), qm2.send->begin() + 30);
  EXPECT_EQ(x.initiator->process(kNow, truncated).status, TaskStatus::NeedMore);
  EXPECT_GT(x.counters.malformed_total() + x.counters.authentication_failures, 0u);
  EXPECT_EQ(x.initiator->process(kNow, *qm2.send).status, TaskStatus::NeedMore);
  auto qm3 = x.initiator->build(kNow);
  EXPECT_EQ(qm3.status, TaskStatus::Done);
  EXPECT_EQ(x.responder->process(kNow, *qm3.send).status, TaskStatus::Done);
}

TEST(IkeQuickMode, ForgedQm1FailsResponderWithoutReply) {
  QmPair x(seed_policy(r2_acl()), seed_policy(r2_acl().mirrored()));
  auto qm1 = x.initiator->build(kNow);
  Bytes forged = *qm1.send;
  forged[forged.size() - 20] ^= 0x80;  // a later CBC block: decrypts, HASH(1) fails
  auto step = x.responder->process(kNow, forged);
  EXPECT_NE(step.status, TaskStatus::Done);
  EXPECT_FALSE(step.send);
}

}  // namespace
}  // namespace havpnc::ike
