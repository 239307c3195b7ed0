#pragma once
// The association's life as both stacks live it, without a socket: up and down reporting, the
// send queue, counters, and reconnecting with backoff. Sans-IO: a backend feeds it what its
// stack said (notifications, socket results, timer expiries, `now`) and carries out the
// actions it returns; the usrsctp and kernel backends keep only their socket calls.
//
// Who connects is decided once (role.h): only the initiator reconnects; the listener waits for
// the initiator's next INIT.
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <variant>

#include "runtime/core/log_record.h"
#include "runtime/core/time.h"
#include "runtime/sctp/association.h"
#include "runtime/sctp/backoff.h"
#include "runtime/sctp/notification.h"
#include "runtime/sctp/parameters.h"
#include "runtime/sctp/role.h"
#include "runtime/sctp/send_queue.h"
#include "runtime/sctp/stack_options.h"

namespace havpnc::sctp {

// Open a socket and send an INIT. The backend answers with connection_opened() or
// connect_failed(); COMM_UP or CANT_STR_ASSOC follows as a notification.
struct Connect {};
// Drop the association's socket; `abort` sends ABORT (RFC 4960 §9.1) instead of nothing more.
struct CloseConnection {
  bool abort = false;
};
// (Re)arm the one reconnect timer; on expiry call reconnect_due().
struct ArmReconnect {
  TimePoint deadline;
};
struct CancelReconnect {};
// RFC 8260 priority scheduler values for the new association: updates before bulk.
struct PrioritizeUpdates {};
struct NotifyUp {
  UpEvent event;
};
struct NotifyDown {
  DownEvent event;
};

using LifecycleAction = std::variant<Connect, CloseConnection, ArmReconnect, CancelReconnect,
                                     PrioritizeUpdates, NotifyUp, NotifyDown, LogRecord>;

class AssociationLifecycle {
 public:
  AssociationLifecycle(const Parameters& parameters, BackoffConfig backoff,
                       std::function<std::uint32_t()> jitter);

  // ---- events from the backend ----------------------------------------------------------
  // The backend is bound (and listening, for a listener). `where` says which stack and which
  // endpoints, for the START log line; the mapping of the IOS timers is appended here so both
  // backends report it the same way.
  void start(Role role, const std::string& where, TimePoint now);
  // ABORT what is open and report Stopped if it was up; nothing reconnects afterwards.
  void stop();
  void reconnect_due(TimePoint now);
  void connect_failed(const std::string& detail, TimePoint now);
  // A socket now stands for the association (an INIT was sent, or one was accepted).
  void connection_opened() { connected_ = true; }
  // A listener accepted a new association while it still held one: the initiator restarted.
  void accepted_while_connected(TimePoint now);
  void notification(const Notification& n, TimePoint now);
  // A read or write on the association's socket failed (errno text in `detail`).
  void socket_failed(const std::string& detail, TimePoint now);
  void end_of_stream(TimePoint now);
  // A best-effort option the stack refused (the scheduler): worth a warning, not a failure.
  void option_refused(const std::string& detail);

  // ---- the data path --------------------------------------------------------------------
  SendResult send(Stream stream, std::span<const std::uint8_t> message);
  bool has_pending() const { return up_ && !queue_.empty(); }
  SendQueue::Item next() const { return queue_.front(); }  // precondition: has_pending()
  void sent();  // the stack took next()
  // True once each time the queue empties after sends: the backend posts on_drained (never
  // from inside send(), so a handler that feeds from on_drained cannot re-enter itself).
  bool take_drained();
  // Is a posted on_drained still meaningful when it runs? Same association, still up, empty.
  bool drained_still_due(std::uint64_t epoch) const {
    return up_ && epoch == epoch_ && queue_.empty();
  }
  // A whole user message arrived on stream id `sid` (nullopt: the stack did not say). Counts
  // it; returns the stream to deliver it on, or nullopt to drop it.
  std::optional<Stream> received(std::optional<std::uint16_t> sid, std::size_t bytes);
  void truncated() { ++counters_.truncated_messages; }

  // ---- what the backend carries out -----------------------------------------------------
  std::optional<LifecycleAction> pop_action();
  std::deque<LifecycleAction> take_actions();

  bool is_up() const { return up_; }
  bool connected() const { return connected_; }
  bool stopping() const { return stopping_; }
  Role role() const { return role_; }
  // Changes at every up and every down: work posted for one association must not run for
  // the next.
  std::uint64_t epoch() const { return epoch_; }
  QueueInfo queued() const { return queue_.info(); }
  const AssociationCounters& counters() const { return counters_; }
  AssociationCounters& counters() { return counters_; }
  const StackOptions& options() const { return options_; }
  const Parameters& parameters() const { return parameters_; }

 private:
  void go_up(std::uint16_t out_streams, std::uint16_t in_streams, bool restart, TimePoint now);
  void report_down(DownReason reason, std::string detail);
  void ended(DownReason reason, std::string detail, TimePoint now);
  void schedule_reconnect(TimePoint now);
  void log(Severity severity, std::string mnemonic, std::string text);
  std::string name() const;

  Parameters parameters_;
  StackOptions options_;
  ReconnectBackoff backoff_;
  SendQueue queue_;
  AssociationCounters counters_;
  std::deque<LifecycleAction> actions_;
  Role role_ = Role::Initiator;
  std::uint64_t epoch_ = 0;
  bool started_ = false, stopping_ = false, connected_ = false, up_ = false;
  bool drained_pending_ = false;  // the queue held something since the last on_drained
};

}  // namespace havpnc::sctp
