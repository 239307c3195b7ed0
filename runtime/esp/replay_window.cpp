#include "runtime/esp/replay_window.h"

#include <algorithm>
#include <stdexcept>

namespace havpnc::esp {

namespace {
std::uint64_t bit(std::uint32_t seq) { return std::uint64_t{1} << (seq % ReplayWindow::kWordBits); }
}  // namespace

bool ReplayWindow::valid_size(std::uint32_t size) {
  return size == 0 || (size % kWordBits == 0 && size <= kMaxSize);
}

ReplayWindow::ReplayWindow(std::uint32_t size) : size_(size) {
  if (!valid_size(size)) throw std::invalid_argument("replay window size must be 0 or a multiple of 64 up to 65536");
  // RFC 6479 §2: one spare word, so the word holding the top never aliases the oldest one
  // still inside the window. The effective window is therefore size..size+63 packets.
  ring_.assign(size == 0 ? 1 : size / kWordBits + 1, 0);
}

ReplayVerdict ReplayWindow::check(std::uint32_t seq) const {
  if (!enabled()) return ReplayVerdict::Fresh;  // `replay disable`: the receiver does not check
  // RFC 4303 §3.3.3: the first packet carries 1; 0 is never sent by a conforming peer.
  if (seq == 0) return ReplayVerdict::TooOld;
  if (seq > top_) return ReplayVerdict::Fresh;
  if (std::uint64_t{seq} + size_ <= top_) return ReplayVerdict::TooOld;
  return (word_for(seq) & bit(seq)) != 0 ? ReplayVerdict::Duplicate : ReplayVerdict::Fresh;
}

void ReplayWindow::update(std::uint32_t seq) {
  if (!enabled()) {
    top_ = std::max(top_, seq);  // still tracked: `show crypto ipsec sa` and SSO checkpoints use it
    return;
  }
  if (seq > top_) {
    // RFC 6479 §3: clear only the words between the old top word and the new one; a jump of
    // a whole ring or more clears everything.
    const std::uint64_t old_word = top_ / kWordBits;
    const std::uint64_t new_word = seq / kWordBits;
    const std::uint64_t steps = std::min<std::uint64_t>(new_word - old_word, ring_.size());
    for (std::uint64_t i = 1; i <= steps; ++i) ring_[(old_word + i) % ring_.size()] = 0;
    top_ = seq;
  }
  word_for(seq) |= bit(seq);
}

void ReplayWindow::restore_checkpoint(std::uint32_t highest) {
  top_ = highest;
  if (!enabled()) return;
  if (highest == 0) {
    std::fill(ring_.begin(), ring_.end(), 0);
    return;
  }
  std::fill(ring_.begin(), ring_.end(), ~std::uint64_t{0});
  // In the top word only the bits at or below `highest` are seen; the ones above are future.
  const std::uint32_t top_bit = highest % kWordBits;
  word_for(highest) = top_bit == kWordBits - 1 ? ~std::uint64_t{0} : (bit(highest) << 1) - 1;
}

}  // namespace havpnc::esp
