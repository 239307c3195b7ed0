#include "runtime/sctp/lifecycle.h"

#include <utility>

namespace havpnc::sctp {

AssociationLifecycle::AssociationLifecycle(const Parameters& parameters, BackoffConfig backoff,
                                           std::function<std::uint32_t()> jitter)
    : parameters_(parameters),
      options_(stack_options(parameters_)),
      backoff_(backoff, std::move(jitter)),
      queue_(parameters_.max_queued_bytes, parameters_.max_message_bytes) {}

std::string AssociationLifecycle::name() const {
  return "association " + std::to_string(parameters_.association_id);
}

void AssociationLifecycle::log(Severity severity, std::string mnemonic, std::string text) {
  actions_.push_back(LogRecord{"SCTP", severity, std::move(mnemonic), std::move(text)});
}

void AssociationLifecycle::start(Role role, const std::string& where, TimePoint now) {
  (void)now;
  if (started_ || stopping_) return;
  started_ = true;
  role_ = role;
  // The operator's `retransmit-timeout`, `path-retransmit` and `assoc-retransmit` as the stack
  // got them (RFC 4960 §15 RTO.Min/RTO.Max, Path.Max.Retrans, Association.Max.Retrans).
  log(Severity::Informational, "START",
      name() + " backend " + where + ", " + std::string(to_string(role_)) + ", RTO " +
          std::to_string(options_.rto_min_ms) + "-" + std::to_string(options_.rto_max_ms) +
          " ms, path-retransmit " + std::to_string(options_.path_max_retrans) +
          ", assoc-retransmit " + std::to_string(options_.assoc_max_retrans));
  if (role_ == Role::Initiator) {
    ++counters_.connect_attempts;
    actions_.push_back(Connect{});
  }
}

void AssociationLifecycle::stop() {
  if (stopping_) return;
  stopping_ = true;
  actions_.push_back(CancelReconnect{});
  const bool was_up = up_;
  up_ = false;
  queue_.clear();
  drained_pending_ = false;
  // ABORT rather than SHUTDOWN: the peer learns at once, and nothing of ours outlives stop().
  if (connected_) actions_.push_back(CloseConnection{true});
  connected_ = false;
  if (was_up) {
    ++epoch_;
    actions_.push_back(NotifyDown{DownEvent{DownReason::Stopped, {}}});
  }
}

void AssociationLifecycle::reconnect_due(TimePoint now) {
  (void)now;
  if (stopping_ || role_ != Role::Initiator || connected_) return;
  ++counters_.connect_attempts;
  actions_.push_back(Connect{});
}

void AssociationLifecycle::connect_failed(const std::string& detail, TimePoint now) {
  connected_ = false;
  if (stopping_) return;
  log(Severity::Error, "CONNECT", detail);
  schedule_reconnect(now);
}

void AssociationLifecycle::schedule_reconnect(TimePoint now) {
  if (stopping_ || role_ != Role::Initiator) return;
  const auto delay = backoff_.next_delay();
  log(Severity::Informational, "RECONNECT",
      name() + " attempt " + std::to_string(backoff_.attempts() + 1) + " in " +
          std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(delay).count()) +
          " ms");
  actions_.push_back(ArmReconnect{now + delay});
}

void AssociationLifecycle::accepted_while_connected(TimePoint now) {
  if (!connected_) return;
  const bool was_up = up_;
  actions_.push_back(CloseConnection{true});
  connected_ = false;
  if (was_up) ended(DownReason::PeerRestarted, "new association accepted", now);
}

void AssociationLifecycle::notification(const Notification& n, TimePoint now) {
  if (!connected_) return;  // about a socket already closed
  if (n.kind == Notification::Kind::PeerShutdown) {
    ended(DownReason::PeerShutdown, "SHUTDOWN received", now);
    return;
  }
  if (n.kind != Notification::Kind::AssocChange) return;
  switch (n.state) {
    case AssocState::CommUp:
      go_up(n.outbound_streams, n.inbound_streams, false, now);
      break;
    case AssocState::Restart:
      // RFC 4960 §5.2.2: the peer lost its state; whatever we replicated to it is gone, but
      // the same socket carries the restarted association.
      if (up_) report_down(DownReason::PeerRestarted, "association restart");
      go_up(n.outbound_streams, n.inbound_streams, true, now);
      break;
    case AssocState::CommLost:
      ended(n.abort_chunk ? DownReason::PeerAborted : DownReason::RetransmissionLimit,
            "COMM_LOST error " + std::to_string(n.error), now);
      break;
    case AssocState::ShutdownComplete:
      ended(DownReason::PeerShutdown, "SHUTDOWN_COMP", now);
      break;
    case AssocState::CannotStart:
      ended(DownReason::CannotStart, n.abort_chunk ? "INIT answered by ABORT" : "INIT not answered",
            now);
      break;
    case AssocState::Other:
      break;
  }
}

