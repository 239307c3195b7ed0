#include "runtime/sctp/kernel_association.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/sctp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include <boost/asio/post.hpp>

#include "runtime/sctp/notification.h"

namespace havpnc::sctp {

namespace asio = boost::asio;

namespace {

// Linux numbers notifications from SCTP_SN_TYPE_BASE and states from 0 (linux/sctp.h).
const NotificationConstants kKernelConstants{
    SCTP_ASSOC_CHANGE, SCTP_SHUTDOWN_EVENT, SCTP_COMM_UP,       SCTP_COMM_LOST,
    SCTP_RESTART,      SCTP_SHUTDOWN_COMP,  SCTP_CANT_STR_ASSOC};

std::string errno_text(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

template <typename T>
bool set_option(int fd, int level, int name, const T& value) {
  return ::setsockopt(fd, level, name, &value, static_cast<socklen_t>(sizeof value)) == 0;
}

std::vector<sockaddr_in> addresses(const std::vector<plan::Ipv4>& ips, std::uint16_t port) {
  std::vector<sockaddr_in> out;
  for (const auto& ip : ips) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(ip.bits);
    out.push_back(a);
  }
  return out;
}

}  // namespace

std::optional<std::string> kernel_sctp_unavailable() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP);
  if (fd < 0) return std::string(std::strerror(errno));
  ::close(fd);
  return std::nullopt;
}

KernelAssociation::KernelAssociation(asio::io_context& io, Parameters parameters,
                                     AssociationHandler& handler, LogSink log,
                                     BackoffConfig backoff, std::function<std::uint32_t()> jitter)
    : io_(io),
      parameters_(std::move(parameters)),
      options_(stack_options(parameters_)),
      handler_(handler),
      log_(std::move(log)),
      backoff_(backoff, std::move(jitter)),
      queue_(parameters_.max_queued_bytes, parameters_.max_message_bytes),
      reconnect_timer_(io),
      read_buffer_(64 * 1024) {}

KernelAssociation::~KernelAssociation() {
  stopping_ = true;
  close_connection(true);
  listener_.reset();
}

void KernelAssociation::log(Severity severity, std::string mnemonic, std::string text) {
  if (log_) log_(LogRecord{"SCTP", severity, std::move(mnemonic), std::move(text)});
}

