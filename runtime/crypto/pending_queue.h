#pragma once
// Packets that matched a crypto map entry before its IPsec SA exists. IOS drops the packet
// that triggers IKE (the seed's first ping is lost: ".!!!!") and keeps next to nothing; we
// keep a few so a first TCP SYN or DNS query is not lost, bounded in packets and bytes so a
// flood toward a dead peer costs a fixed amount of memory. Everything else is counted.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <vector>

namespace havpnc::crypto {

struct PendingLimits {
  std::size_t packets = 4;
  std::size_t bytes = 4 * 1500;
};

class PendingQueue {
 public:
  explicit PendingQueue(PendingLimits limits = {}) : limits_(limits) {}

  // False (and counted in overflow) when the packet does not fit.
  bool push(std::vector<std::uint8_t> packet);
  // Everything queued, oldest first; the queue is empty afterwards.
  std::vector<std::vector<std::uint8_t>> take();
  // Discards what is queued (initiation failed, peer dead); counted in discarded.
  void discard();

  std::size_t size() const { return packets_.size(); }
  std::size_t bytes() const { return bytes_; }
  std::uint64_t overflow() const { return overflow_; }
  std::uint64_t discarded() const { return discarded_; }

 private:
  PendingLimits limits_;
  std::deque<std::vector<std::uint8_t>> packets_;
  std::size_t bytes_ = 0;
  std::uint64_t overflow_ = 0;
  std::uint64_t discarded_ = 0;
};

}  // namespace havpnc::crypto
