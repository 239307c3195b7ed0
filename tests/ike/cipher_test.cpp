// CBC of ISAKMP payloads against the openssl command line, and IKEv1 zero padding.
#include <gtest/gtest.h>

#include "runtime/ike/crypto/cipher.h"

namespace havpnc::ike::crypto {
namespace {

TEST(IkeCipher, Aes128CbcKnownAnswer) {
  Cipher c{EncryptionAlgorithm::AesCbc, 128};
  Bytes plain = pad_payloads(Bytes(20, 0x42), block_size(c.algorithm));
  ASSERT_EQ(plain.size(), 32u);
  EXPECT_EQ(plain.back(), 0);
  Bytes key = from_hex("000102030405060708090a0b0c0d0e0f");
  Bytes iv = from_hex("00112233445566778899aabbccddeeff");
  // h2b "$(printf '42%.0s' $(seq 20))000000000000000000000000" |
  //   openssl enc -aes-128-cbc -K 000102030405060708090a0b0c0d0e0f
  //   -iv 00112233445566778899aabbccddeeff -nopad | xxd -p
  Bytes ct = cbc_encrypt(c, key, iv, plain);
  EXPECT_EQ(to_hex(ct), "7b76cf2d3e48358a21e5b6d5caefe1a210ee5928d1a205b01bb0d60886a6b950");
  auto back = cbc_decrypt(c, key, iv, ct);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, plain);
}

TEST(IkeCipher, TripleDesCbcKnownAnswer) {
  Cipher c{EncryptionAlgorithm::TripleDesCbc, 192};
  Bytes plain = pad_payloads(Bytes(20, 0x42), block_size(c.algorithm));
  ASSERT_EQ(plain.size(), 24u);
  Bytes key = from_hex("000102030405060708090a0b0c0d0e0f1011121314151617");
  Bytes iv = from_hex("0011223344556677");
  // h2b "$(printf '42%.0s' $(seq 20))00000000" | openssl enc -des-ede3-cbc
  //   -K 000102030405060708090a0b0c0d0e0f1011121314151617 -iv 0011223344556677 -nopad | xxd -p
  EXPECT_EQ(to_hex(cbc_encrypt(c, key, iv, plain)),
            "0aef843ae82804b6fbca59df50b3d489dc87e7ae1b810ce7");
}

TEST(IkeCipher, PaddingAlwaysAddsAtLeastOneByte) {
  EXPECT_EQ(pad_payloads(Bytes(16, 1), 16).size(), 32u);
  EXPECT_EQ(pad_payloads(Bytes(15, 1), 16).size(), 16u);
  EXPECT_EQ(pad_payloads(Bytes(9, 1), 8).size(), 16u);
}

TEST(IkeCipher, RejectsMisalignedCiphertext) {
  Cipher c{EncryptionAlgorithm::AesCbc, 256};
  Bytes key(32, 1), iv(16, 2);
  EXPECT_FALSE(cbc_decrypt(c, key, iv, Bytes(17, 0)));
  EXPECT_FALSE(cbc_decrypt(c, key, iv, Bytes{}));
  EXPECT_TRUE(cbc_decrypt(c, key, iv, Bytes(32, 0)));
}

TEST(IkeCipher, SupportedSet) {
  EXPECT_TRUE(is_supported(Cipher{EncryptionAlgorithm::AesCbc, 192}));
  EXPECT_FALSE(is_supported(Cipher{EncryptionAlgorithm::AesCbc, 100}));
  EXPECT_FALSE(is_supported(Cipher{static_cast<EncryptionAlgorithm>(1), 64}));  // DES
  EXPECT_EQ(to_string(Cipher{EncryptionAlgorithm::AesCbc, 256}), "aes 256");
}

}  // namespace
}  // namespace havpnc::ike::crypto