// A non-blocking one-to-one socket with every option, bound to all local addresses.
std::optional<std::string> KernelAssociation::open_socket(int& fd) {
  fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_SCTP);
  if (fd < 0) return errno_text("socket(IPPROTO_SCTP)");
  auto fail = [&](const char* what) {
    auto text = errno_text(what);
    ::close(fd);
    fd = -1;
    return text;
  };
  const int on = 1;
  set_option(fd, SOL_SOCKET, SO_REUSEADDR, on);
  sctp_rtoinfo rto{};
  rto.srto_assoc_id = SCTP_FUTURE_ASSOC;
  rto.srto_initial = options_.rto_initial_ms;
  rto.srto_min = options_.rto_min_ms;
  rto.srto_max = options_.rto_max_ms;
  if (!set_option(fd, IPPROTO_SCTP, SCTP_RTOINFO, rto)) return fail("SCTP_RTOINFO");
  sctp_assocparams assoc{};
  assoc.sasoc_assoc_id = SCTP_FUTURE_ASSOC;
  assoc.sasoc_asocmaxrxt = options_.assoc_max_retrans;
  if (!set_option(fd, IPPROTO_SCTP, SCTP_ASSOCINFO, assoc)) return fail("SCTP_ASSOCINFO");
  sctp_paddrparams paths{};
  paths.spp_assoc_id = SCTP_FUTURE_ASSOC;
  paths.spp_pathmaxrxt = options_.path_max_retrans;
  paths.spp_hbinterval = options_.heartbeat_interval_ms;
  paths.spp_flags = SPP_HB_ENABLE;
  if (!set_option(fd, IPPROTO_SCTP, SCTP_PEER_ADDR_PARAMS, paths)) return fail("SCTP_PEER_ADDR_PARAMS");
  sctp_initmsg init{};
  init.sinit_num_ostreams = options_.out_streams;
  init.sinit_max_instreams = options_.max_in_streams;
  init.sinit_max_attempts = options_.init_max_attempts;
  init.sinit_max_init_timeo = options_.init_max_timeout_ms;
  if (!set_option(fd, IPPROTO_SCTP, SCTP_INITMSG, init)) return fail("SCTP_INITMSG");
  if (!set_option(fd, IPPROTO_SCTP, SCTP_NODELAY, on)) return fail("SCTP_NODELAY");
  if (!set_option(fd, IPPROTO_SCTP, SCTP_RECVRCVINFO, on)) return fail("SCTP_RECVRCVINFO");
  if (!set_option(fd, SOL_SOCKET, SO_SNDBUF, options_.send_buffer_bytes)) return fail("SO_SNDBUF");
  sctp_event_subscribe events{};
  events.sctp_association_event = 1;
  events.sctp_shutdown_event = 1;
  if (!set_option(fd, IPPROTO_SCTP, SCTP_EVENTS, events)) return fail("SCTP_EVENTS");
  // RFC 8260 priority scheduler (Linux ≥ 4.15); best effort, as in the usrsctp backend.
  sctp_assoc_value scheduler{};
  scheduler.assoc_id = SCTP_FUTURE_ASSOC;
  scheduler.assoc_value = SCTP_SS_PRIO;
  if (!set_option(fd, IPPROTO_SCTP, SCTP_STREAM_SCHEDULER, scheduler))
    log(Severity::Warning, "OPTION", errno_text("SCTP_STREAM_SCHEDULER priority"));

  auto local = addresses(parameters_.local_addresses, parameters_.local_port);
  if (sctp_bindx(fd, reinterpret_cast<sockaddr*>(local.data()), static_cast<int>(local.size()),
                 SCTP_BINDX_ADD_ADDR) != 0)
    return fail("sctp_bindx");
  return std::nullopt;
}

std::optional<std::string> KernelAssociation::start() {
  if (started_) return std::nullopt;
  if (parameters_.local_addresses.empty() || parameters_.remote_addresses.empty())
    return "association needs a local-ip and a remote-ip";
  const auto role = decide_role(parameters_.local_primary(), parameters_.remote_primary());
  if (!role) return "local and remote endpoint are the same";
  role_ = *role;
  if (role_ == Role::Listener) {
    int fd = -1;
    if (auto error = open_socket(fd)) return error;
    if (::listen(fd, 1) != 0) {
      auto text = errno_text("listen");
      ::close(fd);
      return text;
    }
    listener_ = std::make_unique<asio::posix::stream_descriptor>(io_, fd);
  }
  started_ = true;
  log(Severity::Informational, "START",
      "association " + std::to_string(parameters_.association_id) + " backend kernel SCTP " +
          parameters_.local_addresses[0].to_string() + ":" + std::to_string(parameters_.local_port) +
          " -> " + parameters_.remote_addresses[0].to_string() + ":" +
          std::to_string(parameters_.remote_port) + " (" +
          std::to_string(parameters_.local_addresses.size()) + " local, " +
          std::to_string(parameters_.remote_addresses.size()) + " remote addresses), " +
          std::string(to_string(role_)) + ", RTO " + std::to_string(options_.rto_min_ms) + "-" +
          std::to_string(options_.rto_max_ms) + " ms, path-retransmit " +
          std::to_string(options_.path_max_retrans) + ", assoc-retransmit " +
          std::to_string(options_.assoc_max_retrans));
  if (role_ == Role::Listener) wait_accept();
  else connect_now();
  return std::nullopt;
}

void KernelAssociation::stop() {
  if (stopping_) return;
  stopping_ = true;
  reconnect_timer_.cancel();
  const bool was_up = up_;
  close_connection(true);
  listener_.reset();
  if (was_up) handler_.on_down(DownEvent{DownReason::Stopped, {}});
}

