#pragma once
// An in-memory `ipc zone` association pair for tests: messages wait in the receiver's inbox
// until the test pumps them, so the test decides when records arrive (and can cut the link).
#include <deque>
#include <utility>
#include <vector>

#include "runtime/sctp/association.h"

namespace havpnc::sso::testing {

class FakeAssociation final : public sctp::Association {
 public:
  explicit FakeAssociation(sctp::AssociationHandler& handler) : handler_(&handler) {}

  std::optional<std::string> start() override { return std::nullopt; }
  void stop() override { up_ = false; }
  sctp::SendResult send(sctp::Stream stream, std::span<const std::uint8_t> message) override {
    if (!up_ || !peer_) return sctp::SendResult::NotUp;
    if (message.empty()) return sctp::SendResult::Empty;
    ++counters_.messages_sent;
    peer_->inbox_.emplace_back(stream, std::vector<std::uint8_t>(message.begin(), message.end()));
    return sctp::SendResult::Queued;
  }
  bool is_up() const override { return up_; }
  sctp::QueueInfo queued() const override { return {}; }
  const sctp::AssociationCounters& counters() const override { return counters_; }
  std::string_view backend() const override { return "in-memory"; }

  // Delivers one waiting message; false when none.
  bool deliver_one() {
    if (inbox_.empty()) return false;
    auto [stream, bytes] = std::move(inbox_.front());
    inbox_.pop_front();
    ++counters_.messages_received;
    handler_->on_message(stream, bytes);
    return true;
  }

  static void connect(FakeAssociation& a, FakeAssociation& b) {
    a.peer_ = &b;
    b.peer_ = &a;
    a.up_ = b.up_ = true;
    a.handler_->on_up({2, 2, false});
    b.handler_->on_up({2, 2, false});
  }
  static void cut(FakeAssociation& a, FakeAssociation& b) {
    a.up_ = b.up_ = false;
    a.inbox_.clear();
    b.inbox_.clear();
    a.handler_->on_down({sctp::DownReason::RetransmissionLimit, ""});
    b.handler_->on_down({sctp::DownReason::RetransmissionLimit, ""});
  }

 private:
  sctp::AssociationHandler* handler_;
  FakeAssociation* peer_ = nullptr;
  bool up_ = false;
  std::deque<std::pair<sctp::Stream, std::vector<std::uint8_t>>> inbox_;
  sctp::AssociationCounters counters_;
};

}  // namespace havpnc::sso::testing
