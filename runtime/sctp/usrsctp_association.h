#pragma once
// The SSO association over usrsctp (userspace SCTP), UDP-encapsulated (RFC 6951) on an Asio
// UDP socket bound to local-ip:local-port and talking to remote-ip:remote-port. See
// usrsctp_stack.h for why usrsctp runs without threads inside the io_context.
//
// usrsctp's AF_CONN carries one address per association, so this backend uses the first
// local-ip and remote-ip; multi-homing needs the kernel backend.
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include <boost/asio/ip/udp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "runtime/sctp/association.h"
#include "runtime/sctp/backoff.h"
#include "runtime/sctp/parameters.h"
#include "runtime/sctp/role.h"
#include "runtime/sctp/send_queue.h"
#include "runtime/sctp/stack_options.h"
#include "runtime/sctp/usrsctp_stack.h"

struct socket;  // usrsctp's

namespace havpnc::sctp {

class UsrsctpAssociation final : public Association, private UsrsctpLink {
 public:
  // `jitter` feeds the reconnect backoff (see backoff.h).
  UsrsctpAssociation(boost::asio::io_context& io, Parameters parameters,
                     AssociationHandler& handler, LogSink log, BackoffConfig backoff,
                     std::function<std::uint32_t()> jitter);
  ~UsrsctpAssociation() override;

  std::optional<std::string> start() override;
  void stop() override;
  SendResult send(Stream stream, std::span<const std::uint8_t> message) override;
  bool is_up() const override { return up_; }
  QueueInfo queued() const override { return queue_.info(); }
  const AssociationCounters& counters() const override { return counters_; }
  std::string_view backend() const override { return "usrsctp"; }

  Role role() const { return role_; }
  std::uint16_t udp_port() const;  // the bound local UDP port

 private:
  void output_packet(const void* data, std::size_t length) override;
  UsrsctpLink* link() { return this; }
  void receive_datagram();
  void size_receive_window();
  std::optional<std::string> configure(struct socket* so);
  void connect_now();
  void schedule_reconnect();
  static void upcall(struct socket* so, void* arg, int flags);
  void schedule_pump();
  void pump();
  void accept_pending();
  void read_pending();
  void on_notification();
  void go_up(std::uint16_t out_streams, std::uint16_t in_streams, bool restart);
  void report_down(DownReason reason, std::string detail);
  void association_ended(DownReason reason, std::string detail);
  void close_connection(bool abort);
  void flush();
  void log(Severity severity, std::string mnemonic, std::string text);

  boost::asio::io_context& io_;
  std::shared_ptr<UsrsctpStack> stack_;
  Parameters parameters_;
  StackOptions options_;
  AssociationHandler& handler_;
  LogSink log_;
  Role role_ = Role::Initiator;
  ReconnectBackoff backoff_;
  SendQueue queue_;
  AssociationCounters counters_;

  boost::asio::ip::udp::socket udp_;
  boost::asio::ip::udp::endpoint remote_udp_, from_;
  std::vector<std::uint8_t> datagram_;
  int receive_window_bytes_ = 64 * 1024;
  boost::asio::steady_timer reconnect_timer_;

  struct socket* listener_ = nullptr;
  struct socket* connection_ = nullptr;
  std::uint64_t connection_generation_ = 0;  // changes whenever connection_ is replaced
  bool up_ = false;
  bool started_ = false;
  bool stopping_ = false;
  bool pump_pending_ = false;
  bool drained_pending_ = false;  // the queue held something since the last on_drained

  std::vector<std::uint8_t> read_buffer_;
  std::vector<std::uint8_t> message_;       // a user message being reassembled (partial delivery)
  bool message_discarding_ = false;         // over max_message_bytes: drop until MSG_EOR
  std::vector<std::uint8_t> notification_;  // a notification being reassembled

  std::shared_ptr<int> alive_ = std::make_shared<int>(0);  // posted work checks it
};

}  // namespace havpnc::sctp
