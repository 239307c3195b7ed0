#pragma once
// The process's one usrsctp instance, driven from the Asio io_context.
//
// usrsctp keeps a single global stack per process. havpnc starts it with
// usrsctp_init_nothreads (no timer or receive threads: measured here, it opens no socket of
// its own in that mode) and uses AF_CONN: usrsctp hands each outgoing SCTP packet to a
// callback, and havpnc puts it into a UDP datagram from an Asio socket it owns. An SCTP
// packet as the UDP payload is exactly RFC 6951 §5 encapsulation. So one thread, one event
// loop, no locks shared with usrsctp threads, and the UDP port is the association's own
// (so several associations could share one process, unlike usrsctp's built-in tunneling,
// which allows one encapsulation port per process).
//
// Timers: usrsctp_handle_timers(elapsed ms) on a 10 ms steady_timer tick — the granularity
// of usrsctp's own timer thread — while at least one association exists.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <set>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

namespace havpnc::sctp {

// What usrsctp calls back into: one per association (its AF_CONN address).
class UsrsctpLink {
 public:
  virtual ~UsrsctpLink() = default;
  virtual void output_packet(const void* data, std::size_t length) = 0;
};

class UsrsctpStack : public std::enable_shared_from_this<UsrsctpStack> {
 public:
  // The first caller initialises usrsctp on its io_context; later callers share it and must
  // pass the same io_context (std::invalid_argument otherwise). The last owner's release
  // shuts usrsctp down; a later acquire starts it again.
  static std::shared_ptr<UsrsctpStack> acquire(boost::asio::io_context& io);
  ~UsrsctpStack();

  boost::asio::io_context& io() { return io_; }

  // How regularly the event loop let usrsctp's clock advance: a tick that comes late means
  // SCTP timers (T3-rtx, delayed SACK, heartbeat) fire late by as much.
  struct TickStats {
    std::uint64_t ticks = 0;
    std::chrono::microseconds max_gap{0};
    std::uint64_t late_ticks = 0;  // gap of 3 ticks or more
  };
  TickStats tick_stats() const { return tick_stats_; }

  // usrsctp's own counters for this process (all its associations), for tests and benches
  // that must tell a needed retransmission from a spurious timer.
  struct Statistics {
    std::uint64_t t3_expiries = 0;          // T3-rtx timer expiries (sctps_timodata)
    std::uint64_t marked_for_resend = 0;    // DATA chunks marked for retransmission
    std::uint64_t duplicates_received = 0;  // DATA chunks that arrived twice (a resend not needed)
    std::uint64_t data_chunks_sent = 0;     // including retransmissions
    std::uint64_t sacks_received = 0;
  };
  static Statistics statistics();
  void add_link(UsrsctpLink* link);     // also usrsctp_register_address
  void remove_link(UsrsctpLink* link);  // after it, usrsctp output for `link` is dropped

  UsrsctpStack(const UsrsctpStack&) = delete;
  UsrsctpStack& operator=(const UsrsctpStack&) = delete;

 private:
  explicit UsrsctpStack(boost::asio::io_context& io);
  void arm_tick();
  static int conn_output(void* addr, void* buffer, std::size_t length, std::uint8_t tos,
                         std::uint8_t set_df);

  boost::asio::io_context& io_;
  boost::asio::steady_timer tick_;
  std::chrono::steady_clock::time_point last_tick_;
  std::uint32_t carry_us_ = 0;
  TickStats tick_stats_;  // sub-millisecond remainder, so no time is lost between ticks
};

}  // namespace havpnc::sctp
