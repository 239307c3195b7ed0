#pragma once
// Dead Peer Detection (RFC 3706) with IOS `crypto isakmp keepalive S [R] [periodic|on-demand]`
// semantics. Sans-IO: the session tells it about traffic and asks poll(now) what to do; the
// R-U-THERE / R-U-THERE-ACK notifications travel in protected informational exchanges.
//
// - periodic: a probe every S seconds, whatever the traffic (IOS 12.3(7)T "periodic"; the
//   brief CSCin76641 behaviour of skipping it on inbound traffic was reverted, CSCsh12853).
// - on-demand (IOS default): a probe only when we sent traffic and heard nothing from the
//   peer for S seconds.
// - an unanswered probe is resent every R seconds (IOS default 2 s) with the same sequence
//   number; after 5 unanswered retransmissions, and R more seconds, the peer is dead (IOS
//   does not let you set the count; seen documented as "a maximum of five retransmissions").
// - sequence numbers (RFC 3706 §7): random start, +1 per new probe, an ACK must echo the
//   outstanding one; a peer's R-U-THERE is answered only if its number does not go back.
#include <cstdint>
#include <optional>

#include "runtime/core/time.h"
#include "runtime/ike/ike_sa.h"

namespace havpnc::ike {

enum class DpdMode { OnDemand, Periodic };

struct DpdConfig {
  Duration interval = seconds(10);  // S: 10..3600 on IOS
  Duration retry = seconds(2);      // R: 2..60 on IOS, default 2
  DpdMode mode = DpdMode::OnDemand;
  unsigned max_retransmissions = 5;  // IOS: fixed at 5
  // False without `crypto isakmp keepalive`: the peer's probes are still answered (we sent
  // the DPD vendor ID), we just never ask.
  bool send_probes = true;
};

class Dpd {
 public:
  Dpd(DpdConfig config, std::uint32_t first_sequence, TimePoint established);

  // Any authenticated IKE message or decrypted ESP packet from the peer proves it alive.
  void inbound(TimePoint now);
  // ESP sent to the peer (on-demand mode probes only when there is such traffic).
  void outbound(TimePoint now);

  struct Step {
    std::optional<std::uint32_t> send;  // send R-U-THERE with this sequence number
    bool retransmission = false;
    bool peer_dead = false;             // once: remove the SAs
  };
  Step poll(TimePoint now);
  // When poll() next has something to do; TimePoint::max() when only traffic can wake it.
  TimePoint next_deadline() const;

  // An R-U-THERE-ACK arrived; false (and nothing changes) if it does not echo the probe.
  bool acknowledge(std::uint32_t sequence, TimePoint now);
  // The peer's R-U-THERE; true when it should be answered.
  bool accept_probe(std::uint32_t sequence, TimePoint now);
  // SSO takeover (issue 7): the peer's last R-U-THERE number the old active accepted, so the
  // new active answers the peer's next probes and still refuses numbers that go back
  // (RFC 3706 §7). No margin: the peer's own next numbers are above it whatever the old
  // active saw last.
  void restore_peer_sequence(std::uint32_t sequence) { peer_sequence_ = sequence; }

  bool dead() const { return dead_; }
  bool probe_outstanding() const { return outstanding_.has_value(); }
  // SSO replicates these (PROTOCOLS.md §2.5).
  std::uint32_t next_sequence() const { return next_sequence_; }
  std::optional<std::uint32_t> peer_sequence() const { return peer_sequence_; }

 private:
  struct Outstanding {
    std::uint32_t sequence;
    TimePoint last_sent;
    unsigned retransmissions;
  };
  TimePoint next_probe_at() const;

  DpdConfig config_;
  std::uint32_t next_sequence_;
  std::optional<std::uint32_t> peer_sequence_;
  TimePoint last_inbound_;
  std::optional<TimePoint> last_outbound_;
  TimePoint last_probe_started_;
  std::optional<Outstanding> outstanding_;
  bool dead_ = false;
};

// RFC 3706 §7: protocol ISAKMP, SPI = CKY-I | CKY-R, data = 32-bit sequence number.
NotificationPayload r_u_there(const IkeSa& sa, std::uint32_t sequence);
NotificationPayload r_u_there_ack(const IkeSa& sa, std::uint32_t sequence);
// The sequence number of a well-formed DPD notification for this SA, else nullopt.
std::optional<std::uint32_t> dpd_sequence(const IkeSa& sa, const NotificationPayload& n);

}  // namespace havpnc::ike
