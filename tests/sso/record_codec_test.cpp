#include "runtime/sso/record_codec.h"

#include <gtest/gtest.h>

#include "tests/sso/sample_records.h"

namespace havpnc::sso {
namespace {

using test::one_of_each;
using test::sample_ike_sa;
using test::sample_ipsec_sa;

TEST(RecordCodec, EveryTypeRoundTrips) {
  for (const Record& r : one_of_each()) {
    std::vector<std::uint8_t> bytes = encode(r);
    ASSERT_FALSE(bytes.empty()) << to_string(type_of(r.body));
    DecodeResult d = decode(bytes);
    ASSERT_TRUE(d.ok()) << to_string(type_of(r.body)) << ": " << to_string(d.error());
    EXPECT_TRUE(d.record() == r) << to_string(type_of(r.body));
    EXPECT_EQ(encode(d.record()), bytes);
  }
}

TEST(RecordCodec, HeaderLayout) {
  Record r{0x0102030405060708ull, PeerStatus{13}};
  std::vector<std::uint8_t> b = encode(r);
  ASSERT_EQ(b.size(), kRecordHeaderLen + 1);
  EXPECT_EQ(b[0], 0x53);
  EXPECT_EQ(b[1], 0x53);
  EXPECT_EQ(b[2], kRecordVersion);
  EXPECT_EQ(b[3], static_cast<std::uint8_t>(RecordType::PeerStatus));
  EXPECT_EQ((std::vector<std::uint8_t>(b.begin() + 4, b.begin() + 8)),
            (std::vector<std::uint8_t>{0, 0, 0, 1}));
  EXPECT_EQ(b[8], 0x01);
  EXPECT_EQ(b[15], 0x08);
  EXPECT_EQ(b[16], 13);
}

TEST(RecordCodec, EveryTruncationIsTooShortOrLengthMismatch) {
  DecodeCounters counters;
  for (const Record& r : one_of_each()) {
    std::vector<std::uint8_t> bytes = encode(r);
    for (std::size_t n = 0; n < bytes.size(); ++n) {
      DecodeResult d = decode(std::span(bytes).first(n), counters);
      ASSERT_FALSE(d.ok());
      EXPECT_TRUE(d.error() == DecodeError::TooShort || d.error() == DecodeError::LengthMismatch)
          << to_string(d.error());
    }
  }
  EXPECT_EQ(counters.decoded, 0u);
  EXPECT_GT(counters.count(DecodeError::TooShort), 0u);
  EXPECT_GT(counters.count(DecodeError::LengthMismatch), 0u);
}

// A body that claims fewer bytes than its fields need: the reader must stop at the body end.
TEST(RecordCodec, FieldsMayNotRunPastTheDeclaredBody) {
  std::vector<std::uint8_t> b = encode({1, IpsecSaAdd{sample_ipsec_sa()}});
  b.resize(b.size() - 3);
  b[7] = static_cast<std::uint8_t>(b[7] - 3);
  DecodeResult d = decode(b);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error(), DecodeError::TooShort);
}

TEST(RecordCodec, HeaderErrors) {
  std::vector<std::uint8_t> good = encode({1, PeerStatus{8}});
  DecodeCounters c;
  auto with = [&](std::size_t at, std::uint8_t v) {
    auto b = good;
    b[at] = v;
    return decode(b, c);
  };
  EXPECT_EQ(with(0, 0x54).error(), DecodeError::BadMagic);
  EXPECT_EQ(with(2, 2).error(), DecodeError::UnsupportedVersion);
  EXPECT_EQ(with(3, 0).error(), DecodeError::UnknownType);
  EXPECT_EQ(with(3, 10).error(), DecodeError::UnknownType);
  EXPECT_EQ(with(7, 2).error(), DecodeError::LengthMismatch);
  EXPECT_EQ(with(5, 1).error(), DecodeError::BodyTooLong);
  EXPECT_EQ(c.errors(), 6u);
  EXPECT_EQ(c.count(DecodeError::UnknownType), 2u);

  auto extra = good;
  extra.push_back(0);
  extra[7] = 2;
  EXPECT_EQ(decode(extra).error(), DecodeError::TrailingBytes);
}

TEST(RecordCodec, ValueChecks) {
  // RF state outside 1..13.
  std::vector<std::uint8_t> b = encode({1, PeerStatus{8}});
  b[16] = 14;
  EXPECT_EQ(decode(b).error(), DecodeError::BadValue);
  b[16] = 0;
  EXPECT_EQ(decode(b).error(), DecodeError::BadValue);
  EXPECT_TRUE(encode({1, PeerStatus{0}}).empty());

  // SPI 0 (RFC 4303 §2.1).
  std::vector<std::uint8_t> del = encode({1, IpsecSaDelete{{7, 9}}});
  del[16] = del[17] = del[18] = del[19] = 0;
  EXPECT_EQ(decode(del).error(), DecodeError::BadValue);
  EXPECT_TRUE(encode({1, IpsecSaDelete{{0, 9}}}).empty());

  // IKE role byte after the cookies.
  std::vector<std::uint8_t> ike = encode({1, IkeSaAdd{sample_ike_sa()}});
  ike[kRecordHeaderLen + 16] = 2;
  EXPECT_EQ(decode(ike).error(), DecodeError::BadValue);
}

TEST(RecordCodec, OversizedFieldsAreRefusedBothWays) {
  IkeSaRecord sa = sample_ike_sa();
  sa.skeyid_d = Secret(std::vector<std::uint8_t>(kMaxKeyLen + 1, 1));
  EXPECT_TRUE(encode({1, IkeSaAdd{sa}}).empty());
  sa = sample_ike_sa();
  sa.message_ids.assign(kMaxMessageIds + 1, 5);
  EXPECT_TRUE(encode({1, IkeSaAdd{sa}}).empty());
  sa = sample_ike_sa();
  sa.phase1_iv.assign(kMaxIvLen + 1, 5);
  EXPECT_TRUE(encode({1, IkeSaAdd{sa}}).empty());

  // On the wire: SKEYID_d's length byte raised above 64.
  std::vector<std::uint8_t> b = encode({1, IkeSaAdd{sample_ike_sa()}});
  const std::size_t skeyid_len_at = kRecordHeaderLen + 16 + 1 + 6 + 6 + 10 + 4 + 8;
  ASSERT_EQ(b[skeyid_len_at], 20);
  b[skeyid_len_at] = kMaxKeyLen + 1;
  EXPECT_EQ(decode(b).error(), DecodeError::FieldTooLong);
}

TEST(RecordCodec, EncodeAppendsAndLeavesOutputAloneOnFailure) {
  std::vector<std::uint8_t> out = {0xAA};
  ASSERT_TRUE(encode({1, PeerStatus{4}}, out));
  EXPECT_EQ(out.size(), 1 + kRecordHeaderLen + 1);
  const auto before = out;
  IpsecSaRecord bad = sample_ipsec_sa();
  bad.key.inbound_spi = 0;
  EXPECT_FALSE(encode({2, IpsecSaAdd{bad}}, out));
  EXPECT_EQ(out, before);
}

TEST(RecordCodec, WipeClears) {
  std::vector<std::uint8_t> b = encode({1, IpsecSaAdd{sample_ipsec_sa()}});
  wipe_bytes(b);
  EXPECT_TRUE(b.empty());
}

}  // namespace
}  // namespace havpnc::sso
