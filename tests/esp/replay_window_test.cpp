// RFC 6479 window against a plain reference model, plus the edge cases the SSO takeover and a
// long-lived SA meet: exact slides, big jumps, the top of the 32-bit space, checkpoints.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>

#include "runtime/esp/replay_window.h"

namespace havpnc::esp {
namespace {

// RFC 4303 §3.4.3 stated directly: fresh iff above the top, or inside (top-W, top] and unseen.
struct ReferenceWindow {
  std::uint32_t w;
  std::uint64_t top = 0;
  std::set<std::uint64_t> seen;
  ReplayVerdict check(std::uint64_t s) const {
    if (s == 0) return ReplayVerdict::TooOld;
    if (s > top) return ReplayVerdict::Fresh;
    if (s + w <= top) return ReplayVerdict::TooOld;
    return seen.count(s) ? ReplayVerdict::Duplicate : ReplayVerdict::Fresh;
  }
  void update(std::uint64_t s) {
    seen.insert(s);
    top = std::max(top, s);
  }
};

bool accept(ReplayWindow& w, std::uint32_t s) {
  if (w.check(s) != ReplayVerdict::Fresh) return false;
  w.update(s);
  return true;
}

TEST(ReplayWindow, ValidSizes) {
  for (std::uint32_t s : {0u, 64u, 128u, 256u, 512u, 1024u, 4096u, 65536u}) EXPECT_TRUE(ReplayWindow::valid_size(s)) << s;
  for (std::uint32_t s : {1u, 32u, 63u, 65u, 1000u, 65600u}) EXPECT_FALSE(ReplayWindow::valid_size(s)) << s;
  EXPECT_THROW(ReplayWindow(100), std::invalid_argument);
}

TEST(ReplayWindow, SequenceZeroIsNeverFresh) {
  ReplayWindow w(64);
  EXPECT_EQ(w.check(0), ReplayVerdict::TooOld);
}

TEST(ReplayWindow, DuplicateIsRejected) {
  ReplayWindow w(64);
  EXPECT_TRUE(accept(w, 1));
  EXPECT_EQ(w.check(1), ReplayVerdict::Duplicate);
  EXPECT_TRUE(accept(w, 3));
  EXPECT_TRUE(accept(w, 2));
  EXPECT_EQ(w.check(2), ReplayVerdict::Duplicate);
  EXPECT_EQ(w.highest(), 3u);
}

TEST(ReplayWindow, CheckDoesNotMoveTheWindow) {
  ReplayWindow w(64);
  EXPECT_TRUE(accept(w, 10));
  EXPECT_EQ(w.check(1'000'000), ReplayVerdict::Fresh);
  EXPECT_EQ(w.highest(), 10u);
  EXPECT_EQ(w.check(9), ReplayVerdict::Fresh);
}

TEST(ReplayWindow, EdgeOfWindowAndTooOld) {
  ReplayWindow w(64);
  EXPECT_TRUE(accept(w, 100));
  EXPECT_EQ(w.check(37), ReplayVerdict::Fresh);   // 100 - 64 + 1: last slot inside
  EXPECT_EQ(w.check(36), ReplayVerdict::TooOld);  // 100 - 64: first slot outside
}

TEST(ReplayWindow, SlideByExactlyTheWindowSize) {
  ReplayWindow w(64);
  EXPECT_TRUE(accept(w, 100));
  EXPECT_TRUE(accept(w, 164));
  EXPECT_EQ(w.check(100), ReplayVerdict::TooOld);
  EXPECT_EQ(w.check(101), ReplayVerdict::Fresh);
  EXPECT_EQ(w.check(164), ReplayVerdict::Duplicate);
}

TEST(ReplayWindow, BigJumpClearsStaleBits) {
  for (std::uint32_t size : {64u, 128u, 1024u}) {
    ReplayWindow w(size);
    for (std::uint32_t s = 1; s <= 3 * size; ++s) ASSERT_TRUE(accept(w, s));
    const std::uint32_t jump = 1'000'003;
    ASSERT_TRUE(accept(w, jump));
    EXPECT_EQ(w.check(3 * size), ReplayVerdict::TooOld);
    // Every slot below the new top must be fresh: no bit may survive from before the jump.
    for (std::uint32_t s = jump - size + 1; s < jump; ++s) ASSERT_EQ(w.check(s), ReplayVerdict::Fresh) << size << " " << s;
  }
}

TEST(ReplayWindow, JumpSmallerThanTheRingClearsOnlyNewWords) {
  ReplayWindow w(128);
  for (std::uint32_t s = 1; s <= 200; ++s) ASSERT_TRUE(accept(w, s));
  ASSERT_TRUE(accept(w, 260));
  for (std::uint32_t s = 133; s <= 200; ++s) EXPECT_EQ(w.check(s), ReplayVerdict::Duplicate) << s;
  for (std::uint32_t s = 201; s < 260; ++s) EXPECT_EQ(w.check(s), ReplayVerdict::Fresh) << s;
  EXPECT_EQ(w.check(132), ReplayVerdict::TooOld);
}

TEST(ReplayWindow, TopOfTheSequenceSpace) {
  ReplayWindow w(64);
  const std::uint32_t max = 0xFFFFFFFFu;
  ASSERT_TRUE(accept(w, max - 10));
  ASSERT_TRUE(accept(w, max));
  EXPECT_EQ(w.check(max), ReplayVerdict::Duplicate);
  EXPECT_EQ(w.check(max - 10), ReplayVerdict::Duplicate);
  EXPECT_EQ(w.check(max - 1), ReplayVerdict::Fresh);
  EXPECT_EQ(w.check(max - 63), ReplayVerdict::Fresh);
  EXPECT_EQ(w.check(max - 64), ReplayVerdict::TooOld);
  // No wrap: small numbers after the top are old, not "new after a cycle" (ESN is off).
  EXPECT_EQ(w.check(1), ReplayVerdict::TooOld);
}

TEST(ReplayWindow, Window1024OutOfOrderDelivery) {
  ReplayWindow w(1024);
  std::vector<std::uint32_t> seqs(20000);
  for (std::uint32_t i = 0; i < seqs.size(); ++i) seqs[i] = i + 1;
  // Shuffle inside blocks of 1000: every packet is at most 999 late, within a 1024 window.
  std::mt19937 rng(4303);
  for (std::size_t b = 0; b < seqs.size(); b += 1000) std::shuffle(seqs.begin() + b, seqs.begin() + b + 1000, rng);
  for (std::uint32_t s : seqs) ASSERT_TRUE(accept(w, s)) << s;
  EXPECT_EQ(w.highest(), 20000u);
  for (std::uint32_t s = 20000 - 1023; s <= 20000; ++s) EXPECT_EQ(w.check(s), ReplayVerdict::Duplicate) << s;
  EXPECT_EQ(w.check(20000 - 1024), ReplayVerdict::TooOld);
}

TEST(ReplayWindow, MatchesReferenceModelOnRandomTraffic) {
  for (std::uint32_t size : {64u, 128u, 256u, 1024u}) {
    ReplayWindow w(size);
    ReferenceWindow ref{size, 0, {}};
    std::mt19937 rng(size);
    std::uint32_t base = 1;
    for (int i = 0; i < 200000; ++i) {
      // Mostly near the top, sometimes far behind, sometimes a leap ahead.
      const int kind = static_cast<int>(rng() % 100);
      std::int64_t s;
      if (kind < 80) s = static_cast<std::int64_t>(base) + static_cast<std::int64_t>(rng() % (2 * size)) - size;
      else if (kind < 95) s = static_cast<std::int64_t>(base) - static_cast<std::int64_t>(rng() % (4 * size));
      else s = static_cast<std::int64_t>(base) + static_cast<std::int64_t>(rng() % (8 * size));
      if (s < 0) s = 0;
      const auto seq = static_cast<std::uint32_t>(s);
      const ReplayVerdict got = w.check(seq);
      ASSERT_EQ(got, ref.check(seq)) << "size " << size << " seq " << seq << " top " << ref.top;
      if (got == ReplayVerdict::Fresh && rng() % 10 != 0) {  // 10%: ICV failed, no update
        w.update(seq);
        ref.update(seq);
      }
      base = std::max<std::uint32_t>(base, static_cast<std::uint32_t>(ref.top));
      ++base;
    }
  }
}

TEST(ReplayWindow, RestoreCheckpointTreatsEverythingUpToItAsSeen) {
  ReplayWindow w(64);
  ASSERT_TRUE(accept(w, 5));
  w.restore_checkpoint(1000);
  EXPECT_EQ(w.highest(), 1000u);
  EXPECT_EQ(w.check(1000), ReplayVerdict::Duplicate);
  EXPECT_EQ(w.check(999), ReplayVerdict::Duplicate);
  EXPECT_EQ(w.check(937), ReplayVerdict::Duplicate);
  EXPECT_EQ(w.check(936), ReplayVerdict::TooOld);
  // The rest of the top word (1001..1023) is the future, not seen.
  for (std::uint32_t s = 1001; s <= 1100; ++s) EXPECT_EQ(w.check(s), ReplayVerdict::Fresh) << s;
  ASSERT_TRUE(accept(w, 1003));
  EXPECT_TRUE(accept(w, 1001));
  EXPECT_EQ(w.check(1000), ReplayVerdict::Duplicate);
}

TEST(ReplayWindow, RestoreCheckpointAtWordBoundaries) {
  for (std::uint32_t cp : {63u, 64u, 127u, 128u, 0xFFFFFFFFu}) {
    ReplayWindow w(128);
    w.restore_checkpoint(cp);
    EXPECT_EQ(w.check(cp), ReplayVerdict::Duplicate) << cp;
    if (cp < 0xFFFFFFFFu) {
      EXPECT_EQ(w.check(cp + 1), ReplayVerdict::Fresh) << cp;
    }
    if (cp >= 64) {
      EXPECT_EQ(w.check(cp - 63), ReplayVerdict::Duplicate) << cp;
    }
  }
  ReplayWindow fresh(64);
  fresh.restore_checkpoint(0);
  EXPECT_EQ(fresh.check(1), ReplayVerdict::Fresh);
}

TEST(ReplayWindow, DisabledAcceptsEverythingButTracksHighest) {
  ReplayWindow w(0);
  EXPECT_FALSE(w.enabled());
  EXPECT_TRUE(accept(w, 7));
  EXPECT_TRUE(accept(w, 7));
  EXPECT_TRUE(accept(w, 1));
  EXPECT_EQ(w.highest(), 7u);
}

}  // namespace
}  // namespace havpnc::esp
