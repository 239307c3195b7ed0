#pragma once
// The SSO association over usrsctp (userspace SCTP), UDP-encapsulated (RFC 6951) on an Asio
// UDP socket bound to local-ip:local-port and talking to remote-ip:remote-port. See
// usrsctp_stack.h for why usrsctp runs without threads inside the io_context. The lifecycle
// (up/down, queue, counters, reconnecting) is StackAssociation's; this file is the socket calls.
//
// usrsctp's AF_CONN carries one address per association, so this backend uses the first
// local-ip and remote-ip; multi-homing needs the kernel backend.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include <boost/asio/ip/udp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "runtime/sctp/stack_association.h"
#include "runtime/sctp/usrsctp_stack.h"

struct socket;  // usrsctp's

namespace havpnc::sctp {

class UsrsctpAssociation final : public StackAssociation, private UsrsctpLink {
 public:
  // `jitter` feeds the reconnect backoff (see backoff.h).
  UsrsctpAssociation(boost::asio::io_context& io, Parameters parameters,
                     AssociationHandler& handler, LogSink log, BackoffConfig backoff,
                     std::function<std::uint32_t()> jitter);
  ~UsrsctpAssociation() override;

  std::optional<std::string> start() override;
  std::string_view backend() const override { return "usrsctp"; }

  std::uint16_t udp_port() const;  // the bound local UDP port
  // What the stack holds for the live association, read back with getsockopt: proof that
  // the IOS timers reached it. nullopt while no association is open.
  std::optional<StackOptions> applied_options() const;

 private:
  void open_connection() override;
  void close_connection(bool abort) override;
  Transmit transmit(Stream stream, std::span<const std::uint8_t> message, bool sack_now,
                    std::string& error) override;
  void prioritize_updates() override;
  void measure_path() override;
  void close_listener() override;

  void output_packet(const void* data, std::size_t length) override;
  UsrsctpLink* link() { return this; }
  void receive_datagram();
  void size_receive_window();
  std::optional<std::string> configure(struct socket* so);
  static void upcall(struct socket* so, void* arg, int flags);
  void schedule_pump();
  void pump();
  void accept_pending();
  void read_pending();
  struct PathTimes {
    std::uint32_t rto_ms, srtt_ms;
  };
  void probe_path(std::uint64_t generation, int probes_left, PathTimes best, int stalls);
  std::optional<PathTimes> path_times() const;

  std::shared_ptr<UsrsctpStack> stack_;
  boost::asio::ip::udp::socket udp_;
  boost::asio::ip::udp::endpoint remote_udp_, from_;
  std::vector<std::uint8_t> datagram_;
  int receive_window_bytes_ = 64 * 1024;

  struct socket* listener_ = nullptr;
  struct socket* connection_ = nullptr;
  std::uint64_t connection_generation_ = 0;  // changes whenever connection_ is replaced
  bool started_ = false;
  bool pump_pending_ = false;
  boost::asio::steady_timer probe_timer_;
  std::vector<std::uint8_t> read_buffer_;
};

}  // namespace havpnc::sctp
