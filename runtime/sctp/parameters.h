#pragma once
// What one `ipc zone default / association N` asks of SCTP, in SCTP's own terms (RFC 4960
// §15 protocol parameters), independent of which stack carries it.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "runtime/plan/ipv4.h"
#include "runtime/plan/plan.h"

namespace havpnc::sctp {

// An endpoint as IOS configures it: `local-ip A` + `local-port P` (or remote-ip/remote-port).
struct Endpoint {
  plan::Ipv4 address;
  std::uint16_t port = 0;
  friend auto operator<=>(const Endpoint&, const Endpoint&) = default;
};

struct Parameters {
  std::uint32_t association_id = 1;
  // IOS allows several local-ip/remote-ip lines: SCTP multi-homing. The first of each is the
  // primary path (RFC 4960 §6.4).
  std::vector<plan::Ipv4> local_addresses;
  std::uint16_t local_port = 0;
  std::vector<plan::Ipv4> remote_addresses;
  std::uint16_t remote_port = 0;

  // `retransmit-timeout MIN MAX` → RTO.Min / RTO.Max (RFC 4960 §6.3.1 rules C1-C7, §15).
  std::chrono::milliseconds rto_min{300};
  std::chrono::milliseconds rto_max{10000};
  // IOS has no knob for RTO.Initial; RFC 4960 §15 says 3 s, clamped into [min, max] so a
  // configured max below 3 s is honoured from the first INIT on.
  std::chrono::milliseconds rto_initial() const;
  std::uint16_t path_max_retrans = 5;   // `path-retransmit`  → Path.Max.Retrans
  std::uint16_t assoc_max_retrans = 5;  // `assoc-retransmit` → Association.Max.Retrans
  // RFC 4960 §8.3 HB.interval. IOS has no knob; RFC's 30 s would leave an idle association
  // (no SA churn) blind to a dead peer for half a minute, so havpnc probes every second. A
  // dead peer is then noticed after HB.interval + the RTO series of assoc-retransmit tries.
  std::chrono::milliseconds heartbeat_interval{1000};

  // RFC 6951 UDP encapsulation ports (usrsctp backend). IOS has no such knob; havpnc uses the
  // configured SCTP ports, which the two routers already agree on.
  std::uint16_t udp_local_port() const { return local_port; }
  std::uint16_t udp_remote_port() const { return remote_port; }

  // How many bytes may wait in havpnc's own send queue (beyond the stack's send buffer)
  // before send() refuses: the caller then waits for on_drained (backpressure).
  std::size_t max_queued_bytes = 256u * 1024u * 1024u;
  // One replication record; larger is a caller bug, refused rather than fragmenting memory.
  std::size_t max_message_bytes = 256u * 1024u;

  Endpoint local_primary() const { return {local_addresses.at(0), local_port}; }
  Endpoint remote_primary() const { return {remote_addresses.at(0), remote_port}; }
};

struct ParametersResult {
  std::optional<Parameters> parameters;
  std::string error;  // set when parameters is empty; names the IOS command at fault
};

// Checks what the plan checker cannot know matters to SCTP: both ends present, ports in
// range, MIN ≤ MAX, retransmission counts that fit the stacks' 16-bit fields.
ParametersResult parameters_from_plan(const plan::IpcAssociation& association);

}  // namespace havpnc::sctp
