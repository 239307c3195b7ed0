#pragma once
// The router's control socket on the one io_context. Every connection gets a deadline to
// send its request and another to take the response; requests over kMaxRequest bytes,
// garbage and unknown commands get an error reply; more than max_clients at once get
// "% Too many control clients". None of it can stop the router.
#include <cstdint>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/steady_timer.hpp>

#include "runtime/control/protocol.h"
#include "runtime/control/show_registry.h"
#include "runtime/core/time.h"

namespace havpnc::control {

struct ServerLimits {
  std::size_t max_request = kMaxRequest;
  Duration read_timeout = seconds(2);
  Duration write_timeout = seconds(5);
  std::size_t max_clients = 16;
};

struct ServerCounters {
  std::uint64_t accepted = 0;
  std::uint64_t answered = 0;      // ok replies
  std::uint64_t errors = 0;        // error replies (bad request, unknown command, ...)
  std::uint64_t oversized = 0;
  std::uint64_t timed_out = 0;
  std::uint64_t rejected_busy = 0;
  std::uint64_t accept_errors = 0;
};

class ControlServer {
 public:
  // Prepares the path (socket_path.h), binds with mode 0600 and listens. On failure returns
  // nullptr and the operator-facing reason in `error`.
  static std::unique_ptr<ControlServer> open(boost::asio::io_context& io, const std::string& path,
                                             const ShowRegistry& registry, ServerLimits limits,
                                             std::string& error);
  ~ControlServer();  // stops accepting and removes the socket file
  ControlServer(const ControlServer&) = delete;
  ControlServer& operator=(const ControlServer&) = delete;

  const std::string& path() const { return path_; }
  const ServerCounters& counters() const { return state_->counters; }
  std::size_t active_clients() const { return state_->active; }

  // Shared with the sessions, which may outlive the server by a callback or two.
  struct State {
    const ShowRegistry* registry = nullptr;
    ServerLimits limits;
    ServerCounters counters;
    std::size_t active = 0;
    bool closed = false;
  };

 private:
  ControlServer(boost::asio::io_context& io, std::string path, const ShowRegistry& registry,
                ServerLimits limits);
  void accept();

  std::string path_;
  boost::asio::local::stream_protocol::acceptor acceptor_;
  boost::asio::steady_timer retry_;
  std::shared_ptr<State> state_;
};

}  // namespace havpnc::control
