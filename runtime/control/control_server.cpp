#include "runtime/control/control_server.h"

#include <sys/stat.h>
#include <unistd.h>

#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>

#include "runtime/control/socket_path.h"

namespace havpnc::control {

namespace asio = boost::asio;
using stream = asio::local::stream_protocol;

namespace {

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(stream::socket socket, std::shared_ptr<ControlServer::State> state)
      : socket_(std::move(socket)),
        timer_(socket_.get_executor()),
        buffer_(state->limits.max_request),
        state_(std::move(state)) {
    ++state_->active;
  }
  ~Session() { --state_->active; }

  void start() {
    timer_.expires_after(state_->limits.read_timeout);
    timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
      if (ec || self->responding_) return;
      self->timed_out_ = true;
      boost::system::error_code ignored;
      self->socket_.cancel(ignored);
    });
    asio::async_read_until(socket_, buffer_, '\n',
                           [self = shared_from_this()](const boost::system::error_code& ec,
                                                       std::size_t n) { self->on_read(ec, n); });
  }

  void reject_busy() {
    ++state_->counters.rejected_busy;
    respond({false, "% Too many control clients (limit " +
                        std::to_string(state_->limits.max_clients) + "); try again"});
  }

 private:
  void on_read(const boost::system::error_code& ec, std::size_t n) {
    if (timed_out_) {
      ++state_->counters.timed_out;
      respond({false, "% Timed out waiting for a request"});
      return;
    }
    if (ec == asio::error::not_found) {  // the buffer filled up without a newline
      ++state_->counters.oversized;
      respond({false, "% Request too long (limit " + std::to_string(state_->limits.max_request) +
                          " bytes)"});
      return;
    }
    if (ec) {  // the client went away before finishing its line: nothing to answer
      close();
      return;
    }
    std::string line(asio::buffers_begin(buffer_.data()),
                     asio::buffers_begin(buffer_.data()) + static_cast<std::ptrdiff_t>(n - 1));
    RequestError error;
    const auto request = parse_request(line, error);
    if (!request) {
      respond({false, error.message});
      return;
    }
    respond(state_->registry->execute(request->command, request->format));
  }

  void respond(const ShowReply& reply) {
    responding_ = true;
    if (reply.ok)
      ++state_->counters.answered;
    else
      ++state_->counters.errors;
    response_ = format_response(reply);
    timer_.expires_after(state_->limits.write_timeout);
    timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
      if (!ec) self->close();  // the client does not read: drop it
    });
    asio::async_write(socket_, asio::buffer(response_),
                      [self = shared_from_this()](const boost::system::error_code&, std::size_t) {
                        self->close();
                      });
  }

  void close() {
    boost::system::error_code ignored;
    timer_.cancel();
    socket_.shutdown(stream::socket::shutdown_both, ignored);
    socket_.close(ignored);
  }

  stream::socket socket_;
  asio::steady_timer timer_;
  asio::streambuf buffer_;
  std::string response_;
  std::shared_ptr<ControlServer::State> state_;
  bool timed_out_ = false;
  bool responding_ = false;
};

}  // namespace

ControlServer::ControlServer(asio::io_context& io, std::string path, const ShowRegistry& registry,
                             ServerLimits limits)
    : path_(std::move(path)), acceptor_(io), retry_(io),
      state_(std::make_shared<State>()) {
  state_->registry = &registry;
  state_->limits = limits;
}

std::unique_ptr<ControlServer> ControlServer::open(asio::io_context& io, const std::string& path,
                                                   const ShowRegistry& registry,
                                                   ServerLimits limits, std::string& error) {
  if (auto problem = prepare_socket_path(path)) {
    error = *problem;
    return nullptr;
  }
  std::unique_ptr<ControlServer> server(new ControlServer(io, path, registry, limits));
  boost::system::error_code ec;
  server->acceptor_.open(stream(), ec);
  // The socket file is created by bind(): a umask of 0177 makes it 0600 from its first
  // instant, so there is no window in which another user could connect.
  const mode_t old_mask = ::umask(0177);
  if (!ec) server->acceptor_.bind(stream::endpoint(path), ec);
  ::umask(old_mask);
  if (!ec) server->acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    error = "cannot listen on control socket " + path + ": " + ec.message();
    if (ec != asio::error::address_in_use) ::unlink(path.c_str());
    server->state_->closed = true;
    server->path_.clear();  // not ours to remove
    return nullptr;
  }
  ::chmod(path.c_str(), 0600);
  server->accept();
  return server;
}

ControlServer::~ControlServer() {
  state_->closed = true;
  boost::system::error_code ignored;
  retry_.cancel();
  acceptor_.close(ignored);
  if (!path_.empty()) ::unlink(path_.c_str());
}

void ControlServer::accept() {
  acceptor_.async_accept([this, state = state_](const boost::system::error_code& ec,
                                                stream::socket socket) {
    if (state->closed) return;
    if (ec) {
      // EMFILE and friends: back off instead of spinning, keep serving once it clears.
      ++state->counters.accept_errors;
      retry_.expires_after(milliseconds(100));
      retry_.async_wait([this, state](const boost::system::error_code& e) {
        if (!e && !state->closed) accept();
      });
      return;
    }
    ++state->counters.accepted;
    auto session = std::make_shared<Session>(std::move(socket), state);
    if (state->active > state->limits.max_clients)
      session->reject_busy();
    else
      session->start();
    accept();
  });
}

}  // namespace havpnc::control