void KernelAssociation::connect_now() {
  if (stopping_) return;
  ++counters_.connect_attempts;
  int fd = -1;
  if (auto error = open_socket(fd)) {
    log(Severity::Error, "CONNECT", *error);
    schedule_reconnect();
    return;
  }
  auto remote = addresses(parameters_.remote_addresses, parameters_.remote_port);
  if (sctp_connectx(fd, reinterpret_cast<sockaddr*>(remote.data()), static_cast<int>(remote.size()),
                    nullptr) != 0 &&
      errno != EINPROGRESS) {
    log(Severity::Error, "CONNECT", errno_text("sctp_connectx"));
    ::close(fd);
    schedule_reconnect();
    return;
  }
  connection_ = std::make_unique<asio::posix::stream_descriptor>(io_, fd);
  ++connection_generation_;
  wait_readable();  // COMM_UP or CANT_STR_ASSOC arrives as a notification
}

void KernelAssociation::schedule_reconnect() {
  if (stopping_ || role_ != Role::Initiator) return;
  const auto delay = backoff_.next_delay();
  log(Severity::Informational, "RECONNECT",
      "association " + std::to_string(parameters_.association_id) + " attempt " +
          std::to_string(backoff_.attempts() + 1) + " in " +
          std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(delay).count()) + " ms");
  reconnect_timer_.expires_after(delay);
  reconnect_timer_.async_wait([this, alive = std::weak_ptr<int>(alive_)](const boost::system::error_code& ec) {
    if (ec || alive.expired()) return;
    connect_now();
  });
}

void KernelAssociation::wait_accept() {
  if (!listener_) return;
  listener_->async_wait(asio::posix::stream_descriptor::wait_read,
                        [this, alive = std::weak_ptr<int>(alive_)](const boost::system::error_code& ec) {
    if (ec || alive.expired() || !listener_) return;
    const int fd = ::accept4(listener_->native_handle(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd >= 0) {
      if (connection_) {
        const bool was_up = up_;
        close_connection(true);
        if (was_up) association_ended(DownReason::PeerRestarted, "new association accepted");
      }
      connection_ = std::make_unique<asio::posix::stream_descriptor>(io_, fd);
      ++connection_generation_;
      wait_readable();
    }
    wait_accept();
  });
}

void KernelAssociation::wait_readable() {
  if (!connection_) return;
  const auto generation = connection_generation_;
  connection_->async_wait(asio::posix::stream_descriptor::wait_read,
                          [this, generation, alive = std::weak_ptr<int>(alive_)](const boost::system::error_code& ec) {
    if (ec || alive.expired() || generation != connection_generation_) return;
    read_pending();
    if (generation == connection_generation_) wait_readable();
  });
}

void KernelAssociation::wait_writable() {
  if (!connection_ || write_waiting_) return;
  write_waiting_ = true;
  const auto generation = connection_generation_;
  connection_->async_wait(asio::posix::stream_descriptor::wait_write,
                          [this, generation, alive = std::weak_ptr<int>(alive_)](const boost::system::error_code& ec) {
    if (alive.expired()) return;
    write_waiting_ = false;
    if (ec || generation != connection_generation_) return;
    flush();
  });
}

void KernelAssociation::read_pending() {
  const auto generation = connection_generation_;
  while (connection_ && generation == connection_generation_) {
    iovec iov{read_buffer_.data(), read_buffer_.size()};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(sctp_rcvinfo))];
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    const ssize_t n = ::recvmsg(connection_->native_handle(), &msg, 0);
    if (n < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK) return;
      // A failed INIT series or a lost association can also surface as a socket error.
      const bool was_connecting = !up_;
      association_ended(was_connecting ? DownReason::CannotStart : DownReason::LocalError,
                        errno_text("recvmsg"));
      return;
    }
    if (n == 0) {
      association_ended(DownReason::PeerShutdown, "end of stream");
      return;
    }
    const std::span<const std::uint8_t> chunk(read_buffer_.data(), static_cast<std::size_t>(n));
    if (msg.msg_flags & MSG_NOTIFICATION) {
      if (notification_.size() + chunk.size() <= 64 * 1024)
        notification_.insert(notification_.end(), chunk.begin(), chunk.end());
      if (msg.msg_flags & MSG_EOR) {
        on_notification();
        notification_.clear();
      }
      continue;
    }
    if (!message_discarding_) {
      if (message_.size() + chunk.size() > parameters_.max_message_bytes) {
        message_discarding_ = true;
        message_.clear();
      } else {
        message_.insert(message_.end(), chunk.begin(), chunk.end());
      }
    }
    if (!(msg.msg_flags & MSG_EOR)) continue;
    std::vector<std::uint8_t> message = std::move(message_);
    message_.clear();
    if (message_discarding_) {
      message_discarding_ = false;
      ++counters_.truncated_messages;
      continue;
    }
    std::optional<std::uint16_t> sid;
    for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
      if (c->cmsg_level == IPPROTO_SCTP && c->cmsg_type == SCTP_RCVINFO &&
          c->cmsg_len >= CMSG_LEN(sizeof(sctp_rcvinfo))) {
        sctp_rcvinfo info;
        std::memcpy(&info, CMSG_DATA(c), sizeof info);
        sid = info.rcv_sid;
      }
    }
    const auto stream = sid ? stream_from_id(*sid) : std::nullopt;
    if (!stream) {
      ++counters_.unknown_stream_messages;
      continue;
    }
    ++counters_.messages_received;
    counters_.bytes_received += message.size();
    if (up_) handler_.on_message(*stream, message);
  }
}

