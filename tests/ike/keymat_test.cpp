// Known-answer tests for RFC 2409 §5 key derivation. Every expected value was computed
// independently with the openssl command line (OpenSSL 3.0), never with havpnc code; the
// command is in the comment above each value. Shell helpers used:
//   h2b() { echo -n "$1" | xxd -r -p; }
//   hmac() { h2b "$3" | openssl dgst -$1 -mac HMAC -macopt hexkey:$2; }   # alg key data
//   dg()   { h2b "$2" | openssl dgst -$1; }                                 # alg data
#include <gtest/gtest.h>

#include "runtime/ike/crypto/cipher.h"
#include "runtime/ike/crypto/iv_manager.h"
#include "runtime/ike/crypto/keymat.h"

namespace havpnc::ike::crypto {
namespace {

std::string hex(const Secret& s) { return to_hex(s.bytes()); }

struct Vectors {
  Secret psk{std::string_view("havpnc-test-psk")};  // hex 686176706e632d746573742d70736b
  Bytes ni = from_hex("000102030405060708090a0b0c0d0e0f10111213");
  Bytes nr = from_hex("202122232425262728292a2b2c2d2e2f30313233");
  // g^xy with a leading zero byte: it must enter the prf at full length.
  Secret gxy = [] {
    Bytes b(128, 0x11);
    b[0] = 0;
    return Secret(b);
  }();
  Bytes cky_i = from_hex("0102030405060708");
  Bytes cky_r = from_hex("1112131415161718");
  Bytes gxi = Bytes(128, 0xaa);
  Bytes gxr = Bytes(128, 0xbb);

