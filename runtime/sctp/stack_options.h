#pragma once
// Parameters as the numbers both stacks' socket options take (RFC 6458 §8.1: SCTP_RTOINFO,
// SCTP_ASSOCINFO, SCTP_INITMSG, SCTP_PEER_ADDR_PARAMS). Computed once, here, so the usrsctp
// and kernel backends cannot disagree on what `retransmit-timeout 300 10000` means.
#include <cstdint>

#include "runtime/sctp/parameters.h"

namespace havpnc::sctp {

struct StackOptions {
  std::uint32_t rto_initial_ms = 0, rto_min_ms = 0, rto_max_ms = 0;  // sctp_rtoinfo
  std::uint16_t assoc_max_retrans = 0;                               // sasoc_asocmaxrxt
  std::uint16_t path_max_retrans = 0;                                // spp_pathmaxrxt
  std::uint32_t heartbeat_interval_ms = 0;                           // spp_hbinterval
  std::uint16_t out_streams = 0, max_in_streams = 0;                 // sinit_num_ostreams ...
  // Max.Init.Retransmits (RFC 4960 §15, default 8): one INIT series is one connect attempt;
  // the reconnect backoff takes over after it, so use the association's own limit.
  std::uint16_t init_max_attempts = 0;
  std::uint16_t init_max_timeout_ms = 0;  // sinit_max_init_timeo: the RTO cap during INIT
  // Room for two largest messages: a non-blocking send of a message larger than the whole
  // buffer fails with EMSGSIZE instead of waiting, and a small buffer keeps bulk from
  // piling up in the stack ahead of updates (see send_queue.h).
  int send_buffer_bytes = 0;
};

StackOptions stack_options(const Parameters& parameters);

}  // namespace havpnc::sctp
