#pragma once
// The SSO association over the kernel's SCTP (Linux, through libsctp's sctp_bindx/connectx):
// native SCTP over IP protocol 132, multi-homed over every local-ip/remote-ip. The lifecycle
// (up/down, queue, counters, reconnecting) is StackAssociation's, shared with the usrsctp
// backend; this file is the socket calls, with readiness from Asio.
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

#include "runtime/sctp/stack_association.h"

namespace havpnc::sctp {

// nullopt when this kernel opens SCTP sockets; otherwise why not ("Protocol not supported").
std::optional<std::string> kernel_sctp_unavailable();

class KernelAssociation final : public StackAssociation {
 public:
  KernelAssociation(boost::asio::io_context& io, Parameters parameters,
                    AssociationHandler& handler, LogSink log, BackoffConfig backoff,
                    std::function<std::uint32_t()> jitter);
  ~KernelAssociation() override;

  std::optional<std::string> start() override;
  std::string_view backend() const override { return "kernel"; }
  // What the kernel holds for the live association (getsockopt); nullopt while none is open.
  std::optional<StackOptions> applied_options() const;

 private:
  void open_connection() override;
  void close_connection(bool abort) override;
  Transmit transmit(Stream stream, std::span<const std::uint8_t> message, bool sack_now,
                    std::string& error) override;
  void prioritize_updates() override;
  void close_listener() override;

  std::optional<std::string> open_socket(int& fd);
  void wait_accept();
  void wait_readable();
  void wait_writable();
  void read_pending();

  std::unique_ptr<boost::asio::posix::stream_descriptor> listener_, connection_;
  std::uint64_t connection_generation_ = 0;
  bool started_ = false, write_waiting_ = false;
  std::vector<std::uint8_t> read_buffer_;
};

}  // namespace havpnc::sctp
