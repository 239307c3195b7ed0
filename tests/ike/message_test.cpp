// Codec tests: exact bytes for an IOS main mode 1, round trips for every payload kind, and a
// clear error (code, payload, offset) for each kind of malformed input.
#include <gtest/gtest.h>

#include "runtime/ike/message.h"
#include "runtime/ike/vendor_id.h"
#include "runtime/ike/crypto/hash.h"
#include "tests/ike/sample_messages.h"

namespace havpnc::ike {
namespace {

// Written by hand from RFC 2408 §3.1/3.4-3.6 and RFC 2409 App. A, not by the encoder.
const char* kIosMm1Hex =
    "0102030405060708" "0000000000000000" "01" "10" "02" "00" "00000000" "00000058"
    "0000003c" "00000001" "00000001"                       // SA: DOI IPsec, identity only
    "00000030" "01" "01" "00" "01"                         // proposal 1, ISAKMP, no SPI, 1 transform
    "00000028" "01" "01" "0000"                            // transform 1, KEY_IKE
    "80010007" "800e0080" "80020002" "80030001" "80040002"  // AES, 128, SHA, PSK, group 2
    "800b0001" "000c0004" "00015180";                      // life seconds 86400 (TLV)

Bytes patch_length(Bytes b) {
  std::uint32_t len = static_cast<std::uint32_t>(b.size());
  for (int i = 0; i < 4; ++i) b[24 + i] = static_cast<std::uint8_t>(len >> (24 - 8 * i));
  return b;
}

DecodeError decode_error(const Bytes& datagram) {
  auto m = decode_message(datagram);
  EXPECT_FALSE(m.has_value());
  return m ? DecodeError{} : m.error();
}

TEST(IkeCodec, EncodesIosMainMode1ByteExact) {
  auto bytes = encode_message(testing::ios_main_mode_1());
  ASSERT_TRUE(bytes);
  EXPECT_EQ(to_hex(*bytes), kIosMm1Hex);
}

TEST(IkeCodec, DecodesIosMainMode1) {
  auto m = decode_message(from_hex(kIosMm1Hex));
  ASSERT_TRUE(m) << m.error().describe();
  EXPECT_EQ(m->header.exchange, ExchangeType::IdentityProtection);
  EXPECT_EQ(m->header.length, 0x58u);
  EXPECT_EQ(m->header.next_payload, PayloadType::SecurityAssociation);
  const auto* sa = m->find<SaPayload>();
  ASSERT_NE(sa, nullptr);
  ASSERT_EQ(sa->proposals.size(), 1u);
  const auto& attrs = sa->proposals[0].transforms.at(0).attributes;
  const Attribute* life = find_attribute(attrs, p1attr::kLifeDuration);
  ASSERT_NE(life, nullptr);
  EXPECT_FALSE(life->basic);
  EXPECT_EQ(life->as_integer(), 86400u);
  EXPECT_EQ(find_attribute(attrs, p1attr::kKeyLength)->as_integer(), 128u);
  // The SA body as received is kept for HASH_I/HASH_R.
  EXPECT_EQ(to_hex(m->payloads[0].received_body), std::string(kIosMm1Hex).substr(64));
  Message expected = testing::ios_main_mode_1();
  expected.header.length = 0x58;
  expected.header.next_payload = PayloadType::SecurityAssociation;
  EXPECT_EQ(*m, expected);
}

TEST(IkeCodec, EveryPayloadKindRoundTrips) {
  Message original = testing::every_payload_kind();
  auto bytes = encode_message(original);
  ASSERT_TRUE(bytes);
  auto decoded = decode_message(*bytes);
  ASSERT_TRUE(decoded) << decoded.error().describe();
  ASSERT_EQ(decoded->payloads.size(), original.payloads.size());
  for (std::size_t i = 0; i < original.payloads.size(); ++i)
    EXPECT_EQ(decoded->payloads[i], original.payloads[i]) << "payload " << i;
  EXPECT_EQ(decoded->payloads.back().type(), static_cast<PayloadType>(130));
  auto again = encode_message(*decoded);
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, *bytes);
}

TEST(IkeCodec, PhaseTwoAttributesKeepTheirForm) {
  SaPayload sa = testing::esp_udp_tunnel_sa();
  auto body = encode_payload_body(sa);
  ASSERT_TRUE(body);
  auto decoded = decode_payload_body(PayloadType::SecurityAssociation, *body, 0);
  ASSERT_TRUE(decoded) << decoded.error().describe();
  const auto& p = std::get<SaPayload>(*decoded).proposals.at(0);
  EXPECT_EQ(p.spi, (Bytes{0xc0, 0xff, 0xee, 0x01}));
  const auto& attrs = p.transforms.at(0).attributes;
  // 3600 fits a TV attribute, 4608000 kB needs a 4-byte TLV (RFC 2407 §4.5 "variable").
  EXPECT_TRUE(attrs[1].basic);
  EXPECT_FALSE(attrs[3].basic);
  EXPECT_EQ(attrs[3].as_integer(), 4608000u);
  EXPECT_EQ(find_attribute(attrs, p2attr::kEncapsulationMode)->as_integer(),
            kEncapsulationUdpTunnel);
  EXPECT_EQ(std::get<SaPayload>(*decoded), sa);
}

TEST(IkeCodec, MultipleProposalsAndTransforms) {
  SaPayload sa = testing::esp_udp_tunnel_sa();
  Proposal second = sa.proposals[0];
  second.number = 2;
  second.transforms.push_back(second.transforms[0]);
  second.transforms[1].number = 2;
  second.transforms[1].id = kEspTransform3Des;
  sa.proposals.push_back(second);
  auto body = encode_payload_body(sa);
  ASSERT_TRUE(body);
  auto decoded = decode_payload_body(PayloadType::SecurityAssociation, *body, 0);
  ASSERT_TRUE(decoded) << decoded.error().describe();
  EXPECT_EQ(std::get<SaPayload>(*decoded), sa);
}

TEST(IkeCodec, HeaderFlagsAndExchangeTypes) {
  for (auto ex : {ExchangeType::IdentityProtection, ExchangeType::Aggressive,
                  ExchangeType::Informational, ExchangeType::QuickMode}) {
    Message m = testing::every_payload_kind();
    m.header.exchange = ex;
    m.header.flags = kFlagCommit | kFlagAuthenticationOnly;
    auto bytes = encode_message(m);
    ASSERT_TRUE(bytes);
    EXPECT_EQ((*bytes)[18], static_cast<std::uint8_t>(ex));
    EXPECT_EQ((*bytes)[19], 0x06);
    auto raw = decode_header(*bytes);
    ASSERT_TRUE(raw);
    EXPECT_EQ(raw->header.exchange, ex);
    EXPECT_EQ(raw->header.message_id, 0xdeadbeefu);
    EXPECT_FALSE(raw->header.encrypted());
  }
}

TEST(IkeCodec, EncryptedBodyStaysOpaqueInHeaderParser) {
  Bytes b = from_hex(kIosMm1Hex);
  b[19] = kFlagEncryption;
  for (std::size_t i = 28; i < b.size(); ++i) b[i] = 0xff;  // not a valid chain
  auto raw = decode_header(b);
  ASSERT_TRUE(raw) << raw.error().describe();
  EXPECT_TRUE(raw->header.encrypted());
  EXPECT_EQ(raw->body.size(), b.size() - 28);
  EXPECT_EQ(decode_error(b).code, DecodeErrorCode::Encrypted);
}

TEST(IkeCodec, DecryptedChainToleratesPaddingButPlaintextDoesNot) {
  Bytes b = from_hex(kIosMm1Hex);
  Bytes body(b.begin() + 28, b.end());
  body.insert(body.end(), 12, 0);
  EXPECT_TRUE(decode_payload_chain(PayloadType::SecurityAssociation, body, 28,
                                   ChainEnd::AllowPadding));
  auto strict = decode_payload_chain(PayloadType::SecurityAssociation, body, 28, ChainEnd::Exact);
  ASSERT_FALSE(strict);
  EXPECT_EQ(strict.error().code, DecodeErrorCode::TrailingData);
  EXPECT_EQ(strict.error().offset, 88u);
}

// --- malformed input: each case names the payload and the offset -------------------------

TEST(IkeCodecMalformed, TruncatedHeader) {
  Bytes b = from_hex(kIosMm1Hex);
  b.resize(27);
  auto e = decode_error(b);
  EXPECT_EQ(e.code, DecodeErrorCode::Truncated);
  EXPECT_EQ(e.payload, PayloadType::None);
  EXPECT_NE(e.describe().find("ISAKMP header"), std::string::npos);
}

TEST(IkeCodecMalformed, WrongMajorVersion) {
  Bytes b = from_hex(kIosMm1Hex);
  b[17] = 0x20;  // IKEv2
  auto e = decode_error(b);
  EXPECT_EQ(e.code, DecodeErrorCode::BadVersion);
  EXPECT_EQ(e.offset, 17u);
}

TEST(IkeCodecMalformed, HeaderLengthDisagreesWithDatagram) {
  Bytes b = from_hex(kIosMm1Hex);
  b.push_back(0);
  EXPECT_EQ(decode_error(b).code, DecodeErrorCode::BadLength);
  b = from_hex(kIosMm1Hex);
  b[27] = 0x10;  // shorter than the header itself
  EXPECT_EQ(decode_error(b).code, DecodeErrorCode::BadLength);
}

TEST(IkeCodecMalformed, PayloadLengthBeyondMessage) {
  Bytes b = from_hex(kIosMm1Hex);
  b[31] = 0x3d;  // SA length 61, one more than present
  auto e = decode_error(b);
  EXPECT_EQ(e.code, DecodeErrorCode::BadLength);
  EXPECT_EQ(e.payload, PayloadType::SecurityAssociation);
  EXPECT_EQ(e.offset, 28u);
  EXPECT_NE(e.describe().find("SA payload at offset 28"), std::string::npos) << e.describe();
}

TEST(IkeCodecMalformed, PayloadLengthBelowGenericHeader) {
  Bytes b = from_hex(kIosMm1Hex);
  b[30] = 0;
  b[31] = 3;
  auto e = decode_error(b);
  EXPECT_EQ(e.code, DecodeErrorCode::BadLength);
  EXPECT_EQ(e.offset, 28u);
}

TEST(IkeCodecMalformed, ProposalLongerThanSa) {
  Bytes b = from_hex(kIosMm1Hex);
  b[43] = 0x31;  // proposal length 49 in an SA that holds 48
  auto e = decode_error(b);
  EXPECT_EQ(e.code, DecodeErrorCode::BadLength);
  EXPECT_EQ(e.payload, PayloadType::Proposal);
  EXPECT_EQ(e.offset, 40u);
}

TEST(IkeCodecMalformed, TransformCountMismatch) {
  Bytes b = from_hex(kIosMm1Hex);
  b[47] = 2;  // #transforms = 2, one present
  auto e = decode_error(b);
  EXPECT_EQ(e.code, DecodeErrorCode::CountMismatch);
  EXPECT_EQ(e.payload, PayloadType::Proposal);
  EXPECT_EQ(e.offset, 47u);
}

TEST(IkeCodecMalformed, TransformChainedToWrongType) {
  Bytes b = from_hex(kIosMm1Hex);
  b[48] = 4;  // transform's next payload = KE
  auto e = decode_error(b);
  EXPECT_EQ(e.code, DecodeErrorCode::BadNesting);
  EXPECT_EQ(e.payload, PayloadType::Transform);
  EXPECT_EQ(e.offset, 48u);
}

TEST(IkeCodecMalformed, ProposalAtTopLevel) {
  Bytes b = from_hex(kIosMm1Hex);
  b[16] = 2;  // header says the first payload is a Proposal
  auto e = decode_error(b);
  EXPECT_EQ(e.code, DecodeErrorCode::BadNesting);
  EXPECT_EQ(e.payload, PayloadType::Proposal);
}

TEST(IkeCodecMalformed, AttributeRunsPastTransform) {
  Bytes b = from_hex(kIosMm1Hex);
  b[82] = 0;
  b[83] = 5;  // life duration TLV claims 5 bytes, 4 present
  auto e = decode_error(b);
  EXPECT_EQ(e.code, DecodeErrorCode::BadAttribute);
  EXPECT_EQ(e.offset, 80u);
}

TEST(IkeCodecMalformed, NonIpsecDoiAndSecrecySituation) {
  Bytes b = from_hex(kIosMm1Hex);
  b[35] = 2;
  EXPECT_EQ(decode_error(b).code, DecodeErrorCode::UnsupportedDoi);
  b = from_hex(kIosMm1Hex);
  b[39] = 3;
  auto e = decode_error(b);
  EXPECT_EQ(e.code, DecodeErrorCode::UnsupportedSituation);
  EXPECT_EQ(e.offset, 36u);
}

TEST(IkeCodecMalformed, BodyErrors) {
  struct Case {
    PayloadType type;
    Bytes body;
    DecodeErrorCode code;
    std::size_t offset;
  };
  const Case cases[] = {
      {PayloadType::Identification, {1, 17, 1, 244, 10, 0, 0, 1, 9}, DecodeErrorCode::BadIdentification, 104},
      {PayloadType::Identification, {4, 0, 0, 0, 10, 0, 0, 0}, DecodeErrorCode::BadIdentification, 104},
      {PayloadType::Identification, {2, 0, 0, 0}, DecodeErrorCode::BadIdentification, 104},
      {PayloadType::Identification, {2, 0}, DecodeErrorCode::Truncated, 100},
      {PayloadType::Notification, {0, 0, 0, 1, 1, 16, 0x5f, 0xd6, 1, 2}, DecodeErrorCode::BadLength, 105},
      {PayloadType::Notification, {0, 0, 0, 1, 1}, DecodeErrorCode::Truncated, 100},
      {PayloadType::Delete, {0, 0, 0, 1, 3, 4, 0, 2, 1, 2, 3, 4}, DecodeErrorCode::CountMismatch, 106},
      {PayloadType::Delete, {0, 0, 0, 1, 3, 4, 0, 0}, DecodeErrorCode::CountMismatch, 105},
      {PayloadType::Delete, {0, 0, 0, 1, 3, 4}, DecodeErrorCode::Truncated, 100},
      {PayloadType::SecurityAssociation, {0, 0, 0, 1, 0, 0, 0, 1}, DecodeErrorCode::CountMismatch, 108},
      {PayloadType::SecurityAssociation, {0, 0, 0, 1}, DecodeErrorCode::Truncated, 100},
      {PayloadType::Transform, {}, DecodeErrorCode::BadNesting, 100},
  };
  for (const auto& c : cases) {
    auto r = decode_payload_body(c.type, c.body, 100);
    ASSERT_FALSE(r) << to_string(c.type);
    EXPECT_EQ(r.error().code, c.code) << to_string(c.type) << ": " << r.error().describe();
    EXPECT_EQ(r.error().offset, c.offset) << to_string(c.type) << ": " << r.error().describe();
    EXPECT_NE(r.error().describe().find(std::string(to_string(c.type))), std::string::npos)
        << r.error().describe();
  }
}

// Every prefix and every single-byte corruption of a rich message must yield a value or an
// error, never a crash (ASan/UBSan builds make overruns fatal here).
TEST(IkeCodecMalformed, EveryTruncationAndByteFlipIsHandled) {
  auto bytes = encode_message(testing::every_payload_kind());
  ASSERT_TRUE(bytes);
  std::size_t failures = 0;
  for (std::size_t n = 0; n < bytes->size(); ++n) {
    Bytes cut(bytes->begin(), bytes->begin() + static_cast<long>(n));
    if (n >= 28) cut = patch_length(cut);
    if (!decode_message(cut)) ++failures;
  }
  EXPECT_EQ(failures, bytes->size());  // a cut message never parses: the chain is incomplete
  for (std::size_t i = 0; i < bytes->size(); ++i) {
    for (std::uint8_t v : {0x00, 0xff, 0x7f}) {
      Bytes flipped = *bytes;
      flipped[i] = v;
      auto m = decode_message(flipped);
      if (m) {
        auto again = encode_message(*m);
        ASSERT_TRUE(again);
      }
    }
  }
}

TEST(IkeVendorId, KnownValues) {
  // RFC 3947 §3.1: the VID is MD5("RFC 3947").
  EXPECT_EQ(crypto::hash(crypto::HashAlgorithm::Md5, {as_view("RFC 3947")}),
            vendor_id_bytes(KnownVendor::NatTraversalRfc3947));
  EXPECT_EQ(to_hex(vendor_id_bytes(KnownVendor::DeadPeerDetection)),
            "afcad71368a1f1c96b8696fc77570100");
  EXPECT_EQ(to_hex(vendor_id_bytes(KnownVendor::CiscoUnity)), "12f5f28c457168a9702d9fe274cc0100");
  for (auto v : {KnownVendor::DeadPeerDetection, KnownVendor::NatTraversalRfc3947,
                 KnownVendor::CiscoUnity, KnownVendor::Xauth})
    EXPECT_EQ(recognise_vendor_id(vendor_id_payload(v)), v);
  VendorIdPayload dpd_minor = vendor_id_payload(KnownVendor::DeadPeerDetection);
  dpd_minor.data[15] = 0x01;
  EXPECT_EQ(recognise_vendor_id(dpd_minor), KnownVendor::DeadPeerDetection);
  EXPECT_EQ(recognise_vendor_id(VendorIdPayload{Bytes(16, 0x42)}), std::nullopt);
}

}  // namespace
}  // namespace havpnc::ike
