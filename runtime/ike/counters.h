#pragma once
// IKE counters the engine owns and tasks increment (`show crypto isakmp stats`-like).
// Every refused input lands in exactly one of these, so hostile traffic is visible.
#include <array>
#include <cstdint>

#include "runtime/ike/decode_error.h"
#include "runtime/ike/task.h"

namespace havpnc::ike {

struct IkeCounters {
  std::array<std::uint64_t, kDecodeErrorCodeCount> malformed{};  // by DecodeErrorCode
  std::uint64_t unexpected_messages = 0;
  std::uint64_t no_proposal_chosen = 0;
  std::uint64_t invalid_key_exchange = 0;
  std::uint64_t authentication_failures = 0;
  std::uint64_t peer_notifications = 0;
  std::uint64_t phase1_established = 0;
  std::uint64_t phase2_established = 0;
  std::uint64_t retransmissions = 0;           // our messages resent on timeout
  std::uint64_t retransmission_give_ups = 0;   // exchanges abandoned after the last resend
  std::uint64_t duplicates_answered = 0;       // peer retransmissions answered from cache
  std::uint64_t informational_rejected = 0;    // undecryptable / bad HASH / wrong SA
  std::uint64_t no_sa = 0;                     // phase-2 traffic for an SA we do not have
  std::uint64_t deletes_received = 0;
  std::uint64_t dpd_probes_sent = 0;           // incl. retransmissions
  std::uint64_t dpd_acks_sent = 0;
  std::uint64_t dpd_acks_received = 0;         // R-U-THERE-ACK echoing our probe
  std::uint64_t dpd_stale_acks = 0;            // ACK not echoing the outstanding probe
  std::uint64_t dpd_stale_probes = 0;          // R-U-THERE whose sequence went back
  std::uint64_t peers_declared_dead = 0;

  void count(const DecodeError& e) { ++malformed[static_cast<std::size_t>(e.code)]; }
  // The counter a failed exchange lands in, the same for every task.
  void count_failure(IkeErrorCode code) {
    switch (code) {
      case IkeErrorCode::NoProposalChosen: ++no_proposal_chosen; break;
      case IkeErrorCode::InvalidKeyExchange:
      case IkeErrorCode::InvalidNonce: ++invalid_key_exchange; break;
      case IkeErrorCode::AuthenticationFailed: ++authentication_failures; break;
      case IkeErrorCode::PeerNotification: ++peer_notifications; break;
      default: ++unexpected_messages; break;
    }
  }
  std::uint64_t malformed_total() const {
    std::uint64_t n = 0;
    for (auto v : malformed) n += v;
    return n;
  }
};

}  // namespace havpnc::ike
