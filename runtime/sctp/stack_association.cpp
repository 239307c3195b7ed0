#include "runtime/sctp/stack_association.h"

#include <cerrno>
#include <cstring>
#include <type_traits>
#include <utility>

#include <boost/asio/post.hpp>

namespace havpnc::sctp {

namespace asio = boost::asio;

std::string errno_text(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

StackAssociation::StackAssociation(asio::io_context& io, const Parameters& parameters,
                                   AssociationHandler& handler, LogSink log,
                                   BackoffConfig backoff, std::function<std::uint32_t()> jitter,
                                   NotificationConstants constants,
                                   Duration flight_break_after)
    : io_(io),
      handler_(handler),
      log_(std::move(log)),
      lifecycle_(parameters, backoff, std::move(jitter)),
      constants_(constants),
      assembler_(parameters.max_message_bytes),
      reconnect_timer_(io),
      breaks_(flight_break_after),
      resume_timer_(io) {}

void StackAssociation::begin(Role role, const std::string& where) {
  react([&](AssociationLifecycle& l, TimePoint now) { l.start(role, where, now); });
}

void StackAssociation::stop() {
  react([](AssociationLifecycle& l, TimePoint) { l.stop(); });
  close_listener();
}

void StackAssociation::connect_failed(const std::string& detail) {
  react([&](AssociationLifecycle& l, TimePoint now) { l.connect_failed(detail, now); });
}

void StackAssociation::accepted_while_connected() {
  react([](AssociationLifecycle& l, TimePoint now) { l.accepted_while_connected(now); });
}

void StackAssociation::socket_failed(const std::string& detail) {
  react([&](AssociationLifecycle& l, TimePoint now) { l.socket_failed(detail, now); });
}

void StackAssociation::end_of_stream() {
  react([](AssociationLifecycle& l, TimePoint now) { l.end_of_stream(now); });
}

void StackAssociation::option_refused(const std::string& detail) {
  react([&](AssociationLifecycle& l, TimePoint) { l.option_refused(detail); });
}

void StackAssociation::received(std::span<const std::uint8_t> piece, bool notification,
                                bool end_of_record, std::optional<std::uint16_t> stream_id) {
  switch (assembler_.feed(piece, notification, end_of_record)) {
    case MessageAssembler::Result::Partial:
    case MessageAssembler::Result::Dropped:
      return;
    case MessageAssembler::Result::Truncated:
      lifecycle_.truncated();
      return;
    case MessageAssembler::Result::Notification: {
      const auto bytes = assembler_.take();
      const auto n = decode_notification(bytes, constants_);
      if (n && n->kind == Notification::Kind::SenderDry) {
        // Everything acknowledged: the stack's T3-rtx timer is stopped, bulk may go on.
        breaks_.sender_dry();
        flush();
      } else if (n) {
        react([&](AssociationLifecycle& l, TimePoint now) { l.notification(*n, now); });
      }
      return;
    }
    case MessageAssembler::Result::Message: {
      const auto message = assembler_.take();
      if (const auto stream = lifecycle_.received(stream_id, message.size()))
        handler_.on_message(*stream, message);
      return;
    }
  }
}

SendResult StackAssociation::send(Stream stream, std::span<const std::uint8_t> message) {
  const auto result = lifecycle_.send(stream, message);
  if (result == SendResult::Queued) flush();
  return result;
}

void StackAssociation::flush() {
  const auto epoch = lifecycle_.epoch();
  while (lifecycle_.has_pending()) {
    const auto item = lifecycle_.next();
    const auto now = Clock::now();
    const auto verdict = breaks_.may_send(item.stream, now);
    if (verdict == FlightBreaks::Verdict::Hold) {
      mutable_counters().flight_breaks = breaks_.breaks();
      if (const auto resume = breaks_.resume_at()) {
        resume_timer_.expires_at(*resume);
        resume_timer_.async_wait([this, alive = std::weak_ptr<int>(alive_)](const boost::system::error_code& ec) {
          if (!ec && !alive.expired()) flush();
        });
      }
      return;
    }
    std::string error;
    // The last message before a pause: a delayed SACK (up to 200 ms, RFC 4960 §6.2) for it
    // would outlast a small RTO.min and expire T3-rtx for nothing.
    const bool sack_now =
        verdict == FlightBreaks::Verdict::SendLast || lifecycle_.queued().messages() == 1;
    const auto result = transmit(item.stream, item.bytes, sack_now, error);
    if (result == Transmit::WouldBlock) return;
    if (result == Transmit::Failed) {
      socket_failed(error);
      return;
    }
    lifecycle_.sent();
    breaks_.sent(verdict, now);
  }
  if (lifecycle_.epoch() == epoch && lifecycle_.take_drained()) {
    asio::post(io_, [this, epoch, alive = std::weak_ptr<int>(alive_)] {
      if (alive.expired() || !lifecycle_.drained_still_due(epoch)) return;
      handler_.on_drained();
    });
  }
}

void StackAssociation::run_actions() {
  if (running_actions_) return;
  running_actions_ = true;
  while (auto action = lifecycle_.pop_action()) execute(*action);
  running_actions_ = false;
}

void StackAssociation::execute(LifecycleAction& action) {
  std::visit(
      [this](auto& a) {
        using A = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<A, Connect>) {
          if (!lifecycle_.stopping()) open_connection();
        } else if constexpr (std::is_same_v<A, CloseConnection>) {
          assembler_.clear();
          close_connection(a.abort);
        } else if constexpr (std::is_same_v<A, ArmReconnect>) {
          if (lifecycle_.stopping()) return;
          reconnect_timer_.expires_at(a.deadline);
          reconnect_timer_.async_wait(
              [this, alive = std::weak_ptr<int>(alive_)](const boost::system::error_code& ec) {
                if (ec || alive.expired()) return;
                react([](AssociationLifecycle& l, TimePoint now) { l.reconnect_due(now); });
              });
        } else if constexpr (std::is_same_v<A, CancelReconnect>) {
          reconnect_timer_.cancel();
        } else if constexpr (std::is_same_v<A, PrioritizeUpdates>) {
          prioritize_updates();
          measure_path();
        } else if constexpr (std::is_same_v<A, NotifyUp>) {
          breaks_.reset();
          handler_.on_up(a.event);
        } else if constexpr (std::is_same_v<A, NotifyDown>) {
          breaks_.reset();
          handler_.on_down(a.event);
        } else if constexpr (std::is_same_v<A, LogRecord>) {
          if (log_) log_(a);
        }
      },
      action);
}

}  // namespace havpnc::sctp