void KernelAssociation::on_notification() {
  const auto n = decode_notification(notification_, kKernelConstants);
  if (!n) return;
  if (n->kind == Notification::Kind::PeerShutdown) {
    association_ended(DownReason::PeerShutdown, "SHUTDOWN received");
    return;
  }
  if (n->kind != Notification::Kind::AssocChange) return;
  switch (n->state) {
    case AssocState::CommUp: go_up(n->outbound_streams, n->inbound_streams, false); break;
    case AssocState::Restart:
      if (up_) report_down(DownReason::PeerRestarted, "association restart");  // same socket lives on
      go_up(n->outbound_streams, n->inbound_streams, true);
      break;
    case AssocState::CommLost:
      association_ended(n->abort_chunk ? DownReason::PeerAborted : DownReason::RetransmissionLimit,
                        "COMM_LOST error " + std::to_string(n->error));
      break;
    case AssocState::ShutdownComplete: association_ended(DownReason::PeerShutdown, "SHUTDOWN_COMP"); break;
    case AssocState::CannotStart: association_ended(DownReason::CannotStart, "CANT_STR_ASSOC"); break;
    case AssocState::Other: break;
  }
}

void KernelAssociation::go_up(std::uint16_t out_streams, std::uint16_t in_streams, bool restart) {
  if (!connection_) return;
  if (out_streams < kStreamCount || in_streams < kStreamCount) {
    association_ended(DownReason::LocalError, "peer negotiated " + std::to_string(out_streams) + "/" +
                                                  std::to_string(in_streams) + " streams, need " +
                                                  std::to_string(kStreamCount));
    return;
  }
  up_ = true;
  backoff_.reset();
  ++counters_.ups;
  for (const auto& [stream, priority] : {std::pair{Stream::Update, 0}, std::pair{Stream::Bulk, 1}}) {
    sctp_stream_value value{};
    value.assoc_id = SCTP_FUTURE_ASSOC;
    value.stream_id = stream_id(stream);
    value.stream_value = static_cast<std::uint16_t>(priority);
    if (!set_option(connection_->native_handle(), IPPROTO_SCTP, SCTP_STREAM_SCHEDULER_VALUE, value))
      log(Severity::Warning, "OPTION", errno_text("SCTP_STREAM_SCHEDULER_VALUE"));
  }
  log(Severity::Notice, "ASSOC_UP",
      "association " + std::to_string(parameters_.association_id) + " up, streams out " +
          std::to_string(out_streams) + " in " + std::to_string(in_streams) +
          (restart ? " (peer restarted)" : ""));
  handler_.on_up(UpEvent{out_streams, in_streams, restart});
}

