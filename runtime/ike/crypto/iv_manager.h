#pragma once
// IKEv1 CBC IV state (RFC 2409 Appendix B). Phase 1 (message ID 0) chains from
// hash(g^xi | g^xr) through every encrypted main-mode message; its last ciphertext block is
// the seed of every later exchange, each of which starts from hash(seed | M-ID) and then
// chains on its own messages. The chain advances only for messages that were sent or that
// passed their HASH check: a forged or garbled packet must not desynchronise the SA.
#include <cstdint>
#include <deque>
#include <utility>

#include "runtime/ike/bytes.h"
#include "runtime/ike/crypto/hash.h"

namespace havpnc::ike::crypto {

class IvManager {
 public:
  // Concurrent phase-2/informational exchanges remembered; the oldest is forgotten first.
  static constexpr std::size_t kMaxExchanges = 8;

  IvManager(HashAlgorithm hash, std::size_t block, Bytes phase1_iv);

  // The IV for the next message (in either direction) of exchange `message_id`.
  Bytes iv_for(std::uint32_t message_id);
  // Chains exchange `message_id` on the last ciphertext block of a sent/accepted message.
  void advance(std::uint32_t message_id, ByteView last_block);
  void forget(std::uint32_t message_id);

  // Phase-1 CBC state: after main mode completes, the last block of MM6 — what an SSO
  // standby needs to encrypt DPD, Quick Mode and Delete after takeover.
  const Bytes& phase1_iv() const { return phase1_iv_; }
  std::size_t block_size() const { return block_; }

 private:
  HashAlgorithm hash_;
  std::size_t block_;
  Bytes phase1_iv_;
  std::deque<std::pair<std::uint32_t, Bytes>> exchanges_;
};

}  // namespace havpnc::ike::crypto
