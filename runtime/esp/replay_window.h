#pragma once
// Inbound anti-replay window, RFC 4303 §3.4.3 with the RFC 6479 bitmap: a ring of 64-bit
// words (window/64 + 1 of them) indexed by sequence number, so advancing the window clears
// whole words instead of shifting a 1024-bit mask on every packet.
//
// The check and the update are separate on purpose: RFC 4303 §3.4.3 allows the cheap check
// before the ICV, but the window may only move after the ICV verified, or a forged packet with
// a huge sequence number would slide the window and make genuine traffic look old.
#include <cstdint>
#include <vector>

namespace havpnc::esp {

enum class ReplayVerdict : std::uint8_t { Fresh, Duplicate, TooOld };

class ReplayWindow {
 public:
  static constexpr std::uint32_t kWordBits = 64;
  static constexpr std::uint32_t kMaxSize = 65536;
  static constexpr std::uint32_t kDefaultSize = 64;  // IOS default window

  // 0 (IOS `replay disable`) or a multiple of 64 up to 65536. IOS offers 64..1024.
  static bool valid_size(std::uint32_t size);

  // Throws std::invalid_argument when !valid_size(size); SaParams validation prevents that.
  explicit ReplayWindow(std::uint32_t size = kDefaultSize);

  ReplayVerdict check(std::uint32_t seq) const;
  // Only after check(seq) == Fresh and the ICV verified.
  void update(std::uint32_t seq);

  // SSO takeover (havpnc architecture, "Runtime"): the standby received "highest = n" from
  // the active; everything at or below n counts as already seen.
  void restore_checkpoint(std::uint32_t highest);

  bool enabled() const { return size_ != 0; }
  std::uint32_t size() const { return size_; }
  // Highest sequence number accepted so far (0 before the first packet).
  std::uint32_t highest() const { return top_; }

 private:
  std::uint64_t& word_for(std::uint32_t seq) { return ring_[(seq / kWordBits) % ring_.size()]; }
  const std::uint64_t& word_for(std::uint32_t seq) const {
    return ring_[(seq / kWordBits) % ring_.size()];
  }

  std::uint32_t size_;
  std::uint32_t top_ = 0;
  std::vector<std::uint64_t> ring_;  // allocated once, at SA install
};

}  // namespace havpnc::esp
