#include "runtime/sso/takeover.h"

namespace havpnc::sso {

namespace {
constexpr std::uint64_t kMaxSequence = 0xFFFFFFFFull;  // RFC 4303 §2.2 without ESN
}

std::uint64_t resume_outbound_at(std::uint64_t checkpoint_next, const TakeoverConfig& config) {
  const std::uint64_t interval = config.interval.outbound;
  const std::uint64_t margin = config.in_flight_margin.value_or(interval);
  // Saturating: values come from the peer; anything past 2^32 is exhausted anyway.
  std::uint64_t r = checkpoint_next;
  for (std::uint64_t add : {interval, margin}) r = (r > UINT64_MAX - add) ? UINT64_MAX : r + add;
  return r == 0 ? 1 : r;
}

LogRecord ipsec_ha_status(const std::string& vip, bool to_active) {
  return {"CRYPTO", Severity::Notice, "IPSEC_SA_HA_STATUS",
          "IPSec sa's if any, for vip " + vip + " will change from " +
              (to_active ? "STANDBY to ACTIVE" : "ACTIVE to STANDBY")};
}

TakeoverPlan plan_takeover(const Applier& applier, const TakeoverConfig& config, bool stateful) {
  TakeoverPlan plan;
  plan.logs.push_back(ipsec_ha_status(config.vip, true));
  if (!stateful) return plan;
  plan.ike.reserve(applier.ike_sas().size());
  for (const auto& [key, stored] : applier.ike_sas()) {
    IkeActivation a{stored.sa, stored.established};
    a.sa.dpd_next_sequence += config.dpd_sequence_margin;  // wraps like the serial numbers do
    plan.ike.push_back(std::move(a));
  }
  plan.ipsec.reserve(applier.ipsec_sas().size());
  for (const auto& [key, stored] : applier.ipsec_sas()) {
    IpsecActivation a;
    a.sa = stored.sa;
    a.established = stored.established;
    a.resume_outbound_at = resume_outbound_at(stored.sa.outbound_next_sequence, config);
    a.inbound_highest = stored.sa.inbound_highest_sequence;
    a.exhausted = a.resume_outbound_at > kMaxSequence;
    plan.ipsec.push_back(std::move(a));
  }
  return plan;
}

}  // namespace havpnc::sso
