// Known-answer tests: packets built outside havpnc must come out of encapsulate byte for byte,
// and must decapsulate back to the inner packet.
#include <gtest/gtest.h>

#include "tests/esp/esp_test_support.h"

namespace havpnc::esp::test {
namespace {

// RFC 3602 §4 cases #1 and #2 (plain AES-128-CBC), pushed through the SA's cipher context with
// an empty ESP trailer so the ciphertext must equal the RFC's. The RFC's ESP cases #5-#8 carry
// no ICV (encryption-only ESP, which havpnc does not offer), so the full-packet vectors below
// are computed independently instead.
struct Rfc3602Case {
  const char* key;
  const char* iv;
  std::vector<std::uint8_t> plain;
  const char* cipher;
};

TEST(EspKat, Rfc3602AesCbcCases1And2ThroughSaCrypto) {
  const std::string msg = "Single block msg";
  const Rfc3602Case cases[] = {
      {"06a9214036b8a15b512e03d534120006", "3dafba429d9eb430b422da802c9fac41",
       std::vector<std::uint8_t>(msg.begin(), msg.end()), "e353779c1079aeb82708942dbe77181a"},
      {"c286696d887c9aa0611bbb3e2025a45a", "562e17996d093d28ddb3ba695a2e6f58", iota_bytes(0, 32),
       "d296cd94c2cccf8a3a863028b5e1dc0a7586602d253cfff91b8266bea6d61ab1"},
  };
  for (const auto& c : cases) {
    const auto key = hex(c.key);
    const auto ikey = iota_bytes(0x40, 20);
    auto enc = SaCrypto::create(Transform::AesCbc128HmacSha1, key, ikey, true);
    auto dec = SaCrypto::create(Transform::AesCbc128HmacSha1, key, ikey, false);
    ASSERT_NE(enc, nullptr);
    ASSERT_NE(dec, nullptr);
    std::vector<std::uint8_t> packet(8 + 16 + c.plain.size() + 12, 0);
    const auto iv = hex(c.iv);
    std::copy(iv.begin(), iv.end(), packet.begin() + 8);
    ASSERT_TRUE(enc->seal(packet, c.plain, {}));
    EXPECT_EQ(std::vector<std::uint8_t>(packet.begin() + 24, packet.end() - 12), hex(c.cipher));
    std::vector<std::uint8_t> plain(c.plain.size());
    ASSERT_EQ(dec->open(packet, plain), OpenStatus::Ok);
    EXPECT_EQ(plain, c.plain);
  }
}

// Full ESP packets from tests/esp/gen_vectors.py: SPI 0x4321, inner = sample_inner().
// CBC ones: `openssl enc -aes-128-cbc -K 101112..1f -iv <IV> -nopad` over inner|01 02|02 04,
// ICV = first 12 bytes of `openssl dgst -sha1 -mac HMAC -macopt hexkey:404142..53` over
// SPI|Seq|IV|ciphertext (RFC 2404), or 16 bytes of -sha256 with hexkey:606162..7f (RFC 4868).
constexpr const char* kCbc128Sha1Seq1 =
    "0000432100000001000102030405060708090a0b0c0d0e0faea3313a878b1b01c35aee6b38ca4c75a36c274380aa8b9c"
    "8fb5425a73c6e2493d50232110e03fcd078247b5d32344ec0e9b501839452925234ac79698c01212615d1125649d2235"
    "17a51d01";
constexpr const char* kCbc128Sha1Seq2 =
    "0000432100000002f0e0d0c0b0a0908070605040302010002708d8135404915abda8be68746bfa992c7ca7e088370436"
    "fbbf19d3783c78b116d89e48c051d98eaf6a823d1bf90140d85ac05f948457957ce260977cb126c801b731903a020c09"
    "26093643";
// `openssl enc -aes-256-cbc -K 202122..3f ...`, ICV `openssl dgst -sha256 -mac HMAC ...`[:16].
constexpr const char* kCbc256Sha256Seq1 =
    "0000432100000001000102030405060708090a0b0c0d0e0f22a692f16d35e9dce3fce41884c27e2f165cfb64b766c224"
    "d6e5a72f83f589ba9f159c6d652c02a53b218a17ca84fcdffb76121ce4bebc65ce38dea99afb1596181c60cdd578132f"
    "5570559a51132843";
// python3-cryptography AESGCM(key).encrypt(salt cafebabe | IV, inner|01 02|02 04, aad=SPI|Seq),
// IV = the 64-bit sequence number (RFC 4106 §3.1 allows any never-repeating IV).
constexpr const char* kGcm128Seq1 =
    "000043210000000100000000000000012e8e62d7b065e97fd18ed91e2a7a7862cfa736f6ce3a4196661f211a26e3d063"
    "4a0cb9158e6e3f9cc00be8c972a2defe096ee95f2832d54c9b10a1d8a406edfa261e726b334a6cfe6dc8022ac66a247f";
constexpr const char* kGcm256Seq7 =
    "000043210000000700000000000000070f5fc7205c9c2e21d3eb8440c604f4839b805747514e28a9b2982806a3d9112e"
    "84604fc13ad6ead6bd4b4b62249b9cfdfcdb6b31806f2f4709d83c51f49892bbd4622dc6ace58e05c3210b3257ff49a3";

std::vector<std::uint8_t> encap(EspSa& sa, IvSource& ivs) {
  const auto inner = sample_inner();
  std::vector<std::uint8_t> out(2048);
  const EncapResult r = sa.encapsulate(inner, t0(), ivs, out);
  EXPECT_EQ(r.status, EncapStatus::Ok);
  out.resize(r.length);
  return out;
}

void expect_decaps_to_sample(Transform t, const char* packet_hex) {
  SaTable table;
  ASSERT_TRUE(table.add(make_sa(t, Direction::Inbound)));
  const auto packet = hex(packet_hex);
  std::vector<std::uint8_t> out(packet.size());
  const DecapResult r = table.decapsulate(packet, t0(), out);
  ASSERT_EQ(r.drop, DropReason::None) << to_string(r.drop);
  EXPECT_EQ(std::vector<std::uint8_t>(r.inner.begin(), r.inner.end()), sample_inner());
}

TEST(EspKat, AesCbc128HmacSha1MatchesOpensslCli) {
  auto sa = make_sa(Transform::AesCbc128HmacSha1, Direction::Outbound);
  FixedIvSource ivs;
  ivs.queue = {hex("000102030405060708090a0b0c0d0e0f"), hex("f0e0d0c0b0a090807060504030201000")};
  // The second packet proves the per-SA contexts re-initialise correctly between packets.
  EXPECT_EQ(encap(*sa, ivs), hex(kCbc128Sha1Seq1));
  EXPECT_EQ(encap(*sa, ivs), hex(kCbc128Sha1Seq2));
  expect_decaps_to_sample(Transform::AesCbc128HmacSha1, kCbc128Sha1Seq1);
  expect_decaps_to_sample(Transform::AesCbc128HmacSha1, kCbc128Sha1Seq2);
}

TEST(EspKat, AesCbc256HmacSha256MatchesOpensslCli) {
  auto sa = make_sa(Transform::AesCbc256HmacSha256, Direction::Outbound);
  FixedIvSource ivs;
  ivs.queue = {hex("000102030405060708090a0b0c0d0e0f")};
  EXPECT_EQ(encap(*sa, ivs), hex(kCbc256Sha256Seq1));
  expect_decaps_to_sample(Transform::AesCbc256HmacSha256, kCbc256Sha256Seq1);
}

TEST(EspKat, AesGcm128MatchesPythonCryptography) {
  auto sa = make_sa(Transform::AesGcm128, Direction::Outbound);
  FixedIvSource ivs;
  ivs.fail = true;  // GCM must not consume the RNG: its IV is the sequence number
  EXPECT_EQ(encap(*sa, ivs), hex(kGcm128Seq1));
  expect_decaps_to_sample(Transform::AesGcm128, kGcm128Seq1);
}

TEST(EspKat, AesGcm256MatchesPythonCryptography) {
  auto sa = make_sa(Transform::AesGcm256, Direction::Outbound);
  ASSERT_TRUE(sa->resume_outbound_at(7));
  FixedIvSource ivs;
  EXPECT_EQ(encap(*sa, ivs), hex(kGcm256Seq7));
  expect_decaps_to_sample(Transform::AesGcm256, kGcm256Seq7);
}

}  // namespace
}  // namespace havpnc::esp::test
