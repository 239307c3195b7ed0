#pragma once
// SSO records <-> the IKE/ESP runtime. The crypto component (runtime/crypto) uses the
// from_* functions on the active to describe its SAs, and activate() on the new active to
// turn a takeover plan entry into the two ESP SAs at the right sequence positions.
// A library of its own (havpnc_sso_bridge) so the SSO core depends on neither IKE nor ESP.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "runtime/core/time.h"
#include "runtime/esp/sa.h"
#include "runtime/ike/child_sa.h"
#include "runtime/ike/endpoint.h"
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
  // RFC 3947 §4 as the session sees it: ike::IkeSession::nat_t_floated() and the port of
  // peer_endpoint(). Unset, they are derived from the SA alone the way IkeSession does for an
  // adopted SA (NAT-T negotiated and NAT-D found a NAT, or the peer forced it: floated; the
  // peer on 4500) — right for the lab's strongSwan, wrong behind a NAT that rewrites 4500.
  std::optional<bool> nat_t_floated;
  std::optional<std::uint16_t> nat_t_peer_port;
};

IkeSaRecord from_ike_sa(const ike::IkeSa& sa, const IkeSessionState& session, TimePoint now);
ike::IkeSa to_ike_sa(const IkeSaRecord& record, TimePoint established);

// What ike::IkeSa has no field for, for the new active's session after IkeSession::adopt:
// the peer's NAT-T port to pass to heard_on_nat_t_port() (so IKE, DPD answers and ESP-in-UDP
// go where the peer's NAT expects them), nullopt when the SA did not float.
std::optional<std::uint16_t> nat_t_peer_port(const IkeSaRecord& record);

// `replay_window` is the router's `crypto ipsec security-association replay window-size`;
// `peer_nat_t_port` the parent IKE SA's peer port (ESP in UDP goes where IKE goes, RFC 3948
// §2.1), used only when the child is UDP-encapsulated.
IpsecSaRecord from_child_sa(const ike::ChildSa& child, std::uint32_t replay_window, TimePoint now,
                            std::uint16_t peer_nat_t_port = ike::kNatTraversalPort);
ike::ChildSa to_child_sa(const IpsecSaRecord& record, TimePoint established);

// RFC 3948 §2.1: the UDP header the outbound ESP goes in (and inbound arrives in).
struct UdpEncapsulation {
  std::uint16_t local_port = 0;
  std::uint16_t remote_port = 0;
  friend bool operator==(const UdpEncapsulation&, const UdpEncapsulation&) = default;
};

struct ActivatedEspPair {
  std::unique_ptr<esp::EspSa> inbound;
  std::unique_ptr<esp::EspSa> outbound;
  std::optional<UdpEncapsulation> udp;  // nullopt: ESP as IP protocol 50
};

// Installs both directions of a takeover plan entry: outbound numbering resumes at
// resume_outbound_at, the inbound window counts everything up to inbound_highest as seen,
// lifetimes run from `established` with the replicated byte counts already consumed.
// Fails (with a reason, never a key byte) on an exhausted entry, a transform the data plane
// lacks, or keys of the wrong length.
ike::Expected<ActivatedEspPair, std::string> activate(const IpsecActivation& activation, TimePoint now);

}  // namespace havpnc::sso
