// EspSa and SaTable: round trips for every transform and every way a packet can be refused,
// checking the drop counter and that the replay window did not move.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <random>
#include <set>

#include "tests/esp/esp_test_support.h"

namespace havpnc::esp::test {
namespace {

struct Pair {
  std::unique_ptr<EspSa> out;
  SaTable table;
  EspSa* in = nullptr;
  FixedIvSource ivs;
  std::vector<std::uint8_t> buf = std::vector<std::uint8_t>(70000);
  std::vector<std::uint8_t> plain = std::vector<std::uint8_t>(70000);

  explicit Pair(Transform t, std::uint32_t window = 64) {
    out = make_sa(t, Direction::Outbound);
    EXPECT_TRUE(table.add(make_sa(t, Direction::Inbound, window)));
    in = table.find(kSpi);
  }
  std::vector<std::uint8_t> seal(std::span<const std::uint8_t> inner, TimePoint now = t0()) {
    const EncapResult r = out->encapsulate(inner, now, ivs, buf);
    EXPECT_EQ(r.status, EncapStatus::Ok);
    return {buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(r.length)};
  }
  DecapResult open(std::span<const std::uint8_t> esp, TimePoint now = t0()) {
    return table.decapsulate(esp, now, plain);
  }
};

std::vector<std::uint8_t> inner_of_size(std::size_t n) {
  auto v = iota_bytes(0x45, n);
  if (!v.empty()) v[0] = 0x45;
  return v;
}

class EveryTransform : public ::testing::TestWithParam<Transform> {};

TEST_P(EveryTransform, RoundTripAtManySizes) {
  Pair p(GetParam());
  const TransformInfo& ti = info(GetParam());
  std::uint32_t seq = 0;
  for (std::size_t n : {0u, 1u, 2u, 13u, 14u, 15u, 16u, 17u, 20u, 60u, 1400u, 1500u, 9000u, 65000u}) {
    const auto inner = inner_of_size(n);
    const auto esp = p.seal(inner);
    ++seq;
    ASSERT_EQ(esp.size(), p.out->encapsulated_size(n));
    // RFC 4303 §2.4: ciphertext block- and 4-byte aligned, padding minimal.
    const std::size_t ct = esp.size() - 8 - ti.iv_len - ti.icv_len;
    EXPECT_EQ(ct % std::max<std::size_t>(ti.block_len, 4), 0u);
    EXPECT_LT(ct - n - 2, std::max<std::size_t>(ti.block_len, 4));
    EXPECT_EQ(esp[4] << 24 | esp[5] << 16 | esp[6] << 8 | esp[7], static_cast<int>(seq));
    const DecapResult r = p.open(esp);
    ASSERT_EQ(r.drop, DropReason::None) << n << " " << to_string(r.drop);
    EXPECT_EQ(std::vector<std::uint8_t>(r.inner.begin(), r.inner.end()), inner);
    EXPECT_EQ(r.sequence, seq);
  }
  EXPECT_EQ(p.out->counters().packets_encrypted, seq);
  EXPECT_EQ(p.in->counters().packets_decrypted, seq);
  EXPECT_EQ(p.in->counters().bytes_decrypted, p.out->counters().bytes_encrypted);
  EXPECT_EQ(p.in->counters().drops.total(), 0u);
}

TEST_P(EveryTransform, TamperedIcvIsDroppedAndWindowUnchanged) {
  Pair p(GetParam());
  const auto inner = sample_inner();
  ASSERT_EQ(p.open(p.seal(inner)).drop, DropReason::None);
  const auto esp = p.seal(inner);
  // Flip one bit in each region covered by the ICV: SPI excluded (that is a lookup miss).
  for (std::size_t pos : {std::size_t{4}, std::size_t{7}, std::size_t{9}, std::size_t{30}, esp.size() - 1}) {
    auto bad = esp;
    bad[pos] ^= 0x01;
    const DecapResult r = p.open(bad);
    EXPECT_EQ(r.drop, DropReason::Icv) << pos;
    EXPECT_TRUE(r.inner.empty());
    EXPECT_EQ(p.in->replay_window().highest(), 1u) << pos;
  }
  EXPECT_EQ(p.in->counters().drops[DropReason::Icv], 5u);
  // The genuine packet with the same sequence number is still accepted afterwards.
  EXPECT_EQ(p.open(esp).drop, DropReason::None);
  EXPECT_EQ(p.in->replay_window().highest(), 2u);
}

TEST_P(EveryTransform, ForgedHighSequenceDoesNotSlideTheWindow) {
  Pair p(GetParam());
  const auto inner = sample_inner();
  const auto first = p.seal(inner);
  auto forged = p.seal(inner);
  forged[4] = 0x7F;  // sequence 0x7F000002: would slide a 64 window far past everything
  EXPECT_EQ(p.open(forged).drop, DropReason::Icv);
  EXPECT_EQ(p.open(first).drop, DropReason::None);
}

TEST_P(EveryTransform, TruncatedAtEveryLengthIsDropped) {
  Pair p(GetParam());
  const auto esp = p.seal(sample_inner());
  for (std::size_t len = 0; len < esp.size(); ++len) {
    const DecapResult r = p.open(std::span<const std::uint8_t>(esp.data(), len));
    ASSERT_NE(r.drop, DropReason::None) << len;
    EXPECT_TRUE(r.drop == DropReason::TooShort || r.drop == DropReason::Icv) << len << to_string(r.drop);
  }
  EXPECT_EQ(p.in->replay_window().highest(), 0u);
  EXPECT_EQ(p.table.drops()[DropReason::TooShort], 8u);  // 0..7: no SPI to find an SA with
  EXPECT_EQ(p.open(esp).drop, DropReason::None);
}

TEST_P(EveryTransform, DuplicateIsDroppedAsReplay) {
  Pair p(GetParam());
  const auto esp = p.seal(sample_inner());
  EXPECT_EQ(p.open(esp).drop, DropReason::None);
  EXPECT_EQ(p.open(esp).drop, DropReason::Replay);
  EXPECT_EQ(p.in->counters().drops[DropReason::Replay], 1u);
}

INSTANTIATE_TEST_SUITE_P(Esp, EveryTransform, ::testing::ValuesIn(kAllTransforms),
                         [](const auto& i) {
                           std::string name(havpnc::esp::info(i.param).ios_name);
                           for (char& c : name)
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           return name;
                         });

TEST(EspSa, UnknownSpiIsCountedInTheTable) {
  Pair p(Transform::AesCbc128HmacSha1);
  auto esp = p.seal(sample_inner());
  esp[3] ^= 0xFF;
  const DecapResult r = p.open(esp);
  EXPECT_EQ(r.drop, DropReason::UnknownSpi);
  EXPECT_EQ(r.spi, kSpi ^ 0xFFu);
  EXPECT_EQ(p.table.drops()[DropReason::UnknownSpi], 1u);
  EXPECT_EQ(p.in->counters().drops.total(), 0u);
}

TEST(EspSa, TooOldIsDroppedAsReplay) {
  Pair p(Transform::AesCbc128HmacSha1);
  const auto first = p.seal(sample_inner());
  std::vector<std::uint8_t> last;
  for (int i = 0; i < 64; ++i) last = p.seal(sample_inner());
  ASSERT_EQ(p.open(last).drop, DropReason::None);  // seq 65: 1 is now left of the window
  EXPECT_EQ(p.open(first).drop, DropReason::Replay);
}

TEST(EspSa, Window1024OutOfOrderThroughTheSa) {
  Pair p(Transform::AesGcm128, 1024);
  std::vector<std::vector<std::uint8_t>> packets;
  for (int i = 0; i < 3000; ++i) packets.push_back(p.seal(inner_of_size(40)));
  std::mt19937 rng(1024);
  for (std::size_t b = 0; b < packets.size(); b += 1000) std::shuffle(packets.begin() + b, packets.begin() + b + 1000, rng);
  for (const auto& esp : packets) ASSERT_EQ(p.open(esp).drop, DropReason::None);
  for (const auto& esp : packets) ASSERT_EQ(p.open(esp).drop, DropReason::Replay);
  EXPECT_EQ(p.in->counters().packets_decrypted, 3000u);
}

TEST(EspSa, ReplayDisableAcceptsDuplicates) {
  Pair p(Transform::AesCbc128HmacSha1, 0);
  const auto esp = p.seal(sample_inner());
  EXPECT_EQ(p.open(esp).drop, DropReason::None);
  EXPECT_EQ(p.open(esp).drop, DropReason::None);
}

// Packets whose ICV is valid but whose trailer is wrong: made with the SA's own cipher so only
// the trailer differs from a good packet.
std::vector<std::uint8_t> sealed_with_trailer(Transform t, std::uint32_t seq, std::span<const std::uint8_t> inner,
                                              std::span<const std::uint8_t> trailer) {
  auto crypto = SaCrypto::create(t, cipher_key_for(t), integrity_key_for(t), true);
  const TransformInfo& ti = info(t);
  std::vector<std::uint8_t> pkt(8 + ti.iv_len + inner.size() + trailer.size() + ti.icv_len);
  pkt[2] = static_cast<std::uint8_t>(kSpi >> 8);
  pkt[3] = static_cast<std::uint8_t>(kSpi);
  pkt[7] = static_cast<std::uint8_t>(seq);
  pkt[8 + ti.iv_len - 1] = static_cast<std::uint8_t>(seq);
  EXPECT_TRUE(crypto->seal(pkt, inner, trailer));
  return pkt;
}

TEST(EspSa, CorruptPaddingIsDroppedAfterTheIcvAndWindowUnchanged) {
  for (Transform t : {Transform::AesCbc128HmacSha1, Transform::AesGcm128}) {
    Pair p(t);
    const auto inner = sample_inner();  // 60 bytes: 2 pad bytes reach the alignment
    const std::vector<std::vector<std::uint8_t>> bad_trailers = {
        {0x01, 0x03, 0x02, 0x04},  // second pad byte must be 2
        {0x00, 0x02, 0x02, 0x04},  // first pad byte must be 1
        {0x01, 0x02, 0x40, 0x04},  // pad length beyond the payload
        {0x01, 0x02, 0xFF, 0x04},
    };
    for (const auto& tr : bad_trailers) {
      const DecapResult r = p.open(sealed_with_trailer(t, 1, inner, tr));
      EXPECT_EQ(r.drop, DropReason::BadPadding);
      EXPECT_EQ(p.in->replay_window().highest(), 0u);
    }
    // A whole-payload pad length is legal as long as the bytes count up.
    std::vector<std::uint8_t> all_pad;
    for (int i = 1; i <= 62; ++i) all_pad.push_back(static_cast<std::uint8_t>(i));
    all_pad.push_back(62);
    all_pad.push_back(4);
    const DecapResult ok = p.open(sealed_with_trailer(t, 2, {}, all_pad));
    EXPECT_EQ(ok.drop, DropReason::None);
    EXPECT_TRUE(ok.inner.empty());
    EXPECT_EQ(p.in->counters().drops[DropReason::BadPadding], 4u);
    // The dummy packet of RFC 4303 §2.6 (next header 59) is discarded and counted.
    const std::vector<std::uint8_t> dummy = {0x01, 0x02, 0x02, 59};
    EXPECT_EQ(p.open(sealed_with_trailer(t, 3, inner, dummy)).drop, DropReason::BadNextHeader);
    EXPECT_EQ(p.in->replay_window().highest(), 2u);
  }
}

TEST(EspSa, SenderRefusesToCycleTheSequenceNumber) {
  Pair p(Transform::AesCbc128HmacSha1);
  ASSERT_TRUE(p.out->resume_outbound_at(0xFFFFFFFEull));
  const auto a = p.seal(sample_inner());
  const auto b = p.seal(sample_inner());
  EXPECT_EQ(p.open(a).sequence, 0xFFFFFFFEu);
  const DecapResult rb = p.open(b);
  EXPECT_EQ(rb.drop, DropReason::None);
  EXPECT_EQ(rb.sequence, 0xFFFFFFFFu);
  const EncapResult refused = p.out->encapsulate(sample_inner(), t0(), p.ivs, p.buf);
  EXPECT_EQ(refused.status, EncapStatus::SequenceExhausted);
  EXPECT_EQ(refused.length, 0u);
  EXPECT_EQ(p.out->counters().encapsulate_refused, 1u);
  EXPECT_EQ(p.out->counters().packets_encrypted, 2u);
  EXPECT_FALSE(p.out->resume_outbound_at(0));
  EXPECT_FALSE(p.out->resume_outbound_at(0x100000001ull));
}

TEST(EspSa, TakeoverResumesOutboundAndRestoresInboundWindow) {
  // The old active sent up to 5000; the standby's checkpoint said 4000 with interval 1000.
  Pair p(Transform::AesCbc128HmacSha1);
  ASSERT_TRUE(p.out->resume_outbound_at(4990));
  std::vector<std::vector<std::uint8_t>> old_packets;
  for (int i = 0; i < 10; ++i) old_packets.push_back(p.seal(sample_inner()));  // 4990..4999
  p.in->restore_replay_checkpoint(5000);
  for (const auto& esp : old_packets) EXPECT_EQ(p.open(esp).drop, DropReason::Replay);
  ASSERT_TRUE(p.out->resume_outbound_at(5001));
  const DecapResult r = p.open(p.seal(sample_inner()));
  EXPECT_EQ(r.drop, DropReason::None);
  EXPECT_EQ(r.sequence, 5001u);
}

TEST(EspSa, OutputBufferTooSmallIsRefusedWithoutConsumingASequenceNumber) {
  Pair p(Transform::AesCbc128HmacSha1);
  std::vector<std::uint8_t> small(p.out->encapsulated_size(60) - 1);
  EXPECT_EQ(p.out->encapsulate(sample_inner(), t0(), p.ivs, small).status, EncapStatus::BufferTooSmall);
  EXPECT_EQ(p.out->next_sequence(), 1u);
  p.ivs.fail = true;
  EXPECT_EQ(p.out->encapsulate(sample_inner(), t0(), p.ivs, p.buf).status, EncapStatus::RngFailure);
  EXPECT_EQ(p.out->next_sequence(), 1u);
}

TEST(EspSa, DirectionIsEnforced) {
  Pair p(Transform::AesCbc128HmacSha1);
  EXPECT_EQ(p.in->encapsulate(sample_inner(), t0(), p.ivs, p.buf).status, EncapStatus::BadInput);
  EXPECT_FALSE(p.table.add(make_sa(Transform::AesCbc128HmacSha1, Direction::Outbound)));
  EXPECT_FALSE(p.table.add(make_sa(Transform::AesCbc128HmacSha1, Direction::Inbound)));  // SPI taken
}

TEST(EspSa, CreateRejectsBadParameters) {
  std::string error;
  auto bad_spi = params(Transform::AesCbc128HmacSha1, Direction::Inbound);
  bad_spi.spi = 255;
  EXPECT_EQ(EspSa::create(bad_spi, t0(), &error), nullptr);
  EXPECT_NE(error.find("SPI"), std::string::npos);
  auto bad_key = params(Transform::AesCbc128HmacSha1, Direction::Inbound);
  bad_key.cipher_key = Secret(std::span<const std::uint8_t>(iota_bytes(0, 24)));
  EXPECT_EQ(EspSa::create(bad_key, t0(), &error), nullptr);
  auto gcm_no_salt = params(Transform::AesGcm128, Direction::Inbound);
  gcm_no_salt.cipher_key = Secret(std::span<const std::uint8_t>(iota_bytes(0, 16)));
  EXPECT_EQ(EspSa::create(gcm_no_salt, t0(), &error), nullptr);
  auto bad_window = params(Transform::AesCbc128HmacSha1, Direction::Inbound);
  bad_window.replay_window = 100;
  EXPECT_EQ(EspSa::create(bad_window, t0(), &error), nullptr);
  EXPECT_NE(error.find("replay"), std::string::npos);
  auto bad_transform = params(Transform::AesCbc128HmacSha1, Direction::Inbound);
  bad_transform.transform = static_cast<Transform>(200);
  EXPECT_EQ(EspSa::create(bad_transform, t0(), &error), nullptr);
  EXPECT_EQ(error, "unknown transform");
  auto bad_soft = params(Transform::AesCbc128HmacSha1, Direction::Inbound);
  bad_soft.lifetime.soft_percent = 0;
  EXPECT_EQ(EspSa::create(bad_soft, t0(), &error), nullptr);
}

TEST(EspSa, TimeLifetimeSoftThenHard) {
  auto prm = params(Transform::AesCbc128HmacSha1, Direction::Outbound);
  prm.lifetime.seconds = std::chrono::seconds(100);
  prm.lifetime.kilobytes = 0;
  auto sa = EspSa::create(prm, t0());
  FixedIvSource ivs;
  std::vector<std::uint8_t> buf(200);
  const auto inner = sample_inner();
  EXPECT_EQ(sa->encapsulate(inner, at_us(89'999'999), ivs, buf).lifetime, LifetimeEvent::None);
  EXPECT_EQ(sa->encapsulate(inner, at_us(90'000'000), ivs, buf).lifetime, LifetimeEvent::Soft);
  EXPECT_EQ(sa->encapsulate(inner, at_us(95'000'000), ivs, buf).lifetime, LifetimeEvent::None);  // fires once
  const EncapResult hard = sa->encapsulate(inner, at_us(100'000'000), ivs, buf);
  EXPECT_EQ(hard.status, EncapStatus::LifetimeExpired);
  EXPECT_EQ(hard.lifetime, LifetimeEvent::Hard);
  EXPECT_EQ(sa->encapsulate(inner, at_us(100'000'001), ivs, buf).status, EncapStatus::LifetimeExpired);
}

TEST(EspSa, IdleSaExpiresByPoll) {
  auto prm = params(Transform::AesGcm128, Direction::Inbound);
  prm.lifetime.seconds = std::chrono::seconds(3600);
  auto sa = EspSa::create(prm, t0());
  EXPECT_EQ(sa->lifetime().soft_deadline(), t0() + std::chrono::seconds(3240));
  EXPECT_EQ(sa->poll_lifetime(t0() + std::chrono::seconds(3239)), LifetimeEvent::None);
  EXPECT_EQ(sa->poll_lifetime(t0() + std::chrono::seconds(3240)), LifetimeEvent::Soft);
  EXPECT_EQ(sa->poll_lifetime(t0() + std::chrono::seconds(4000)), LifetimeEvent::Hard);
  EXPECT_EQ(sa->poll_lifetime(t0() + std::chrono::seconds(5000)), LifetimeEvent::None);
}

TEST(EspSa, VolumeLifetimeOnBothSides) {
  Pair p(Transform::AesCbc128HmacSha1);
  auto prm_out = params(Transform::AesCbc128HmacSha1, Direction::Outbound);
  prm_out.lifetime = {std::chrono::seconds(0), 1, 90};  // 1 KB: soft at 921 bytes, hard at 1024
  auto prm_in = params(Transform::AesCbc128HmacSha1, Direction::Inbound);
  prm_in.lifetime = prm_out.lifetime;
  p.out = EspSa::create(prm_out, t0());
  p.table.remove(kSpi);
  ASSERT_TRUE(p.table.add(EspSa::create(prm_in, t0())));
  p.in = p.table.find(kSpi);
  const auto inner = sample_inner();  // 60 bytes
  std::vector<LifetimeEvent> out_events;
  std::vector<LifetimeEvent> in_events;
  std::vector<std::uint8_t> esp;
  for (int i = 0; i < 17; ++i) {
    const EncapResult r = p.out->encapsulate(inner, t0(), p.ivs, p.buf);
    ASSERT_EQ(r.status, EncapStatus::Ok) << i;
    out_events.push_back(r.lifetime);
    esp.assign(p.buf.begin(), p.buf.begin() + static_cast<std::ptrdiff_t>(r.length));
    in_events.push_back(p.open(esp).lifetime);
  }
  // 16 * 60 = 960 >= 921 (soft), 17 * 60 = 1020 < 1024; the 18th (1080) reaches hard.
  for (int i = 0; i < 17; ++i) {
    const LifetimeEvent want = i == 15 ? LifetimeEvent::Soft : LifetimeEvent::None;
    EXPECT_EQ(out_events[i], want) << i;
    EXPECT_EQ(in_events[i], want) << i;
  }
  const EncapResult last = p.out->encapsulate(inner, t0(), p.ivs, p.buf);
  EXPECT_EQ(last.status, EncapStatus::Ok);
  EXPECT_EQ(last.lifetime, LifetimeEvent::Hard);
  esp.assign(p.buf.begin(), p.buf.begin() + static_cast<std::ptrdiff_t>(last.length));
  EXPECT_EQ(p.open(esp).lifetime, LifetimeEvent::Hard);
  EXPECT_EQ(p.out->encapsulate(inner, t0(), p.ivs, p.buf).status, EncapStatus::LifetimeExpired);
  EXPECT_EQ(p.open(esp).drop, DropReason::LifetimeExpired);
  EXPECT_EQ(p.in->counters().drops[DropReason::LifetimeExpired], 1u);
}

TEST(DropReason, NamesAreDistinct) {
  std::set<std::string_view> names;
  for (std::size_t i = 0; i < kDropReasonCount; ++i) names.insert(to_string(static_cast<DropReason>(i)));
  EXPECT_EQ(names.size(), kDropReasonCount);
  EXPECT_EQ(names.count("unknown"), 0u);
}

}  // namespace
}  // namespace havpnc::esp::test
