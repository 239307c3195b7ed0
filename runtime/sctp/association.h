#pragma once
// The SSO transport: one SCTP association to the peer router, whichever stack carries it.
//
// Message-preserving (one send = one on_message at the peer), ordered per stream, reliable
// while the association lives. Events arrive on the io_context thread that runs the backend;
// the handler may call send() from inside any event.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "runtime/core/log_record.h"
#include "runtime/sctp/send_queue.h"
#include "runtime/sctp/stream.h"

namespace havpnc::sctp {

struct UpEvent {
  std::uint16_t outbound_streams = 0;  // negotiated in INIT/INIT ACK (RFC 4960 §5.1.1)
  std::uint16_t inbound_streams = 0;
  bool restart = false;                // the peer restarted (RFC 4960 §5.2.2): its state is gone
};

enum class DownReason {
  RetransmissionLimit,  // COMM_LOST: Association.Max.Retrans exceeded (RFC 4960 §8.1)
  PeerAborted,          // an ABORT arrived (COMM_LOST with the peer's abort)
  PeerShutdown,         // graceful SHUTDOWN from the peer (SHUTDOWN_COMP)
  CannotStart,          // INIT not answered within Max.Init.Retransmits, or refused
  PeerRestarted,        // the peer came back with new state (reported before the new up)
  LocalError,           // the stack refused an operation; `detail` says which
  Stopped,              // stop() was called
};

std::string_view to_string(DownReason reason);

struct DownEvent {
  DownReason reason = DownReason::LocalError;
  std::string detail;  // stack error text; never message contents
};

class AssociationHandler {
 public:
  virtual ~AssociationHandler() = default;
  virtual void on_up(const UpEvent& event) = 0;
  virtual void on_down(const DownEvent& event) = 0;
  virtual void on_message(Stream stream, std::span<const std::uint8_t> message) = 0;
  // The send queue emptied (everything is in the stack's hands): bulk sync may feed more.
  // Always called from the io_context, never from inside send().
  virtual void on_drained() {}
};

using LogSink = std::function<void(const LogRecord&)>;

struct AssociationCounters {
  std::uint64_t messages_sent = 0, bytes_sent = 0;
  std::uint64_t messages_received = 0, bytes_received = 0;
  std::uint64_t ups = 0, downs = 0, connect_attempts = 0;
  std::uint64_t foreign_datagrams = 0;   // UDP from an address other than the peer's (dropped)
  std::uint64_t unknown_stream_messages = 0;  // a stream id havpnc does not use (dropped)
  std::uint64_t truncated_messages = 0;  // larger than the receive limit (dropped)
  std::uint64_t datagrams_not_sent = 0;  // usrsctp: UDP send refused (SCTP retransmits)
  std::uint64_t flight_breaks = 0;  // usrsctp: bulk held until all was acked (flight_breaks.h)
  std::uint64_t path_probes = 0;    // usrsctp: HEARTBEATs demanded after up (measure_path)
};

class Association {
 public:
  virtual ~Association() = default;
  // Bind, then connect or listen (see role.h); reconnects with backoff until stop().
  // Returns the reason when the association cannot even begin (address not local, port in
  // use): a configuration problem the operator must fix, not something to retry.
  virtual std::optional<std::string> start() = 0;
  virtual void stop() = 0;
  virtual SendResult send(Stream stream, std::span<const std::uint8_t> message) = 0;
  virtual bool is_up() const = 0;
  virtual QueueInfo queued() const = 0;
  virtual const AssociationCounters& counters() const = 0;
  virtual std::string_view backend() const = 0;  // "usrsctp" or "kernel"
};

}  // namespace havpnc::sctp
