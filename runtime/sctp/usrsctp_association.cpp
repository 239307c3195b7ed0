#include "runtime/sctp/usrsctp_association.h"

#include <arpa/inet.h>
#include <sys/socket.h>

#include <cerrno>
#include <algorithm>
#include <cstring>
#include <utility>

#include <boost/asio/post.hpp>
#include <usrsctp.h>

#include "runtime/sctp/notification.h"

namespace havpnc::sctp {

namespace asio = boost::asio;

namespace {

const NotificationConstants kUsrsctpConstants{
    SCTP_ASSOC_CHANGE, SCTP_SHUTDOWN_EVENT, SCTP_COMM_UP,       SCTP_COMM_LOST,
    SCTP_RESTART,      SCTP_SHUTDOWN_COMP,  SCTP_CANT_STR_ASSOC};

sockaddr_conn conn_address(void* link, std::uint16_t port) {
  sockaddr_conn a{};
  a.sconn_family = AF_CONN;
  a.sconn_port = htons(port);
  a.sconn_addr = link;
  return a;
}

std::string errno_text(const char* what) {
  return std::string(what) + ": " + std::strerror(errno);
}

template <typename T>
bool set_option(struct socket* so, int level, int name, const T& value) {
  return usrsctp_setsockopt(so, level, name, &value, static_cast<socklen_t>(sizeof value)) == 0;
}

asio::ip::address_v4 to_asio(plan::Ipv4 a) { return asio::ip::address_v4(a.bits); }

}  // namespace

UsrsctpAssociation::UsrsctpAssociation(asio::io_context& io, Parameters parameters,
                                       AssociationHandler& handler, LogSink log,
                                       BackoffConfig backoff,
                                       std::function<std::uint32_t()> jitter)
    : io_(io),
      stack_(UsrsctpStack::acquire(io)),
      parameters_(std::move(parameters)),
      options_(stack_options(parameters_)),
      handler_(handler),
      log_(std::move(log)),
      backoff_(backoff, std::move(jitter)),
      queue_(parameters_.max_queued_bytes, parameters_.max_message_bytes),
      udp_(io),
      datagram_(65536),
      reconnect_timer_(io),
      read_buffer_(64 * 1024) {
  stack_->add_link(link());
}

UsrsctpAssociation::~UsrsctpAssociation() {
  stopping_ = true;
  close_connection(true);
  if (listener_ != nullptr) {
    usrsctp_set_upcall(listener_, nullptr, nullptr);
    usrsctp_close(listener_);
    listener_ = nullptr;
  }
  stack_->remove_link(link());
  boost::system::error_code ignored;
  udp_.close(ignored);
}

void UsrsctpAssociation::log(Severity severity, std::string mnemonic, std::string text) {
  if (log_) log_(LogRecord{"SCTP", severity, std::move(mnemonic), std::move(text)});
}

std::uint16_t UsrsctpAssociation::udp_port() const {
  boost::system::error_code ec;
  const auto ep = udp_.local_endpoint(ec);
  return ec ? 0 : ep.port();
}

std::optional<std::string> UsrsctpAssociation::start() {
  if (started_) return std::nullopt;
  if (parameters_.local_addresses.empty() || parameters_.remote_addresses.empty())
    return "association needs a local-ip and a remote-ip";
  const auto role = decide_role(parameters_.local_primary(), parameters_.remote_primary());
  if (!role) return "local and remote endpoint are the same";
  role_ = *role;

  const asio::ip::udp::endpoint local(to_asio(parameters_.local_addresses[0]),
                                      parameters_.udp_local_port());
  remote_udp_ = asio::ip::udp::endpoint(to_asio(parameters_.remote_addresses[0]),
                                        parameters_.udp_remote_port());
  boost::system::error_code ec;
  udp_.open(asio::ip::udp::v4(), ec);
  if (!ec) udp_.non_blocking(true, ec);
  if (!ec) udp_.bind(local, ec);
  if (!ec) size_receive_window();
  if (ec) {
    udp_.close(ec);
    return "UDP encapsulation socket " + local.address().to_string() + ":" +
           std::to_string(local.port()) + ": " + ec.message();
  }
  started_ = true;
  log(Severity::Informational, "START",
      "association " + std::to_string(parameters_.association_id) +
          " backend usrsctp (userspace, no threads, RFC 6951 UDP encapsulation) " +
          local.address().to_string() + ":" + std::to_string(udp_port()) + " -> " +
          remote_udp_.address().to_string() + ":" + std::to_string(remote_udp_.port()) + ", " +
          std::string(to_string(role_)) + ", RTO " + std::to_string(options_.rto_min_ms) + "-" +
          std::to_string(options_.rto_max_ms) + " ms, path-retransmit " +
          std::to_string(options_.path_max_retrans) + ", assoc-retransmit " +
          std::to_string(options_.assoc_max_retrans) + ", receive window " +
          std::to_string(receive_window_bytes_ / 1024) + " KB");
  receive_datagram();

  if (role_ == Role::Listener) {
    listener_ = usrsctp_socket(AF_CONN, SOCK_STREAM, IPPROTO_SCTP, nullptr, nullptr, 0, nullptr);
    if (listener_ == nullptr) return errno_text("usrsctp_socket");
    if (auto error = configure(listener_)) return error;
    auto address = conn_address(link(), parameters_.local_port);
    if (usrsctp_bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
      return errno_text("usrsctp_bind");
    if (usrsctp_listen(listener_, 1) != 0) return errno_text("usrsctp_listen");
    usrsctp_set_upcall(listener_, &UsrsctpAssociation::upcall, this);
    schedule_pump();  // an INIT may already have been accepted
  } else {
    connect_now();
  }
  return std::nullopt;
}

void UsrsctpAssociation::stop() {
  if (stopping_) return;
  stopping_ = true;
  reconnect_timer_.cancel();
  const bool was_up = up_;
  // ABORT (RFC 4960 §9.1) rather than SHUTDOWN: the peer learns at once, and nothing of
  // ours must outlive stop().
  close_connection(true);
  if (listener_ != nullptr) {
    usrsctp_set_upcall(listener_, nullptr, nullptr);
    usrsctp_close(listener_);
    listener_ = nullptr;
  }
  if (was_up) handler_.on_down(DownEvent{DownReason::Stopped, {}});
}

// Every SCTP packet waits in the UDP socket's receive buffer until the io_context reads it.
// If the peer may have more in flight than that buffer holds, the kernel drops datagrams
// (Udp RcvbufErrors) and SCTP has to retransmit them. So ask for large UDP buffers and
// advertise an SCTP receive window (a_rwnd, RFC 4960 §6.2) that fits what the kernel
// granted. The kernel charges about twice the payload per datagram (getsockopt already
// reports the doubled size), hence a quarter of the reported size. (On loopback here no
// datagram was dropped with or without this; it matters on a slower receiver.)
void UsrsctpAssociation::size_receive_window() {
  boost::system::error_code ignored;
  udp_.set_option(asio::socket_base::receive_buffer_size(4 * 1024 * 1024), ignored);
  udp_.set_option(asio::socket_base::send_buffer_size(4 * 1024 * 1024), ignored);
  asio::socket_base::receive_buffer_size granted;
  udp_.get_option(granted, ignored);
  receive_window_bytes_ = std::max(64 * 1024, granted.value() / 4);
}

// Options every association gets; set on the listening socket they are inherited by the
// association it accepts (the stack copies the endpoint's defaults into a new association).
std::optional<std::string> UsrsctpAssociation::configure(struct socket* so) {
  usrsctp_set_non_blocking(so, 1);

  sctp_rtoinfo rto{};
  rto.srto_assoc_id = SCTP_FUTURE_ASSOC;
  rto.srto_initial = options_.rto_initial_ms;
  rto.srto_min = options_.rto_min_ms;
  rto.srto_max = options_.rto_max_ms;
  if (!set_option(so, IPPROTO_SCTP, SCTP_RTOINFO, rto)) return errno_text("SCTP_RTOINFO");

  sctp_assocparams assoc{};
  assoc.sasoc_assoc_id = SCTP_FUTURE_ASSOC;
  assoc.sasoc_asocmaxrxt = options_.assoc_max_retrans;
  if (!set_option(so, IPPROTO_SCTP, SCTP_ASSOCINFO, assoc)) return errno_text("SCTP_ASSOCINFO");

  sctp_paddrparams paths{};
  paths.spp_assoc_id = SCTP_FUTURE_ASSOC;
  paths.spp_pathmaxrxt = options_.path_max_retrans;
  paths.spp_hbinterval = options_.heartbeat_interval_ms;
  paths.spp_flags = SPP_HB_ENABLE;
  if (!set_option(so, IPPROTO_SCTP, SCTP_PEER_ADDR_PARAMS, paths))
    return errno_text("SCTP_PEER_ADDR_PARAMS");

  sctp_initmsg init{};
  init.sinit_num_ostreams = options_.out_streams;
  init.sinit_max_instreams = options_.max_in_streams;
  init.sinit_max_attempts = options_.init_max_attempts;
  init.sinit_max_init_timeo = options_.init_max_timeout_ms;
  if (!set_option(so, IPPROTO_SCTP, SCTP_INITMSG, init)) return errno_text("SCTP_INITMSG");

  const int on = 1;
  // Replication records are latency-sensitive and already whole messages: no Nagle-style
  // bundling delay (RFC 4960 §6.1 leaves the bundling policy to the implementation).
  if (!set_option(so, IPPROTO_SCTP, SCTP_NODELAY, on)) return errno_text("SCTP_NODELAY");
  // sctp_rcvinfo with each message: its stream id (RFC 6458 §5.3.5).
  if (!set_option(so, IPPROTO_SCTP, SCTP_RECVRCVINFO, on)) return errno_text("SCTP_RECVRCVINFO");
  if (!set_option(so, SOL_SOCKET, SO_SNDBUF, options_.send_buffer_bytes))
    return errno_text("SO_SNDBUF");
  if (!set_option(so, SOL_SOCKET, SO_RCVBUF, receive_window_bytes_))
    return errno_text("SO_RCVBUF");

  for (const std::uint16_t type : {std::uint16_t{SCTP_ASSOC_CHANGE}, std::uint16_t{SCTP_SHUTDOWN_EVENT}}) {
    sctp_event event{};
    event.se_assoc_id = SCTP_FUTURE_ASSOC;
    event.se_type = type;
    event.se_on = 1;
    if (!set_option(so, IPPROTO_SCTP, SCTP_EVENT, event)) return errno_text("SCTP_EVENT");
  }

  // RFC 8260 §3.4 priority scheduler: when both streams have data in the stack's buffer, the
  // update stream is served first. Best effort: the send queue already orders what we hand
  // over, this also orders what the stack holds.
  sctp_assoc_value scheduler{};
  scheduler.assoc_id = SCTP_FUTURE_ASSOC;
  scheduler.assoc_value = SCTP_SS_PRIORITY;
  if (!set_option(so, IPPROTO_SCTP, SCTP_PLUGGABLE_SS, scheduler))
    log(Severity::Warning, "OPTION", errno_text("SCTP_PLUGGABLE_SS priority"));
  return std::nullopt;
}

void UsrsctpAssociation::connect_now() {
  if (stopping_) return;
  ++counters_.connect_attempts;
  auto* so = usrsctp_socket(AF_CONN, SOCK_STREAM, IPPROTO_SCTP, nullptr, nullptr, 0, nullptr);
  if (so == nullptr) {
    log(Severity::Error, "CONNECT", errno_text("usrsctp_socket"));
    schedule_reconnect();
    return;
  }
  auto fail = [&](std::string why) {
    log(Severity::Error, "CONNECT", why);
    usrsctp_close(so);
    schedule_reconnect();
  };
  if (auto error = configure(so)) return fail(*error);
  auto local = conn_address(link(), parameters_.local_port);
  if (usrsctp_bind(so, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0)
    return fail(errno_text("usrsctp_bind"));
  connection_ = so;
  ++connection_generation_;
  usrsctp_set_upcall(so, &UsrsctpAssociation::upcall, this);
  auto remote = conn_address(link(), parameters_.remote_port);
  if (usrsctp_connect(so, reinterpret_cast<sockaddr*>(&remote), sizeof remote) != 0 &&
      errno != EINPROGRESS) {
    connection_ = nullptr;
    usrsctp_set_upcall(so, nullptr, nullptr);
    return fail(errno_text("usrsctp_connect"));
  }
  // COMM_UP or CANT_STR_ASSOC arrives as a notification.
}

void UsrsctpAssociation::schedule_reconnect() {
  if (stopping_ || role_ != Role::Initiator) return;
  const auto delay = backoff_.next_delay();
  log(Severity::Informational, "RECONNECT",
      "association " + std::to_string(parameters_.association_id) + " attempt " +
          std::to_string(backoff_.attempts() + 1) + " in " +
          std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(delay).count()) +
          " ms");
  reconnect_timer_.expires_after(delay);
  reconnect_timer_.async_wait([this, alive = std::weak_ptr<int>(alive_)](const boost::system::error_code& ec) {
    if (ec || alive.expired()) return;
    connect_now();
  });
}

void UsrsctpAssociation::upcall(struct socket*, void* arg, int) {
  // Called from inside usrsctp (conninput, timers, sendv) with its locks held: never
  // re-enter usrsctp here, only schedule a pump on the io_context.
  static_cast<UsrsctpAssociation*>(arg)->schedule_pump();
}

void UsrsctpAssociation::schedule_pump() {
  if (pump_pending_) return;
  pump_pending_ = true;
  asio::post(io_, [this, alive = std::weak_ptr<int>(alive_)] {
    if (alive.expired()) return;
    pump_pending_ = false;
    pump();
  });
}

void UsrsctpAssociation::pump() {
  if (listener_ != nullptr) accept_pending();
  if (connection_ != nullptr) read_pending();
  if (up_) flush();
}

void UsrsctpAssociation::accept_pending() {
  for (;;) {
    auto* so = usrsctp_accept(listener_, nullptr, nullptr);
    if (so == nullptr) return;  // EWOULDBLOCK: nothing (more) to accept
    if (connection_ != nullptr) {
      // The initiator came back with a new association while we still held the old one.
      const bool was_up = up_;
      close_connection(true);
      if (was_up) association_ended(DownReason::PeerRestarted, "new association accepted");
    }
    usrsctp_set_non_blocking(so, 1);
    connection_ = so;
    ++connection_generation_;
    usrsctp_set_upcall(so, &UsrsctpAssociation::upcall, this);
  }
}

void UsrsctpAssociation::read_pending() {
  const auto generation = connection_generation_;
  while (connection_ != nullptr && generation == connection_generation_) {
    sctp_rcvinfo info{};
    socklen_t info_length = sizeof info;
    unsigned int info_type = 0;
    int flags = 0;
    sockaddr_conn from{};
    socklen_t from_length = sizeof from;
    const ssize_t n = usrsctp_recvv(connection_, read_buffer_.data(), read_buffer_.size(),
                                    reinterpret_cast<sockaddr*>(&from), &from_length, &info,
                                    &info_length, &info_type, &flags);
    if (n < 0) {
      if (errno == EWOULDBLOCK || errno == EAGAIN) return;
      association_ended(DownReason::LocalError, errno_text("usrsctp_recvv"));
      return;
    }
    if (n == 0) {
      // End of stream: the association is gone (a notification normally said why first).
      association_ended(DownReason::PeerShutdown, "end of stream");
      return;
    }
    const std::span<const std::uint8_t> chunk(read_buffer_.data(), static_cast<std::size_t>(n));
    if (flags & MSG_NOTIFICATION) {
      // Notifications are small; refuse to buffer an absurd one.
      if (notification_.size() + chunk.size() <= 64 * 1024)
        notification_.insert(notification_.end(), chunk.begin(), chunk.end());
      if (flags & MSG_EOR) {
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
    if (!(flags & MSG_EOR)) continue;  // partial delivery: more of this message follows
    std::vector<std::uint8_t> message = std::move(message_);
    message_.clear();
    if (message_discarding_) {
      message_discarding_ = false;
      ++counters_.truncated_messages;
      continue;
    }
    const auto stream = info_type == SCTP_RECVV_RCVINFO ? stream_from_id(info.rcv_sid) : std::nullopt;
    if (!stream) {
      ++counters_.unknown_stream_messages;
      continue;
    }
    ++counters_.messages_received;
    counters_.bytes_received += message.size();
    if (up_) handler_.on_message(*stream, message);
  }
}

void UsrsctpAssociation::on_notification() {
  const auto n = decode_notification(notification_, kUsrsctpConstants);
  if (!n) return;
  if (n->kind == Notification::Kind::PeerShutdown) {
    association_ended(DownReason::PeerShutdown, "SHUTDOWN received");
    return;
  }
  if (n->kind != Notification::Kind::AssocChange) return;
  switch (n->state) {
    case AssocState::CommUp:
      go_up(n->outbound_streams, n->inbound_streams, false);
      break;
    case AssocState::Restart:
      // RFC 4960 §5.2.2: the peer lost its state; whatever we replicated to it is gone.
      if (up_) report_down(DownReason::PeerRestarted, "association restart");  // same socket lives on
      go_up(n->outbound_streams, n->inbound_streams, true);
      break;
    case AssocState::CommLost:
      association_ended(n->abort_chunk ? DownReason::PeerAborted : DownReason::RetransmissionLimit,
                        "COMM_LOST error " + std::to_string(n->error));
      break;
    case AssocState::ShutdownComplete:
      association_ended(DownReason::PeerShutdown, "SHUTDOWN_COMP");
      break;
    case AssocState::CannotStart:
      association_ended(DownReason::CannotStart,
                        n->abort_chunk ? "INIT answered by ABORT" : "INIT not answered");
      break;
    case AssocState::Other:
      break;
  }
}

void UsrsctpAssociation::go_up(std::uint16_t out_streams, std::uint16_t in_streams, bool restart) {
  if (connection_ == nullptr) return;
  if (out_streams < kStreamCount || in_streams < kStreamCount) {
    // RFC 4960 §5.1.1: the peer may offer fewer streams than asked; havpnc needs both.
    association_ended(DownReason::LocalError,
                      "peer negotiated " + std::to_string(out_streams) + "/" +
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
    if (!set_option(connection_, IPPROTO_SCTP, SCTP_SS_VALUE, value))
      log(Severity::Warning, "OPTION", errno_text("SCTP_SS_VALUE"));
  }
  log(Severity::Notice, "ASSOC_UP",
      "association " + std::to_string(parameters_.association_id) + " up, streams out " +
          std::to_string(out_streams) + " in " + std::to_string(in_streams) +
          (restart ? " (peer restarted)" : ""));
  handler_.on_up(UpEvent{out_streams, in_streams, restart});
}

// The peer's state is gone (RFC 4960 §5.2.2) but the association continues: what was
// queued for the old peer is meaningless to the new one.
void UsrsctpAssociation::report_down(DownReason reason, std::string detail) {
  up_ = false;
  queue_.clear();
  drained_pending_ = false;
  ++counters_.downs;
  log(Severity::Notice, "ASSOC_DOWN",
      "association " + std::to_string(parameters_.association_id) + " down: " +
          std::string(to_string(reason)) + (detail.empty() ? "" : " (" + detail + ")"));
  handler_.on_down(DownEvent{reason, std::move(detail)});
}

void UsrsctpAssociation::association_ended(DownReason reason, std::string detail) {
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

void UsrsctpAssociation::close_connection(bool abort) {
  if (connection_ == nullptr) return;
  auto* so = connection_;
  connection_ = nullptr;
  ++connection_generation_;
  message_.clear();
  message_discarding_ = false;
  notification_.clear();
  usrsctp_set_upcall(so, nullptr, nullptr);
  if (abort) {
    const linger l{1, 0};  // close sends ABORT instead of a graceful SHUTDOWN
    set_option(so, SOL_SOCKET, SO_LINGER, l);
  }
  usrsctp_close(so);
}

SendResult UsrsctpAssociation::send(Stream stream, std::span<const std::uint8_t> message) {
  if (!up_) return SendResult::NotUp;
  const auto result = queue_.push(stream, message);
  if (result != SendResult::Queued) return result;
  drained_pending_ = true;
  flush();
  return SendResult::Queued;
}

void UsrsctpAssociation::flush() {
  const auto generation = connection_generation_;
  while (up_ && connection_ != nullptr && !queue_.empty()) {
    const auto item = queue_.front();
    sctp_sndinfo info{};
    info.snd_sid = stream_id(item.stream);
    const ssize_t n = usrsctp_sendv(connection_, item.bytes.data(), item.bytes.size(), nullptr, 0,
                                    &info, sizeof info, SCTP_SENDV_SNDINFO, 0);
    if (n < 0) {
      if (errno == EWOULDBLOCK || errno == EAGAIN) return;  // the WRITE upcall resumes us
      association_ended(DownReason::LocalError, errno_text("usrsctp_sendv"));
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

void UsrsctpAssociation::receive_datagram() {
  udp_.async_receive_from(
      asio::buffer(datagram_), from_,
      [this, alive = std::weak_ptr<int>(alive_)](const boost::system::error_code& ec, std::size_t n) {
        if (alive.expired() || ec == asio::error::operation_aborted || !udp_.is_open()) return;
        if (!ec) {
          // Only the configured peer may speak SCTP to us; anything else is dropped before
          // the stack sees it (usrsctp would answer it with an ABORT, RFC 4960 §8.4).
          if (from_ != remote_udp_) {
            ++counters_.foreign_datagrams;
          } else {
            usrsctp_conninput(link(), datagram_.data(), n, 0);
          }
        }
        receive_datagram();
      });
}

void UsrsctpAssociation::output_packet(const void* data, std::size_t length) {
  if (!udp_.is_open()) return;
  boost::system::error_code ec;
  // Non-blocking: a full socket buffer drops the packet, which SCTP retransmits like any
  // other loss (RFC 4960 §6.3.3).
  udp_.send_to(asio::buffer(data, length), remote_udp_, 0, ec);
  if (ec) ++counters_.datagrams_not_sent;
}

}  // namespace havpnc::sctp