// The peer's state is gone (RFC 4960 §5.2.2) but the association continues: what was
// queued for the old peer is meaningless to the new one.
void KernelAssociation::report_down(DownReason reason, std::string detail) {
  up_ = false;
  queue_.clear();
  drained_pending_ = false;
  ++counters_.downs;
  log(Severity::Notice, "ASSOC_DOWN",
      "association " + std::to_string(parameters_.association_id) + " down: " +
          std::string(to_string(reason)) + (detail.empty() ? "" : " (" + detail + ")"));
  handler_.on_down(DownEvent{reason, std::move(detail)});
}

void KernelAssociation::association_ended(DownReason reason, std::string detail) {
  const bool was_up = up_;
  up_ = false;
  queue_.clear();
  drained_pending_ = false;
  close_connection(false);
  if (was_up) {
    ++counters_.downs;
    log(Severity::Notice, "ASSOC_DOWN",
        "association " + std::to_string(parameters_.association_id) + " down: " +
            std::string(to_string(reason)) + (detail.empty() ? "" : " (" + detail + ")"));
    handler_.on_down(DownEvent{reason, std::move(detail)});
  } else {
    log(Severity::Informational, "CONNECT",
        "association " + std::to_string(parameters_.association_id) + " not established: " +
            std::string(to_string(reason)) + (detail.empty() ? "" : " (" + detail + ")"));
  }
  schedule_reconnect();
}

void KernelAssociation::close_connection(bool abort) {
  if (!connection_) return;
  if (abort) {
    const linger l{1, 0};  // close sends ABORT (RFC 4960 §9.1)
    set_option(connection_->native_handle(), SOL_SOCKET, SO_LINGER, l);
  }
  boost::system::error_code ignored;
  connection_->close(ignored);
  connection_.reset();
  ++connection_generation_;
  write_waiting_ = false;
  message_.clear();
  message_discarding_ = false;
  notification_.clear();
}

SendResult KernelAssociation::send(Stream stream, std::span<const std::uint8_t> message) {
  if (!up_) return SendResult::NotUp;
  const auto result = queue_.push(stream, message);
  if (result != SendResult::Queued) return result;
  drained_pending_ = true;
  flush();
  return SendResult::Queued;
}

void KernelAssociation::flush() {
  const auto generation = connection_generation_;
  while (up_ && connection_ && !queue_.empty()) {
    const auto item = queue_.front();
    iovec iov{const_cast<std::uint8_t*>(item.bytes.data()), item.bytes.size()};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(sctp_sndinfo))] = {};
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    cmsghdr* c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = IPPROTO_SCTP;
    c->cmsg_type = SCTP_SNDINFO;
    c->cmsg_len = CMSG_LEN(sizeof(sctp_sndinfo));
    sctp_sndinfo info{};
    info.snd_sid = stream_id(item.stream);
    std::memcpy(CMSG_DATA(c), &info, sizeof info);
    const ssize_t n = ::sendmsg(connection_->native_handle(), &msg, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        wait_writable();
        return;
      }
      association_ended(DownReason::LocalError, errno_text("sendmsg"));
      return;
    }
    ++counters_.messages_sent;
    counters_.bytes_sent += item.bytes.size();
    queue_.pop();
  }
  if (up_ && generation == connection_generation_ && queue_.empty() && drained_pending_) {
    // Never from inside send(): a handler that feeds more in on_drained would re-enter its
    // own feeding loop. The io_context calls it next, if the queue is still empty then.
    drained_pending_ = false;
    asio::post(io_, [this, generation, alive = std::weak_ptr<int>(alive_)] {
      if (alive.expired() || !up_ || generation != connection_generation_ || !queue_.empty()) return;
      handler_.on_drained();
    });
  }
}

}  // namespace havpnc::sctp
