#include "runtime/sso/channel_security.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

namespace havpnc::sso {
namespace {

using Bytes = std::vector<std::uint8_t>;

std::array<std::uint8_t, ChannelSecurity::kRandomLen> random_of(std::uint8_t seed) {
  std::array<std::uint8_t, ChannelSecurity::kRandomLen> r{};
  for (std::size_t i = 0; i < r.size(); ++i) r[i] = static_cast<std::uint8_t>(seed * 31 + i);
  return r;
}

ChannelConfig config(const std::string& secret, const std::string& local, const std::string& remote) {
  return {Secret(std::string_view(secret)), local, remote};
}

struct Pair {
  ChannelSecurity a;
  ChannelSecurity b;
  Pair(const std::string& sa, const std::string& sb)
      : a(config(sa, "6.6.146.10", "6.6.146.11")), b(config(sb, "6.6.146.11", "6.6.146.10")) {}
  void connect(std::uint8_t ra = 1, std::uint8_t rb = 2) {
    Bytes ha = a.start(random_of(ra));
    Bytes hb = b.start(random_of(rb));
    ASSERT_FALSE(a.accept_hello(hb));
    ASSERT_FALSE(b.accept_hello(ha));
  }
};

Bytes sealed(ChannelResult<Bytes> r) {
  EXPECT_TRUE(std::holds_alternative<Bytes>(r));
  return std::holds_alternative<Bytes>(r) ? std::get<Bytes>(r) : Bytes{};
}
ChannelError error(ChannelResult<Bytes> r) {
  EXPECT_TRUE(std::holds_alternative<ChannelError>(r));
  return std::holds_alternative<ChannelError>(r) ? std::get<ChannelError>(r) : ChannelError::NotReady;
}

const Bytes kRecord = {'S', 'K', 'E', 'Y', 'I', 'D', '_', 'd', 1, 2, 3, 4, 5};

TEST(ChannelSecurity, SealedBothWaysAndRecordIsNotVisible) {
  Pair p("sso-secret", "sso-secret");
  p.connect();
  EXPECT_TRUE(p.a.keyed());
  Bytes f = sealed(p.a.seal(2, kRecord));
  EXPECT_EQ(f.size(), kRecord.size() + ChannelSecurity::kSealedOverhead);
  EXPECT_EQ(std::search(f.begin(), f.end(), kRecord.begin(), kRecord.begin() + 8), f.end());
  EXPECT_EQ(sealed(p.b.open(2, f)), kRecord);
  Bytes back = sealed(p.b.seal(2, kRecord));
  EXPECT_EQ(sealed(p.a.open(2, back)), kRecord);
  EXPECT_NE(f, back);  // different direction keys: same counter, same stream, other bytes
  EXPECT_FALSE(p.a.take_log());
}

TEST(ChannelSecurity, ReplayAndReorderWithinAStreamAreRejected) {
  Pair p("k", "k");
  p.connect();
  Bytes f1 = sealed(p.a.seal(1, kRecord));
  Bytes f2 = sealed(p.a.seal(1, kRecord));
  EXPECT_EQ(sealed(p.b.open(1, f1)), kRecord);
  EXPECT_EQ(error(p.b.open(1, f1)), ChannelError::Replay);
  EXPECT_EQ(sealed(p.b.open(1, f2)), kRecord);
  EXPECT_EQ(error(p.b.open(1, f1)), ChannelError::Replay);
  EXPECT_EQ(p.b.counters().count(ChannelError::Replay), 2u);
}

// Streams are ordered independently (bulk vs update), so each has its own counter.
TEST(ChannelSecurity, StreamsInterleaveFreely) {
  Pair p("k", "k");
  p.connect();
  Bytes bulk1 = sealed(p.a.seal(1, kRecord));
  Bytes upd1 = sealed(p.a.seal(2, kRecord));
  Bytes upd2 = sealed(p.a.seal(2, kRecord));
  EXPECT_EQ(sealed(p.b.open(2, upd1)), kRecord);
  EXPECT_EQ(sealed(p.b.open(2, upd2)), kRecord);
  EXPECT_EQ(sealed(p.b.open(1, bulk1)), kRecord);
  // A frame moved to another stream fails: the stream is in the nonce and the AAD.
  Bytes bulk2 = sealed(p.a.seal(1, kRecord));
  EXPECT_EQ(error(p.b.open(3, bulk2)), ChannelError::AuthFailed);
  EXPECT_EQ(error(p.b.open(ChannelSecurity::kMaxStreams, bulk2)), ChannelError::BadStream);
}

TEST(ChannelSecurity, TamperingAndWrongSecretFail) {
  Pair p("right", "right");
  p.connect();
  Bytes f = sealed(p.a.seal(2, kRecord));
  for (std::size_t i = 1; i < f.size(); ++i) {
    Bytes t = f;
    t[i] ^= 0x01;
    auto r = p.b.open(2, t);
    ASSERT_TRUE(std::holds_alternative<ChannelError>(r)) << "byte " << i;
  }
  EXPECT_EQ(sealed(p.b.open(2, f)), kRecord);  // the rejected forgeries did not move the counter

  Pair wrong("right", "wrong");
  wrong.connect();
  EXPECT_EQ(error(wrong.b.open(2, sealed(wrong.a.seal(2, kRecord)))), ChannelError::AuthFailed);
}

// A router that reloads reconnects with a fresh random: frames of the old association,
// replayed into the new one, no longer authenticate even though their counters look new.
TEST(ChannelSecurity, OldAssociationFramesDoNotOpenInTheNextOne) {
  Pair p("k", "k");
  p.connect(1, 2);
  Bytes old1 = sealed(p.a.seal(2, kRecord));
  p.connect(3, 4);
  EXPECT_EQ(error(p.b.open(2, old1)), ChannelError::AuthFailed);
  Bytes fresh = sealed(p.a.seal(2, kRecord));
  EXPECT_EQ(sealed(p.b.open(2, fresh)), kRecord);
  // Same counter value, new key: the nonce repeats under a different key only.
  EXPECT_EQ(std::vector(old1.begin(), old1.begin() + 9), std::vector(fresh.begin(), fresh.begin() + 9));
  EXPECT_NE(old1, fresh);
}

TEST(ChannelSecurity, ClearModeLogsOnceAndRefusesSealedFrames) {
  Pair p("", "");
  p.connect();
  auto log = p.a.take_log();
  ASSERT_TRUE(log);
  EXPECT_EQ(log->format(),
            "%CRYPTO-4-SSO_CLEARTEXT: redundancy inter-device has no security configured: IKE "
            "and IPsec SA keys replicate in the clear to 6.6.146.11");
  EXPECT_FALSE(p.a.take_log());
  p.connect(5, 6);
  EXPECT_FALSE(p.a.take_log());  // once per component, not per association
  Bytes f = sealed(p.a.seal(1, kRecord));
  EXPECT_EQ(f[0], 0x00);
  EXPECT_EQ(sealed(p.b.open(1, f)), kRecord);
  Bytes fake_sealed = f;
  fake_sealed[0] = 0x01;
  EXPECT_EQ(error(p.b.open(1, fake_sealed)), ChannelError::ModeMismatch);
}

TEST(ChannelSecurity, KeyedEndRefusesClearFramesAndMismatchedHellos) {
  ChannelSecurity keyed(config("k", "a", "b"));
  ChannelSecurity clear(config("", "b", "a"));
  Bytes hk = keyed.start(random_of(1));
  Bytes hc = clear.start(random_of(2));
  EXPECT_EQ(keyed.accept_hello(hc), ChannelError::ModeMismatch);
  EXPECT_EQ(clear.accept_hello(hk), ChannelError::ModeMismatch);
  EXPECT_FALSE(keyed.ready());
  EXPECT_EQ(error(keyed.seal(1, kRecord)), ChannelError::NotReady);
  Pair p("k", "k");
  p.connect();
  Bytes downgrade = {0x00};
  downgrade.insert(downgrade.end(), kRecord.begin(), kRecord.end());
  EXPECT_EQ(error(p.b.open(1, downgrade)), ChannelError::ModeMismatch);
}

TEST(ChannelSecurity, MalformedInput) {
  ChannelSecurity c(config("k", "a", "b"));
  EXPECT_EQ(c.accept_hello(Bytes(ChannelSecurity::kHelloLen, 0)), ChannelError::NotReady);
  Bytes hello = c.start(random_of(1));
  EXPECT_EQ(c.accept_hello(Bytes{}), ChannelError::Malformed);
  Bytes bad = hello;
  bad[1] = 9;
  EXPECT_EQ(c.accept_hello(bad), ChannelError::Malformed);
  EXPECT_EQ(c.accept_hello(Bytes(hello.begin(), hello.end() - 1)), ChannelError::Malformed);
  ChannelSecurity d(config("k", "b", "a"));
  ASSERT_FALSE(c.accept_hello(d.start(random_of(2))));
  EXPECT_EQ(error(c.open(1, Bytes{})), ChannelError::Malformed);
  EXPECT_EQ(error(c.open(1, Bytes{0x07, 1, 2})), ChannelError::Malformed);
  EXPECT_EQ(error(c.open(1, Bytes(ChannelSecurity::kSealedOverhead - 1, 0x01))), ChannelError::Malformed);
  // Empty record seals and opens.
  ASSERT_FALSE(d.accept_hello(hello));
  EXPECT_EQ(sealed(c.open(1, sealed(d.seal(1, Bytes{})))), Bytes{});
}

// The two directions' keys differ, so no (key, nonce) pair is ever used twice across ends.
TEST(ChannelSecurity, NoncesNeverRepeatUnderOneKey) {
  Pair p("k", "k");
  p.connect();
  std::set<Bytes> seen;
  for (int i = 0; i < 100; ++i)
    for (std::uint16_t s = 0; s < 3; ++s) {
      Bytes f = sealed(p.a.seal(s, kRecord));
      Bytes head(f.begin(), f.begin() + 9);
      head.push_back(static_cast<std::uint8_t>(s));
      EXPECT_TRUE(seen.insert(head).second);
    }
}

}  // namespace
}  // namespace havpnc::sso
