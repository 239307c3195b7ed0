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

// The four RFC 6458 option structs both stacks take, filled from `o` for every future
// association of a socket (`future` = SCTP_FUTURE_ASSOC, `heartbeat_on` = SPP_HB_ENABLE, both
// from the backend's own header). One filling, so the backends cannot map the IOS timers
// differently; each backend only makes its own setsockopt calls.
template <typename RtoInfo, typename AssocParams, typename PeerAddrParams, typename InitMsg>
struct OptionStructs {
  RtoInfo rto{};
  AssocParams assoc{};
  PeerAddrParams paths{};
  InitMsg init{};

  OptionStructs(const StackOptions& o, std::uint32_t future, std::uint32_t heartbeat_on) {
    rto.srto_assoc_id = future;
    rto.srto_initial = o.rto_initial_ms;
    rto.srto_min = o.rto_min_ms;
    rto.srto_max = o.rto_max_ms;
    assoc.sasoc_assoc_id = future;
    assoc.sasoc_asocmaxrxt = o.assoc_max_retrans;
    paths.spp_assoc_id = future;
    paths.spp_pathmaxrxt = o.path_max_retrans;
    paths.spp_hbinterval = o.heartbeat_interval_ms;
    paths.spp_flags = heartbeat_on;
    init.sinit_num_ostreams = o.out_streams;
    init.sinit_max_instreams = o.max_in_streams;
    init.sinit_max_attempts = o.init_max_attempts;
    init.sinit_max_init_timeo = o.init_max_timeout_ms;
  }
};

// The same fields read back from a live association (getsockopt), from either stack's structs
// (same field names, different headers): what the stack really holds.
template <typename RtoInfo, typename AssocParams, typename PeerAddrParams, typename InitMsg>
StackOptions options_from(const RtoInfo& rto, const AssocParams& assoc, const PeerAddrParams& paths,
                          const InitMsg& init) {
  StackOptions o;
  o.rto_initial_ms = rto.srto_initial;
  o.rto_min_ms = rto.srto_min;
  o.rto_max_ms = rto.srto_max;
  o.assoc_max_retrans = assoc.sasoc_asocmaxrxt;
  o.path_max_retrans = paths.spp_pathmaxrxt;
  o.heartbeat_interval_ms = paths.spp_hbinterval;
  o.init_max_attempts = init.sinit_max_attempts;
  return o;
}

}  // namespace havpnc::sctp
