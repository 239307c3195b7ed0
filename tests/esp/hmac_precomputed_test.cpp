// RFC 2202 (HMAC-SHA1) and RFC 4231 (HMAC-SHA-256) test cases 1 and 6; the values also agree
// with `openssl dgst -sha1|-sha256 -mac HMAC -macopt hexkey:...`.
#include <gtest/gtest.h>

#include <string>

#include "runtime/esp/hmac_precomputed.h"
#include "tests/esp/esp_test_support.h"

namespace havpnc::esp::test {
namespace {

std::vector<std::uint8_t> mac(HmacPrecomputed::Hash h, const std::vector<std::uint8_t>& key, const std::string& msg) {
  HmacPrecomputed m(h, key);
  std::uint8_t out[HmacPrecomputed::kMaxDigestLen];
  const std::size_t n = m.compute(std::span(reinterpret_cast<const std::uint8_t*>(msg.data()), msg.size()), out);
  // Twice with the same object: the keyed states must survive a computation.
  std::uint8_t again[HmacPrecomputed::kMaxDigestLen];
  EXPECT_EQ(m.compute(std::span(reinterpret_cast<const std::uint8_t*>(msg.data()), msg.size()), again), n);
  EXPECT_EQ(std::vector<std::uint8_t>(out, out + n), std::vector<std::uint8_t>(again, again + n));
  return {out, out + n};
}

TEST(HmacPrecomputed, Rfc2202Sha1) {
  EXPECT_EQ(mac(HmacPrecomputed::Hash::Sha1, std::vector<std::uint8_t>(20, 0x0b), "Hi There"),
            hex("b617318655057264e28bc0b6fb378c8ef146be00"));
  EXPECT_EQ(mac(HmacPrecomputed::Hash::Sha1, std::vector<std::uint8_t>(80, 0xaa),
                "Test Using Larger Than Block-Size Key - Hash Key First"),
            hex("aa4ae5e15272d00e95705637ce8a3b55ed402112"));
}

TEST(HmacPrecomputed, Rfc4231Sha256) {
  EXPECT_EQ(mac(HmacPrecomputed::Hash::Sha256, std::vector<std::uint8_t>(20, 0x0b), "Hi There"),
            hex("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"));
  EXPECT_EQ(mac(HmacPrecomputed::Hash::Sha256, std::vector<std::uint8_t>(131, 0xaa),
                "Test Using Larger Than Block-Size Key - Hash Key First"),
            hex("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"));
}

}  // namespace
}  // namespace havpnc::esp::test
