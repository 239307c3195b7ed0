#pragma once
// SSO records <-> the IKE/ESP runtime. The crypto component (runtime/crypto) uses the
// from_* functions on the active to describe its SAs, and activate() on the new active to
// turn a takeover plan entry into the two ESP SAs at the right sequence positions.
// A library of its own (havpnc_sso_bridge) so the SSO core depends on neither IKE nor ESP.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "runtime/core/time.h"
#include "runtime/esp/sa.h"
#include "runtime/ike/child_sa.h"
#include "runtime/ike/ike_sa.h"
#include "runtime/ike/result.h"
#include "runtime/sso/records.h"
#include "runtime/sso/takeover.h"

namespace havpnc::sso {

// IKE state that lives outside ike::IkeSa (in the session's DPD and exchange bookkeeping).
struct IkeSessionState {
  std::uint32_t dpd_next_sequence = 0;               // ike::Dpd::next_sequence()
  std::optional<std::uint32_t> dpd_peer_sequence;    // ike::Dpd::peer_sequence()
  std::vector<std::uint32_t> recent_message_ids;     // newest last; at most kMaxMessageIds kept
};

IkeSaRecord from_ike_sa(const ike::IkeSa& sa, const IkeSessionState& session, TimePoint now);
ike::IkeSa to_ike_sa(const IkeSaRecord& record, TimePoint established);

// `replay_window` is the router's `crypto ipsec security-association replay window-size`.
IpsecSaRecord from_child_sa(const ike::ChildSa& child, std::uint32_t replay_window, TimePoint now);
ike::ChildSa to_child_sa(const IpsecSaRecord& record, TimePoint established);

struct ActivatedEspPair {
  std::unique_ptr<esp::EspSa> inbound;
  std::unique_ptr<esp::EspSa> outbound;
};

// Installs both directions of a takeover plan entry: outbound numbering resumes at
// resume_outbound_at, the inbound window counts everything up to inbound_highest as seen.
// Fails (with a reason, never a key byte) on an exhausted entry, a transform the data plane
// lacks, or keys of the wrong length.
ike::Expected<ActivatedEspPair, std::string> activate(const IpsecActivation& activation, TimePoint now);

}  // namespace havpnc::sso
