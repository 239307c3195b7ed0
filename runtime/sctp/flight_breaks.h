#pragma once
// Breaks in the flight of bulk data, so usrsctp's T3-rtx timer stops before it can expire.
//
// Why: RFC 4960 §6.3.2 R3 restarts T3-rtx whenever a SACK acknowledges the earliest
// outstanding TSN. usrsctp 0.9.5 does not: its SACK handling starts T3-rtx only if it is not
// already running, and stops it only when nothing is in flight. Measured here
// (bench_sctp_throughput, seed timers, loopback): during bulk sync T3 expired every 580-660 ms
// (RTO.min 300 ms, doubled by the previous expiry), with 1,488-2,925 SACKs arriving in the
// 300 ms before each expiry and no DATA ever retransmitted or duplicated. Each expiry still
// counts against Path.Max.Retrans, halves ssthresh and drops cwnd to one MTU (RFC 4960 §7.2.3).
//
// So once bulk has been in flight for a third of RTO.min (the usrsctp backend's choice), send one more message with the
// SACK-IMMEDIATELY bit (RFC 7053: else the peer may delay the SACK for the last packet by up
// to 200 ms, RFC 4960 §6.2, past the T3 deadline), hold further bulk back until the stack
// reports everything acknowledged (SCTP_SENDER_DRY_EVENT, RFC 6458 §6.1.9), which stops the
// timer, then resume. Updates are never held (small, urgent). If no SENDER_DRY comes within
// another such third, resume anyway: a missed T3 is better than a stalled bulk sync.
// Sans-IO: the backend asks, reports what it handed over and what the stack said.
#include <cstdint>
#include <optional>

#include "runtime/core/time.h"
#include "runtime/sctp/stream.h"

namespace havpnc::sctp {

class FlightBreaks {
 public:
  // `burst_limit` zero: never hold anything (a stack that follows R3, e.g. Linux).
  explicit FlightBreaks(Duration burst_limit) : limit_(burst_limit) {}

  enum class Verdict {
    Send,
    SendLast,  // send it with SACK-IMMEDIATELY; the bulk after it waits for SENDER_DRY
    Hold,
  };
  Verdict may_send(Stream stream, TimePoint now);
  void sent(Verdict verdict, TimePoint now);  // the stack took the message may_send() judged
  void sender_dry();          // the stack has nothing in flight or queued
  void reset();               // a new association (or none)
  // While holding: when to give up waiting for SENDER_DRY and call may_send() again.
  std::optional<TimePoint> resume_at() const { return hold_until_; }

  std::uint64_t breaks() const { return breaks_; }       // holds begun
  std::uint64_t gave_up() const { return gave_up_; }     // holds that ended without SENDER_DRY

 private:
  Duration limit_;
  std::optional<TimePoint> burst_start_, hold_until_;
  std::uint64_t breaks_ = 0, gave_up_ = 0;
};

}  // namespace havpnc::sctp
