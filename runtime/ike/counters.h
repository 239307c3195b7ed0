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

  void count(const DecodeError& e) { ++malformed[static_cast<std::size_t>(e.code)]; }
  std::uint64_t malformed_total() const {
    std::uint64_t n = 0;
    for (auto v : malformed) n += v;
    return n;
  }
};

}  // namespace havpnc::ike