  Phase1Keys derive(Cipher c) const {
    Phase1Inputs in;
    in.hash = HashAlgorithm::Sha1;
    in.cipher = c;
    in.psk = &psk;
    in.ni_b = ni;
    in.nr_b = nr;
    in.gxy = &gxy;
    in.gxi = gxi;
    in.gxr = gxr;
    in.cky_i = cky_i;
    in.cky_r = cky_r;
    return derive_phase1_keys(in);
  }
};

TEST(IkeKeymat, PreSharedKeyPhase1Derivation) {
  Vectors v;
  Phase1Keys k = v.derive(Cipher{EncryptionAlgorithm::AesCbc, 128});
  // hmac sha1 686176706e632d746573742d70736b $NI$NR
  EXPECT_EQ(hex(k.skeyid), "11395812a9e2ce5bf11da5da56dd97ac125e9bf6");
  // hmac sha1 $SKEYID ${GXY}${CKYI}${CKYR}00      (GXY = 00 followed by 127 x 11)
  EXPECT_EQ(hex(k.skeyid_d), "b60bd0a489a70be96166b72e56f1a3153eb06115");
  // hmac sha1 $SKEYID ${SKEYID_d}${GXY}${CKYI}${CKYR}01
  EXPECT_EQ(hex(k.skeyid_a), "20e15da27bd1d94d259a7012d7b4a5a59f98ced4");
  // hmac sha1 $SKEYID ${SKEYID_a}${GXY}${CKYI}${CKYR}02
  EXPECT_EQ(hex(k.skeyid_e), "c70e9eb4c0edf1de4ca20ec0d04452a853d0fb69");
  // AES-128 needs 16 of SKEYID_e's 20 bytes: no expansion (Appendix B).
  EXPECT_EQ(hex(k.encryption_key), "c70e9eb4c0edf1de4ca20ec0d04452a8");
  // dg sha1 ${GXI}${GXR}   (128 x aa, 128 x bb), first 16 bytes
  EXPECT_EQ(to_hex(k.initial_iv), "d54ff7e85ed85f1bcf55582dd7f6aabb");
}

TEST(IkeKeymat, Aes256KeyIsExpandedFromSkeyidE) {
  Vectors v;
  Phase1Keys k = v.derive(Cipher{EncryptionAlgorithm::AesCbc, 256});
  // K1=$(hmac sha1 $SKEYID_e 00); K2=$(hmac sha1 $SKEYID_e $K1); first 32 bytes of K1|K2
  EXPECT_EQ(hex(k.encryption_key),
            "45489c24bfddf09817c3b9e7e9bc7b3f4f49ea2cd6c1a3c0db262735817377b8");
}

TEST(IkeKeymat, TripleDesKeyIsExpandedFromSkeyidE) {
  Vectors v;
  Phase1Keys k = v.derive(Cipher{EncryptionAlgorithm::TripleDesCbc, 192});
  // same K1|K2 as above, first 24 bytes; 3DES IV is 8 bytes of the same hash
  EXPECT_EQ(hex(k.encryption_key), "45489c24bfddf09817c3b9e7e9bc7b3f4f49ea2cd6c1a3c0");
  EXPECT_EQ(to_hex(k.initial_iv), "d54ff7e85ed85f1b");
}

TEST(IkeKeymat, MainModeAuthenticationHashes) {
  Vectors v;
  Phase1Keys k = v.derive(Cipher{EncryptionAlgorithm::AesCbc, 128});
  Bytes sai_b = from_hex(
      "00000001000000010000002c010100010000002401010000800100078003000180020002800400028004000e"
      "0080");
  Bytes idii_b = from_hex("011101f4c0a80001");
  Bytes idir_b = from_hex("011101f4c0a80002");
  // hmac sha1 $SKEYID ${GXI}${GXR}${CKYI}${CKYR}${SAI}011101f4c0a80001
  EXPECT_EQ(to_hex(hash_i(HashAlgorithm::Sha1, k.skeyid, v.gxi, v.gxr, v.cky_i, v.cky_r, sai_b,
                          idii_b)),
            "c30f076712c023e4510f0b089564f2b08e4ece8d");
  // hmac sha1 $SKEYID ${GXR}${GXI}${CKYR}${CKYI}${SAI}011101f4c0a80002
  EXPECT_EQ(to_hex(hash_r(HashAlgorithm::Sha1, k.skeyid, v.gxi, v.gxr, v.cky_i, v.cky_r, sai_b,
                          idir_b)),
            "258fdfb6eed7b7113a15c04e98513e1b98bcaa63");
}

TEST(IkeKeymat, QuickModeHashes) {
  Vectors v;
  Phase1Keys k = v.derive(Cipher{EncryptionAlgorithm::AesCbc, 128});
  Bytes after = from_hex("0a00000c000102030405060708");
  // hmac sha1 $SKEYID_a 01020304$AFTER
  EXPECT_EQ(to_hex(quick_mode_hash1(HashAlgorithm::Sha1, k.skeyid_a, 0x01020304, after)),
            "62a0b30a5ce85529dc1855ea4dd4d3c894a4a332");
  // hmac sha1 $SKEYID_a 01020304${NI}$AFTER
  EXPECT_EQ(to_hex(quick_mode_hash2(HashAlgorithm::Sha1, k.skeyid_a, 0x01020304, v.ni, after)),
            "ecac259bbdc00fa431516c378945e52f6844d538");
  // hmac sha1 $SKEYID_a 0001020304${NI}${NR}
  EXPECT_EQ(to_hex(quick_mode_hash3(HashAlgorithm::Sha1, k.skeyid_a, 0x01020304, v.ni, v.nr)),
            "132ce0ae3e733cea2df130f879e1170da5431142");
}

TEST(IkeKeymat, KeymatWithoutAndWithPfs) {
  Vectors v;
  Phase1Keys k = v.derive(Cipher{EncryptionAlgorithm::AesCbc, 128});
  Bytes spi = from_hex("deadbeef");
  // AES-256 (32) + HMAC-SHA1 (20) = 52 bytes = three SHA1 blocks:
  // M1=$(hmac sha1 $D 03deadbeef$NI$NR); M2=$(hmac sha1 $D ${M1}03deadbeef$NI$NR); M3=...
  Secret km = derive_keymat(HashAlgorithm::Sha1, k.skeyid_d, nullptr, 3, spi, v.ni, v.nr, 52);
  EXPECT_EQ(hex(km),
            "1584ebff4315397384ce916a5becd209be5e081c10ad4b509b37a26bac4152a1f7bc9da956eeabe591"
            "d348ad07e529413c034d84");
  // with g(qm)^xy = 128 x 22: P1=$(hmac sha1 $D ${QGXY}03deadbeef$NI$NR);
  // P2=$(hmac sha1 $D ${P1}${QGXY}03deadbeef$NI$NR); P3=...
  Secret qgxy(Bytes(128, 0x22));
  Secret pfs = derive_keymat(HashAlgorithm::Sha1, k.skeyid_d, &qgxy, 3, spi, v.ni, v.nr, 52);
  EXPECT_EQ(hex(pfs),
            "c172481c245f7d0d2ca8d12bb513625f0a3e09fe28181c9d3e62ca9fce37ccb3718ee4edd685aa0ffb"
            "680fe4d1ed7cbe11a511ae");
}

TEST(IkeKeymat, PrfForEveryNegotiableHash) {
  Vectors v;
  struct Case {
    HashAlgorithm h;
    const char* expected;  // hmac <alg> 686176706e632d746573742d70736b $NI$NR
  };
  const Case cases[] = {
      {HashAlgorithm::Md5, "6368a19c5f1ddfb7105ac95e3d616e3d"},
      {HashAlgorithm::Sha1, "11395812a9e2ce5bf11da5da56dd97ac125e9bf6"},
      {HashAlgorithm::Sha2_256, "abff0ffafe2b5c5b8012b7fc5ab34510ffa3f43d97767453a8d8f4c381a7a7ae"},
      {HashAlgorithm::Sha2_384,
       "1375ed70781ea934fae5762eae1a5c296cb72a79cbbbafd077cfb5f761ce710379b02cc8ca96148a445534b6"
       "dd319501"},
      {HashAlgorithm::Sha2_512,
       "6cc1f727eca00ba5bb3bff869c8f49f47c6b89531a81291e8e4efa3ca9d62892e9c006391eb1565a58284394"
       "ef1779a523267a845bc6d94fea0b63f979541c3e"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(hex(skeyid_pre_shared(c.h, v.psk, v.ni, v.nr)), c.expected) << to_string(c.h);
    EXPECT_EQ(prf(c.h, v.psk.bytes(), {v.ni, v.nr}).size(), digest_size(c.h));
  }
}

TEST(IkeKeymat, IvChainingPerExchange) {
  // dg sha1 00112233445566778899aabbccddeeff01020304, first 16 bytes
  Bytes last = from_hex("00112233445566778899aabbccddeeff");
  EXPECT_EQ(to_hex(phase2_initial_iv(HashAlgorithm::Sha1, last, 0x01020304, 16)),
            "1b7346694a13526292f9aa694ef0792d");

  IvManager ivs(HashAlgorithm::Sha1, 16, from_hex("d54ff7e85ed85f1bcf55582dd7f6aabb"));
  EXPECT_EQ(to_hex(ivs.iv_for(0)), "d54ff7e85ed85f1bcf55582dd7f6aabb");
  ivs.advance(0, last);  // MM6's last block ends phase 1
  EXPECT_EQ(ivs.phase1_iv(), last);
  EXPECT_EQ(to_hex(ivs.iv_for(0x01020304)), "1b7346694a13526292f9aa694ef0792d");
  Bytes qm1_last(16, 0x99);
  ivs.advance(0x01020304, qm1_last);
  EXPECT_EQ(ivs.iv_for(0x01020304), qm1_last);
  // Another exchange starts from the phase-1 block, not from QM1's chain.
  EXPECT_EQ(ivs.iv_for(0x0a0b0c0d),
            phase2_initial_iv(HashAlgorithm::Sha1, last, 0x0a0b0c0d, 16));
  EXPECT_EQ(ivs.phase1_iv(), last);
  // A wrong-size block (e.g. from a truncated packet) never corrupts the chain.
  ivs.advance(0x01020304, Bytes(3, 0));
  EXPECT_EQ(ivs.iv_for(0x01020304), qm1_last);
  ivs.forget(0x01020304);
  EXPECT_EQ(to_hex(ivs.iv_for(0x01020304)), "1b7346694a13526292f9aa694ef0792d");
}

TEST(IkeKeymat, IvManagerIsBounded) {
  IvManager ivs(HashAlgorithm::Sha1, 16, Bytes(16, 1));
  Bytes chained(16, 7);
  ivs.advance(1, chained);
  for (std::uint32_t mid = 2; mid < 2 + IvManager::kMaxExchanges; ++mid) ivs.iv_for(mid);
  // Exchange 1 was evicted: its IV restarts from the phase-1 block.
  EXPECT_NE(ivs.iv_for(1), chained);
}

}  // namespace
}  // namespace havpnc::ike::crypto