void AssociationLifecycle::socket_failed(const std::string& detail, TimePoint now) {
  if (!connected_) return;
  // A failed INIT series can also surface as a socket error before any notification.
  ended(up_ ? DownReason::LocalError : DownReason::CannotStart, detail, now);
}

void AssociationLifecycle::end_of_stream(TimePoint now) {
  if (!connected_) return;
  // The association is gone; a notification normally said why first.
  ended(DownReason::PeerShutdown, "end of stream", now);
}

void AssociationLifecycle::option_refused(const std::string& detail) {
  log(Severity::Warning, "OPTION", detail);
}

void AssociationLifecycle::go_up(std::uint16_t out_streams, std::uint16_t in_streams, bool restart,
                                 TimePoint now) {
  if (out_streams < kStreamCount || in_streams < kStreamCount) {
    // RFC 4960 §5.1.1: the peer may offer fewer streams than asked; havpnc needs both.
    ended(DownReason::LocalError,
          "peer negotiated " + std::to_string(out_streams) + "/" + std::to_string(in_streams) +
              " streams, need " + std::to_string(kStreamCount),
          now);
    return;
  }
  up_ = true;
  ++epoch_;
  backoff_.reset();
  ++counters_.ups;
  actions_.push_back(PrioritizeUpdates{});
  log(Severity::Notice, "ASSOC_UP",
      name() + " up, streams out " + std::to_string(out_streams) + " in " +
          std::to_string(in_streams) + (restart ? " (peer restarted)" : ""));
  actions_.push_back(NotifyUp{UpEvent{out_streams, in_streams, restart}});
}

// What was queued for the old peer is meaningless to the new one (RFC 4960 §5.2.2).
void AssociationLifecycle::report_down(DownReason reason, std::string detail) {
  up_ = false;
  ++epoch_;
  queue_.clear();
  drained_pending_ = false;
  ++counters_.downs;
  log(Severity::Notice, "ASSOC_DOWN",
      name() + " down: " + std::string(to_string(reason)) +
          (detail.empty() ? "" : " (" + detail + ")"));
  actions_.push_back(NotifyDown{DownEvent{reason, std::move(detail)}});
}

void AssociationLifecycle::ended(DownReason reason, std::string detail, TimePoint now) {
  if (connected_) actions_.push_back(CloseConnection{false});
  connected_ = false;
  if (up_) {
    report_down(reason, std::move(detail));
  } else {
    queue_.clear();
    drained_pending_ = false;
    log(Severity::Informational, "CONNECT",
        name() + " not established: " + std::string(to_string(reason)) +
            (detail.empty() ? "" : " (" + detail + ")"));
  }
  schedule_reconnect(now);
}

SendResult AssociationLifecycle::send(Stream stream, std::span<const std::uint8_t> message) {
  if (!up_) return SendResult::NotUp;
  const auto result = queue_.push(stream, message);
  if (result == SendResult::Queued) drained_pending_ = true;
  return result;
}

void AssociationLifecycle::sent() {
  if (queue_.empty()) return;
  const auto item = queue_.front();
  ++counters_.messages_sent;
  counters_.bytes_sent += item.bytes.size();
  queue_.pop();
}

bool AssociationLifecycle::take_drained() {
  if (!up_ || !queue_.empty() || !drained_pending_) return false;
  drained_pending_ = false;
  return true;
}

std::optional<Stream> AssociationLifecycle::received(std::optional<std::uint16_t> sid,
                                                     std::size_t bytes) {
  const auto stream = sid ? stream_from_id(*sid) : std::nullopt;
  if (!stream) {
    ++counters_.unknown_stream_messages;
    return std::nullopt;
  }
  ++counters_.messages_received;
  counters_.bytes_received += bytes;
  if (!up_) return std::nullopt;
  return stream;
}

std::optional<LifecycleAction> AssociationLifecycle::pop_action() {
  if (actions_.empty()) return std::nullopt;
  auto action = std::move(actions_.front());
  actions_.pop_front();
  return action;
}

std::deque<LifecycleAction> AssociationLifecycle::take_actions() {
  return std::exchange(actions_, {});
}

}  // namespace havpnc::sctp
