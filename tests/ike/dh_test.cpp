// Diffie-Hellman: both sides agree, values have the fixed RFC length even with leading zero
// bytes, hostile peer values are refused, and the MODP primes are the RFCs'.
#include <gtest/gtest.h>

#include <openssl/bn.h>

#include "runtime/ike/crypto/dh.h"
#include "runtime/ike/crypto/hash.h"

namespace havpnc::ike::crypto {
namespace {

const DhGroup kAllGroups[] = {DhGroup::Modp768, DhGroup::Modp1024, DhGroup::Modp1536,
                              DhGroup::Modp2048, DhGroup::Ecp256, DhGroup::Ecp384};

TEST(IkeDh, BothSidesAgreeWithFixedLengths) {
  for (DhGroup g : kAllGroups) {
    auto a = DiffieHellman::create(g);
    auto b = DiffieHellman::create(g);
    ASSERT_TRUE(a && b) << to_string(g);
    EXPECT_EQ(a->public_value().size(), public_value_size(g)) << to_string(g);
    auto sa = a->compute_shared_secret(b->public_value());
    auto sb = b->compute_shared_secret(a->public_value());
    ASSERT_TRUE(sa) << to_string(g) << ": " << sa.error();
    ASSERT_TRUE(sb) << to_string(g) << ": " << sb.error();
    EXPECT_EQ(sa->size(), shared_secret_size(g)) << to_string(g);
    EXPECT_TRUE(*sa == *sb) << to_string(g);
  }
  EXPECT_EQ(public_value_size(DhGroup::Modp1024), 128u);
  EXPECT_EQ(public_value_size(DhGroup::Ecp256), 64u);   // RFC 5903 §7: x | y
  EXPECT_EQ(shared_secret_size(DhGroup::Ecp256), 32u);  // RFC 5903 §7: x only
  EXPECT_EQ(public_value_size(DhGroup::Ecp384), 96u);
}

// Loops until chance produces a shared secret (and a public value) whose first byte is 0,
// then checks it still has full length and both sides agree. P(no hit in 6000) ~ 1e-10.
void leading_zero_round(DhGroup g) {
  bool secret_zero = false, public_zero = false;
  for (int i = 0; i < 6000 && !(secret_zero && public_zero); ++i) {
    auto a = DiffieHellman::create(g);
    auto b = DiffieHellman::create(g);
    ASSERT_EQ(a->public_value().size(), public_value_size(g));
    if (a->public_value()[0] == 0) public_zero = true;
    auto sa = a->compute_shared_secret(b->public_value());
    ASSERT_TRUE(sa);
    ASSERT_EQ(sa->size(), shared_secret_size(g));
    if (sa->bytes()[0] == 0) {
      auto sb = b->compute_shared_secret(a->public_value());
      ASSERT_TRUE(sb);
      EXPECT_TRUE(*sa == *sb);
      secret_zero = true;
    }
  }
  EXPECT_TRUE(secret_zero) << to_string(g);
  EXPECT_TRUE(public_zero) << to_string(g);
}

TEST(IkeDh, LeadingZeroSecretKeepsFullLengthModp) { leading_zero_round(DhGroup::Modp768); }
TEST(IkeDh, LeadingZeroSecretKeepsFullLengthEcp) { leading_zero_round(DhGroup::Ecp256); }

TEST(IkeDh, RejectsHostilePeerValues) {
  auto modp = DiffieHellman::create(DhGroup::Modp1024);
  Bytes one(128, 0);
  one.back() = 1;
  EXPECT_FALSE(modp->compute_shared_secret(one));
  Bytes p_minus_1 = modp_prime_bytes(DhGroup::Modp1024);
  p_minus_1.back() -= 1;
  EXPECT_FALSE(modp->compute_shared_secret(p_minus_1));
  EXPECT_FALSE(modp->compute_shared_secret(Bytes(128, 0xff)));  // > p
  EXPECT_FALSE(modp->compute_shared_secret(Bytes(127, 0x42)));  // wrong length
  auto ecp = DiffieHellman::create(DhGroup::Ecp256);
  Bytes off_curve = ecp->public_value();
  off_curve.back() ^= 1;
  auto r = ecp->compute_shared_secret(off_curve);
  ASSERT_FALSE(r);
  EXPECT_FALSE(r.error().empty());
  EXPECT_FALSE(ecp->compute_shared_secret(Bytes(64, 0)));
}

TEST(IkeDh, UnsupportedGroup) {
  EXPECT_EQ(DiffieHellman::create(static_cast<DhGroup>(24)), nullptr);
  EXPECT_FALSE(is_supported(static_cast<DhGroup>(3)));
}

// RFC 2409 §6.1/6.2 and RFC 3526 §2/§3 define p = 2^n - 2^(n-64) - 1 + 2^64 * ([2^(n-130) pi] + k).
// The expected SHA-256 of each prime was computed from that formula in Python (Machin's
// formula for pi, 64 guard bits), not from OpenSSL's tables.
TEST(IkeDh, ModpPrimesMatchRfcFormula) {
  struct Case {
    DhGroup g;
    const char* sha256;
  };
  const Case cases[] = {
      {DhGroup::Modp768, "b52ba6a3026520a6c49d37e4587601801bee500123b3259b6bf03e7cecc3e63d"},
      {DhGroup::Modp1024, "3f35a3f5f6c4376a744acad409bb22f8d897f949d2311d885adaa890981b67a0"},
      {DhGroup::Modp1536, "64fcc83ec403930bf18393dbc883ccaa1fbb08ac876f77f7aa99748ca945019b"},
      {DhGroup::Modp2048, "d66436f79bbd6b2e38c0ffbd079be904d2641415e2e67140e09448be9a60890e"},
  };
  for (const auto& c : cases) {
    Bytes p = modp_prime_bytes(c.g);
    ASSERT_EQ(p.size(), public_value_size(c.g));
    EXPECT_EQ(to_hex(hash(HashAlgorithm::Sha2_256, {p})), c.sha256) << to_string(c.g);
  }
  EXPECT_TRUE(modp_prime_bytes(DhGroup::Ecp256).empty());
}

}  // namespace
}  // namespace havpnc::ike::crypto
