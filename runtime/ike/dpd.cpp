#include "runtime/ike/dpd.h"

#include "runtime/ike/informational.h"
#include "runtime/ike/ipsec_proposal.h"

namespace havpnc::ike {

Dpd::Dpd(DpdConfig config, std::uint32_t first_sequence, TimePoint established)
    : config_(config),
      next_sequence_(first_sequence),
      last_inbound_(established),
      last_probe_started_(established) {}

void Dpd::inbound(TimePoint now) {
  if (now > last_inbound_) last_inbound_ = now;
}

void Dpd::outbound(TimePoint now) {
  if (!last_outbound_ || now > *last_outbound_) last_outbound_ = now;
}

TimePoint Dpd::next_probe_at() const {
  if (!config_.send_probes) return TimePoint::max();
  if (config_.mode == DpdMode::Periodic) return last_probe_started_ + config_.interval;
  // On-demand: only traffic sent after the last sign of life asks for a probe.
  if (!last_outbound_ || *last_outbound_ <= last_inbound_) return TimePoint::max();
  return last_inbound_ + config_.interval;
}

TimePoint Dpd::next_deadline() const {
  if (dead_) return TimePoint::max();
  if (outstanding_) return outstanding_->last_sent + config_.retry;
  return next_probe_at();
}

Dpd::Step Dpd::poll(TimePoint now) {
  Step step;
  if (dead_) return step;
  if (outstanding_) {
    if (now < outstanding_->last_sent + config_.retry) return step;
    if (outstanding_->retransmissions >= config_.max_retransmissions) {
      dead_ = true;
      outstanding_.reset();
      step.peer_dead = true;
      return step;
    }
    ++outstanding_->retransmissions;
    outstanding_->last_sent = now;
    step.send = outstanding_->sequence;
    step.retransmission = true;
    return step;
  }
  if (now < next_probe_at()) return step;
  outstanding_ = Outstanding{next_sequence_++, now, 0};
  last_probe_started_ = now;
  step.send = outstanding_->sequence;
  return step;
}

bool Dpd::acknowledge(std::uint32_t sequence, TimePoint now) {
  if (dead_ || !outstanding_ || outstanding_->sequence != sequence) return false;
  outstanding_.reset();
  inbound(now);
  return true;
}

bool Dpd::accept_probe(std::uint32_t sequence, TimePoint now) {
  // Serial-number comparison (RFC 1982 style): equal is a retransmission, ahead is new.
  if (peer_sequence_ && static_cast<std::int32_t>(sequence - *peer_sequence_) < 0) return false;
  peer_sequence_ = sequence;
  inbound(now);
  return true;
}

NotificationPayload r_u_there(const IkeSa& sa, std::uint32_t sequence) {
  return isakmp_notification(sa, NotifyType::RUThere, spi_bytes(sequence));
}

NotificationPayload r_u_there_ack(const IkeSa& sa, std::uint32_t sequence) {
  return isakmp_notification(sa, NotifyType::RUThereAck, spi_bytes(sequence));
}

std::optional<std::uint32_t> dpd_sequence(const IkeSa& sa, const NotificationPayload& n) {
  bool dpd = n.type == static_cast<std::uint16_t>(NotifyType::RUThere) ||
             n.type == static_cast<std::uint16_t>(NotifyType::RUThereAck);
  if (!dpd || n.protocol != static_cast<std::uint8_t>(ProtocolId::Isakmp) || n.data.size() != 4)
    return std::nullopt;
  if (n.spi != concat({sa.initiator_cookie, sa.responder_cookie})) return std::nullopt;
  return spi_value(n.data);
}

}  // namespace havpnc::ike
