#pragma once
// What the usrsctp and kernel backends share around their sockets: it runs the sans-IO
// AssociationLifecycle on the io_context (reconnect timer, posted on_drained, the handler
// calls), hands the send queue to the stack, and turns what the stack reads into whole
// messages and notifications. A backend implements only the socket calls below.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "runtime/sctp/association.h"
#include "runtime/sctp/flight_breaks.h"
#include "runtime/sctp/lifecycle.h"
#include "runtime/sctp/notification.h"
#include "runtime/sctp/reassembly.h"

namespace havpnc::sctp {

// "what: strerror(errno)", for a socket call that failed just now.
std::string errno_text(const char* what);

class StackAssociation : public Association {
 public:
  ~StackAssociation() override = default;

  void stop() override;
  SendResult send(Stream stream, std::span<const std::uint8_t> message) override;
  bool is_up() const override { return lifecycle_.is_up(); }
  QueueInfo queued() const override { return lifecycle_.queued(); }
  const AssociationCounters& counters() const override { return lifecycle_.counters(); }
  Role role() const { return lifecycle_.role(); }

 protected:
  StackAssociation(boost::asio::io_context& io, const Parameters& parameters,
                   AssociationHandler& handler, LogSink log, BackoffConfig backoff,
                   std::function<std::uint32_t()> jitter, NotificationConstants constants,
                   Duration flight_break_after);

  // ---- the socket calls a backend provides ----------------------------------------------
  // Open a socket, bind, send INIT; then connection_opened() or connect_failed().
  virtual void open_connection() = 0;
  virtual void close_connection(bool abort) = 0;
  enum class Transmit { Sent, WouldBlock, Failed };
  // Hand one whole message to the stack (non-blocking). WouldBlock: the backend calls flush()
  // once the stack has room again. Failed: `error` says why. `sack_now`: nothing follows it
  // for a while, ask the peer to SACK at once (RFC 7053 I bit) where the stack can.
  virtual Transmit transmit(Stream stream, std::span<const std::uint8_t> message, bool sack_now,
                            std::string& error) = 0;
  virtual void prioritize_updates() = 0;
  // Once up: correct the path's RTO if the handshake's RTT sample was wrong (the usrsctp backend;
  // see UsrsctpAssociation::measure_path). Dead-peer detection runs on that RTO.
  virtual void measure_path() {}
  virtual void close_listener() = 0;

  // ---- what a backend reports -----------------------------------------------------------
  // After binding (and listening): logs START with `where`, connects if this end initiates.
  void begin(Role role, const std::string& where);
  void connection_opened() { lifecycle_.connection_opened(); }
  void connect_failed(const std::string& detail);
  void accepted_while_connected();
  // One read from the association's socket: a piece of a message or of a notification.
  void received(std::span<const std::uint8_t> piece, bool notification, bool end_of_record,
                std::optional<std::uint16_t> stream_id);
  void socket_failed(const std::string& detail);
  void end_of_stream();
  void option_refused(const std::string& detail);
  // A record of the backend's own (%SCTP-SEV-MNEMONIC: text).
  void note(Severity severity, std::string mnemonic, std::string text) {
    if (log_) log_(LogRecord{"SCTP", severity, std::move(mnemonic), std::move(text)});
  }
  // The stack will not report SENDER_DRY: never hold bulk waiting for it.
  void disable_flight_breaks() { breaks_ = FlightBreaks(Duration::zero()); }
  // Hand the send queue to the stack while it takes messages.
  void flush();
  // Carry out what the lifecycle asked for. Re-entrant calls (a handler that calls send()
  // or stop() from on_down) only queue: the outer loop carries them out in order.
  void run_actions();
  // The stack's bytes-in-flight bookkeeping keeps its own socket buffers; these are ours.
  void clear_reassembly() { assembler_.clear(); }

  AssociationLifecycle& lifecycle() { return lifecycle_; }
  const AssociationLifecycle& lifecycle() const { return lifecycle_; }
  const Parameters& parameters() const { return lifecycle_.parameters(); }
  const StackOptions& options() const { return lifecycle_.options(); }
  AssociationCounters& mutable_counters() { return lifecycle_.counters(); }
  boost::asio::io_context& io() { return io_; }
  // Posted work and async waits hold a weak_ptr to this and do nothing once it expired.
  std::weak_ptr<int> alive() const { return alive_; }

 private:
  void execute(LifecycleAction& action);
  // One event into the lifecycle at the current time, then its actions carried out.
  template <typename Event>
  void react(Event&& event) {
    event(lifecycle_, Clock::now());
    run_actions();
  }

  boost::asio::io_context& io_;
  AssociationHandler& handler_;
  LogSink log_;
  AssociationLifecycle lifecycle_;
  NotificationConstants constants_;
  MessageAssembler assembler_;
  boost::asio::steady_timer reconnect_timer_;
  FlightBreaks breaks_;
  boost::asio::steady_timer resume_timer_;  // a hold that SENDER_DRY did not end
  bool running_actions_ = false;
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);
};

}  // namespace havpnc::sctp
