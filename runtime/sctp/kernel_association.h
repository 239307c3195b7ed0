#pragma once
// The SSO association over the kernel's SCTP (Linux, through libsctp's sctp_bindx/connectx):
// native SCTP over IP protocol 132, multi-homed over every local-ip/remote-ip. Same contract,
// role rule, options and send queue as the usrsctp backend; readiness comes from Asio.
//
// A kernel peer and a usrsctp peer do not meet on the wire unless the kernel also encapsulates
// in UDP (Linux ≥ 5.11: net.sctp.udp_port and SCTP_REMOTE_UDP_ENCAPS_PORT); both routers of a
// pair are expected to run the same havpnc, which picks the same backend on the same kernel.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>

#include "runtime/sctp/association.h"
#include "runtime/sctp/backoff.h"
#include "runtime/sctp/parameters.h"
#include "runtime/sctp/role.h"
#include "runtime/sctp/send_queue.h"
#include "runtime/sctp/stack_options.h"

namespace havpnc::sctp {

// nullopt when this kernel opens SCTP sockets; otherwise why not ("Protocol not supported").
std::optional<std::string> kernel_sctp_unavailable();

class KernelAssociation final : public Association {
 public:
  KernelAssociation(boost::asio::io_context& io, Parameters parameters,
                    AssociationHandler& handler, LogSink log, BackoffConfig backoff,
                    std::function<std::uint32_t()> jitter);
  ~KernelAssociation() override;

  std::optional<std::string> start() override;
  void stop() override;
  SendResult send(Stream stream, std::span<const std::uint8_t> message) override;
  bool is_up() const override { return up_; }
  QueueInfo queued() const override { return queue_.info(); }
  const AssociationCounters& counters() const override { return counters_; }
  std::string_view backend() const override { return "kernel"; }
  Role role() const { return role_; }

 private:
  std::optional<std::string> open_socket(int& fd);
  void connect_now();
  void schedule_reconnect();
  void wait_accept();
  void wait_readable();
  void wait_writable();
  void read_pending();
  void on_notification();
  void go_up(std::uint16_t out_streams, std::uint16_t in_streams, bool restart);
  void report_down(DownReason reason, std::string detail);
  void association_ended(DownReason reason, std::string detail);
  void close_connection(bool abort);
  void flush();
  void log(Severity severity, std::string mnemonic, std::string text);

  boost::asio::io_context& io_;
  Parameters parameters_;
  StackOptions options_;
  AssociationHandler& handler_;
  LogSink log_;
  Role role_ = Role::Initiator;
  ReconnectBackoff backoff_;
  SendQueue queue_;
  AssociationCounters counters_;
  boost::asio::steady_timer reconnect_timer_;

  std::unique_ptr<boost::asio::posix::stream_descriptor> listener_, connection_;
  std::uint64_t connection_generation_ = 0;
  bool up_ = false, started_ = false, stopping_ = false;
  bool write_waiting_ = false, drained_pending_ = false;

  std::vector<std::uint8_t> read_buffer_;
  std::vector<std::uint8_t> message_;
  bool message_discarding_ = false;
  std::vector<std::uint8_t> notification_;
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);
};

}  // namespace havpnc::sctp
