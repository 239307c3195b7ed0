#pragma once
// Stateful switchover (issue 7, "Takeover"): what the new active does with the SAs the
// applier holds when HSRP makes it Active.
//
// Outbound (RFC 4303 §3.3.3: a sequence number must never be sent twice under one SA): the
// old active checkpointed its next sequence number C every `replay-interval outbound M`
// packets, so it may have used numbers up to C + M - 1 after the last checkpoint the standby
// holds. One more checkpoint may have been emitted and lost with the old active (the
// transport delivers asynchronously), hence the in-flight margin, one more interval by
// default. Resume at C + M + margin. Jumping forward costs the peer nothing: its window just
// sees a gap (RFC 4303 §3.4.3).
//
// Inbound: every number at or below the checkpointed highest counts as already seen; the
// peer's next packets are above it and pass. The exposure is bounded by the interval: at
// most `replay-interval inbound N` (+ in flight) numbers the old active accepted could be
// replayed once into the new one (PROTOCOLS.md §3.2, "HA").
//
// DPD (RFC 3706 §7): the peer answers only R-U-THERE numbers that do not go back (serial
// arithmetic; havpnc's ike::Dpd and strongSwan alike), and the old active may have sent
// probes after its last replicated IKE update. The new active's next probe number skips
// `dpd_sequence_margin` ahead, or the peer would ignore our probes and declare us dead.
//
// An SA whose resume point is past 2^32-1 cannot carry another packet (no ESN with IKEv1):
// it is reported as exhausted so the IKE component rekeys it instead.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "runtime/core/log_record.h"
#include "runtime/core/time.h"
#include "runtime/sso/applier.h"
#include "runtime/sso/publisher.h"

namespace havpnc::sso {

struct TakeoverConfig {
  std::string vip;  // "6.6.156.100": the crypto map's HSRP virtual IP (`redundancy HSRP stateful`)
  ReplayInterval interval;
  // Extra outbound numbers skipped for a checkpoint lost in flight; nullopt = one interval.
  std::optional<std::uint64_t> in_flight_margin;
  std::uint32_t dpd_sequence_margin = 16;
};

struct IpsecActivation {
  IpsecSaRecord sa;
  TimePoint established;
  std::uint64_t resume_outbound_at = 1;  // first sequence number the new active sends
  std::uint32_t inbound_highest = 0;     // restore the replay window to this
  bool exhausted = false;                // cannot resume: rekey instead
};

struct IkeActivation {
  IkeSaRecord sa;
  TimePoint established;
};

struct TakeoverPlan {
  std::vector<IkeActivation> ike;
  std::vector<IpsecActivation> ipsec;
  std::vector<LogRecord> logs;
};

// Builds the activation of everything the applier holds. `stateful` false (RF took over
// from a cold state) activates nothing but still says so in the log.
TakeoverPlan plan_takeover(const Applier& applier, const TakeoverConfig& config, bool stateful);

// Sequence arithmetic on its own, for the planner and its tests.
std::uint64_t resume_outbound_at(std::uint64_t checkpoint_next, const TakeoverConfig& config);

// %CRYPTO-5-IPSEC_SA_HA_STATUS as IOS prints it (seed):
//   IPSec sa's if any, for vip 6.6.156.100 will change from STANDBY to ACTIVE
LogRecord ipsec_ha_status(const std::string& vip, bool to_active);

}  // namespace havpnc::sso
