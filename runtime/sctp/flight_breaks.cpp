#include "runtime/sctp/flight_breaks.h"

namespace havpnc::sctp {

FlightBreaks::Verdict FlightBreaks::may_send(Stream stream, TimePoint now) {
  if (limit_ <= Duration::zero() || stream == Stream::Update) return Verdict::Send;
  if (hold_until_) {
    if (now < *hold_until_) return Verdict::Hold;
    ++gave_up_;
    hold_until_.reset();
    burst_start_ = now;
    return Verdict::Send;
  }
  if (burst_start_ && now - *burst_start_ >= limit_) return Verdict::SendLast;
  return Verdict::Send;
}

void FlightBreaks::sent(Verdict verdict, TimePoint now) {
  if (!burst_start_) burst_start_ = now;
  // The hold begins only once the message asking for an immediate SACK is with the stack: a
  // stack that refused it (send buffer full) gets it offered again.
  if (verdict == Verdict::SendLast && !hold_until_) {
    ++breaks_;
    hold_until_ = now + limit_;
  }
}

void FlightBreaks::sender_dry() {
  burst_start_.reset();
  hold_until_.reset();
}

void FlightBreaks::reset() { sender_dry(); }

}  // namespace havpnc::sctp
