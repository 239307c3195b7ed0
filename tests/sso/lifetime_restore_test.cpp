// esp::Lifetime::restore and the bridge's activate(): an SA taken over keeps the lifetime it
// had on the old active (RFC 4301 §4.4.2.1 limits belong to the SA), counted on this
// router's clock from the replicated age.
#include <gtest/gtest.h>

#include "runtime/esp/lifetime.h"
#include "runtime/sso/ike_esp_bridge.h"
#include "tests/sso/sample_records.h"

namespace havpnc::sso {
namespace {

const TimePoint kT0 = TimePoint{} + seconds(1'000'000);

esp::LifetimeLimits limits(std::int64_t secs, std::uint64_t kb) {
  esp::LifetimeLimits l;
  l.seconds = std::chrono::seconds(secs);
  l.kilobytes = kb;
  return l;
}

TEST(LifetimeRestore, DeadlinesMoveBackToTheOriginalEstablishment) {
  esp::Lifetime life(limits(600, 0), kT0);
  life.restore(kT0 - seconds(200), 0);
  EXPECT_EQ(life.hard_deadline(), kT0 + seconds(400));
  EXPECT_EQ(life.soft_deadline(), kT0 + seconds(340));  // 90% of 600 s after establishment
  EXPECT_EQ(life.poll(kT0 + seconds(339)), esp::LifetimeEvent::None);
  EXPECT_EQ(life.poll(kT0 + seconds(340)), esp::LifetimeEvent::Soft);
  EXPECT_EQ(life.poll(kT0 + seconds(400)), esp::LifetimeEvent::Hard);
}

TEST(LifetimeRestore, BytesCountOnFromTheReplicatedVolume) {
  esp::Lifetime life(limits(0, 100), kT0);  // 102,400 bytes, soft at 92,160
  life.restore(kT0, 92'000);
  EXPECT_EQ(life.bytes(), 92'000u);
  EXPECT_EQ(life.account(kT0, 159), esp::LifetimeEvent::None);
  EXPECT_EQ(life.account(kT0, 1), esp::LifetimeEvent::Soft);
  EXPECT_EQ(life.account(kT0, 10'240), esp::LifetimeEvent::Hard);
  EXPECT_EQ(life.hard_deadline(), TimePoint::max());  // no time limit stays none
}

TEST(LifetimeRestore, APastLimitFiresOnTheNextPollNeverInsideRestore) {
  esp::Lifetime life(limits(600, 0), kT0);
  life.restore(kT0 - seconds(700), 0);
  EXPECT_FALSE(life.hard_expired());
  EXPECT_EQ(life.poll(kT0), esp::LifetimeEvent::Hard);
}

TEST(LifetimeRestore, NothingMovesForward) {
  esp::Lifetime life(limits(600, 100), kT0);
  life.account(kT0, 5'000);
  life.restore(kT0 + seconds(50), 1'000);  // a later start and fewer bytes: ignored
  EXPECT_EQ(life.hard_deadline(), kT0 + seconds(600));
  EXPECT_EQ(life.bytes(), 5'000u);
  life.restore(kT0 - seconds(10), 0);
  life.restore(kT0 - seconds(5), 0);  // the second, later one cannot undo the first
  EXPECT_EQ(life.hard_deadline(), kT0 + seconds(590));
}

TEST(LifetimeRestore, HostileTimesNeitherOverflowNorResurrect) {
  esp::Lifetime life(limits(3600, 0), kT0);
  life.restore(TimePoint::min(), UINT64_MAX);  // UBSan guards the arithmetic
  EXPECT_LT(life.hard_deadline(), kT0);
  EXPECT_EQ(life.poll(kT0), esp::LifetimeEvent::Hard);
  esp::Lifetime max_life(limits(3600, 0), TimePoint::max() - seconds(7200));
  max_life.restore(TimePoint::min(), 0);
  EXPECT_LT(max_life.hard_deadline(), TimePoint::max() - seconds(7200));
}

TEST(LifetimeRestore, ActivateStartsBothDirectionsWhereTheOldActiveWas) {
  IpsecSaRecord r = test::sample_ipsec_sa(1);
  r.lifetime_seconds = 3600;
  r.lifetime_kilobytes = 4608000;
  r.inbound_bytes = 300'000;
  r.outbound_bytes = 700'000;
  const TimePoint established = kT0 - seconds(1000);
  auto pair = activate({r, established, 100, 90, false}, kT0);
  ASSERT_TRUE(pair) << pair.error();
  EXPECT_EQ(pair->inbound->lifetime().bytes(), 300'000u);
  EXPECT_EQ(pair->outbound->lifetime().bytes(), 700'000u);
  EXPECT_EQ(pair->inbound->lifetime().hard_deadline(), established + seconds(3600));
  EXPECT_EQ(pair->outbound->lifetime().hard_deadline(), established + seconds(3600));
}

}  // namespace
}  // namespace havpnc::sso
