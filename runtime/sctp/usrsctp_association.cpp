#include "runtime/sctp/usrsctp_association.h"

#include <arpa/inet.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>
#include <utility>

#include <boost/asio/post.hpp>
#include <usrsctp.h>

namespace havpnc::sctp {

namespace asio = boost::asio;

namespace {

const NotificationConstants kUsrsctpConstants{
    SCTP_ASSOC_CHANGE, SCTP_SHUTDOWN_EVENT, SCTP_SENDER_DRY_EVENT, SCTP_COMM_UP,
    SCTP_COMM_LOST,    SCTP_RESTART,        SCTP_SHUTDOWN_COMP,    SCTP_CANT_STR_ASSOC};

sockaddr_conn conn_address(void* link, std::uint16_t port) {
  sockaddr_conn a{};
  a.sconn_family = AF_CONN;
  a.sconn_port = htons(port);
  a.sconn_addr = link;
  return a;
}

template <typename T>
bool set_option(struct socket* so, int level, int name, const T& value) {
  return usrsctp_setsockopt(so, level, name, &value, static_cast<socklen_t>(sizeof value)) == 0;
}

template <typename T>
bool get_option(struct socket* so, int level, int name, T& value) {
  auto length = static_cast<socklen_t>(sizeof value);
  return usrsctp_getsockopt(so, level, name, &value, &length) == 0;
}

asio::ip::address_v4 to_asio(plan::Ipv4 a) { return asio::ip::address_v4(a.bits); }

}  // namespace

UsrsctpAssociation::UsrsctpAssociation(asio::io_context& io, Parameters parameters,
                                       AssociationHandler& handler, LogSink log,
                                       BackoffConfig backoff,
                                       std::function<std::uint32_t()> jitter)
    : StackAssociation(io, parameters, handler, std::move(log), backoff, std::move(jitter),
                       kUsrsctpConstants, parameters.rto_min / 3),
      stack_(UsrsctpStack::acquire(io)),
      udp_(io),
      datagram_(65536),
      probe_timer_(io),
      read_buffer_(64 * 1024) {
  stack_->add_link(link());
}

UsrsctpAssociation::~UsrsctpAssociation() {
  close_connection(true);
  close_listener();
  stack_->remove_link(link());
  boost::system::error_code ignored;
  udp_.close(ignored);
}

std::uint16_t UsrsctpAssociation::udp_port() const {
  boost::system::error_code ec;
  const auto ep = udp_.local_endpoint(ec);
  return ec ? 0 : ep.port();
}

std::optional<std::string> UsrsctpAssociation::start() {
  if (started_) return std::nullopt;
  const auto& p = parameters();
  if (p.local_addresses.empty() || p.remote_addresses.empty())
    return "association needs a local-ip and a remote-ip";
  const auto role = decide_role(p.local_primary(), p.remote_primary());
  if (!role) return "local and remote endpoint are the same";

  const asio::ip::udp::endpoint local(to_asio(p.local_addresses[0]), p.udp_local_port());
  remote_udp_ = asio::ip::udp::endpoint(to_asio(p.remote_addresses[0]), p.udp_remote_port());
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
  if (*role == Role::Listener) {
    listener_ = usrsctp_socket(AF_CONN, SOCK_STREAM, IPPROTO_SCTP, nullptr, nullptr, 0, nullptr);
    if (listener_ == nullptr) return errno_text("usrsctp_socket");
    auto fail = [&](std::string why) {
      close_listener();
      udp_.close(ec);
      return why;
    };
    if (auto error = configure(listener_)) return fail(*error);
    auto address = conn_address(link(), p.local_port);
    if (usrsctp_bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
      return fail(errno_text("usrsctp_bind"));
    if (usrsctp_listen(listener_, 1) != 0) return fail(errno_text("usrsctp_listen"));
    usrsctp_set_upcall(listener_, &UsrsctpAssociation::upcall, this);
  }
  started_ = true;
  receive_datagram();
  begin(*role, "usrsctp (userspace, no threads, RFC 6951 UDP encapsulation, receive window " +
                   std::to_string(receive_window_bytes_ / 1024) + " KB) " +
                   local.address().to_string() + ":" + std::to_string(udp_port()) + " -> " +
                   remote_udp_.address().to_string() + ":" + std::to_string(remote_udp_.port()));
  if (listener_ != nullptr) schedule_pump();  // an INIT may already have been accepted
  return std::nullopt;
}

void UsrsctpAssociation::close_listener() {
  if (listener_ == nullptr) return;
  usrsctp_set_upcall(listener_, nullptr, nullptr);
  usrsctp_close(listener_);
  listener_ = nullptr;
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
  const auto& o = options();
  usrsctp_set_non_blocking(so, 1);

  const OptionStructs<sctp_rtoinfo, sctp_assocparams, sctp_paddrparams, sctp_initmsg> set(
      o, SCTP_FUTURE_ASSOC, SPP_HB_ENABLE);
  if (!set_option(so, IPPROTO_SCTP, SCTP_RTOINFO, set.rto)) return errno_text("SCTP_RTOINFO");
  if (!set_option(so, IPPROTO_SCTP, SCTP_ASSOCINFO, set.assoc)) return errno_text("SCTP_ASSOCINFO");
  if (!set_option(so, IPPROTO_SCTP, SCTP_PEER_ADDR_PARAMS, set.paths))
    return errno_text("SCTP_PEER_ADDR_PARAMS");
  if (!set_option(so, IPPROTO_SCTP, SCTP_INITMSG, set.init)) return errno_text("SCTP_INITMSG");

  const int on = 1;
  // Replication records are latency-sensitive and already whole messages: no Nagle-style
  // bundling delay (RFC 4960 §6.1 leaves the bundling policy to the implementation).
  if (!set_option(so, IPPROTO_SCTP, SCTP_NODELAY, on)) return errno_text("SCTP_NODELAY");
  // sctp_rcvinfo with each message: its stream id (RFC 6458 §5.3.5).
  if (!set_option(so, IPPROTO_SCTP, SCTP_RECVRCVINFO, on)) return errno_text("SCTP_RECVRCVINFO");
  if (!set_option(so, SOL_SOCKET, SO_SNDBUF, o.send_buffer_bytes)) return errno_text("SO_SNDBUF");
  if (!set_option(so, SOL_SOCKET, SO_RCVBUF, receive_window_bytes_)) return errno_text("SO_RCVBUF");

  for (const std::uint16_t type : {std::uint16_t{SCTP_ASSOC_CHANGE}, std::uint16_t{SCTP_SHUTDOWN_EVENT}}) {
    sctp_event event{};
    event.se_assoc_id = SCTP_FUTURE_ASSOC;
    event.se_type = type;
    event.se_on = 1;
    if (!set_option(so, IPPROTO_SCTP, SCTP_EVENT, event)) return errno_text("SCTP_EVENT");
  }
  // SENDER_DRY ends a flight break (flight_breaks.h); without it bulk is never held.
  sctp_event dry{};
  dry.se_assoc_id = SCTP_FUTURE_ASSOC;
  dry.se_type = SCTP_SENDER_DRY_EVENT;
  dry.se_on = 1;
  if (!set_option(so, IPPROTO_SCTP, SCTP_EVENT, dry)) {
    option_refused(errno_text("SCTP_EVENT sender dry"));
    disable_flight_breaks();
  }

  // RFC 8260 §3.4 priority scheduler: when both streams have data in the stack's buffer, the
  // update stream is served first. Best effort: the send queue already orders what we hand
  // over, this also orders what the stack holds.
  sctp_assoc_value scheduler{};
  scheduler.assoc_id = SCTP_FUTURE_ASSOC;
  scheduler.assoc_value = SCTP_SS_PRIORITY;
  if (!set_option(so, IPPROTO_SCTP, SCTP_PLUGGABLE_SS, scheduler))
    option_refused(errno_text("SCTP_PLUGGABLE_SS priority"));
  return std::nullopt;
}

std::optional<StackOptions> UsrsctpAssociation::applied_options() const {
  if (connection_ == nullptr) return std::nullopt;
  // A one-to-one socket answers for its one association whatever the id says.
  sctp_rtoinfo rto{};
  sctp_assocparams assoc{};
  sctp_paddrparams paths{};
  sctp_initmsg init{};
  // The association's own values, not one path's: a wildcard address of our family (usrsctp
  // refuses family 0).
  reinterpret_cast<sockaddr_conn*>(&paths.spp_address)->sconn_family = AF_CONN;
  if (!get_option(connection_, IPPROTO_SCTP, SCTP_RTOINFO, rto) ||
      !get_option(connection_, IPPROTO_SCTP, SCTP_ASSOCINFO, assoc) ||
      !get_option(connection_, IPPROTO_SCTP, SCTP_PEER_ADDR_PARAMS, paths) ||
      !get_option(connection_, IPPROTO_SCTP, SCTP_INITMSG, init))
    return std::nullopt;
  return options_from(rto, assoc, paths, init);
}

void UsrsctpAssociation::open_connection() {
  auto* so = usrsctp_socket(AF_CONN, SOCK_STREAM, IPPROTO_SCTP, nullptr, nullptr, 0, nullptr);
  if (so == nullptr) return connect_failed(errno_text("usrsctp_socket"));
  auto fail = [&](std::string why) {
    usrsctp_set_upcall(so, nullptr, nullptr);
    usrsctp_close(so);
    connect_failed(why);
  };
  if (auto error = configure(so)) return fail(*error);
  auto local = conn_address(link(), parameters().local_port);
  if (usrsctp_bind(so, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0)
    return fail(errno_text("usrsctp_bind"));
  usrsctp_set_upcall(so, &UsrsctpAssociation::upcall, this);
  auto remote = conn_address(link(), parameters().remote_port);
  if (usrsctp_connect(so, reinterpret_cast<sockaddr*>(&remote), sizeof remote) != 0 &&
      errno != EINPROGRESS)
    return fail(errno_text("usrsctp_connect"));
  connection_ = so;
  ++connection_generation_;
  connection_opened();
}

void UsrsctpAssociation::upcall(struct socket*, void* arg, int) {
  // Called from inside usrsctp (conninput, timers, sendv) with its locks held: never
  // re-enter usrsctp here, only schedule a pump on the io_context.
  static_cast<UsrsctpAssociation*>(arg)->schedule_pump();
}

void UsrsctpAssociation::schedule_pump() {
  if (pump_pending_) return;
  pump_pending_ = true;
  asio::post(io(), [this, alive = alive()] {
    if (alive.expired()) return;
    pump_pending_ = false;
    pump();
  });
}

void UsrsctpAssociation::pump() {
  if (listener_ != nullptr) accept_pending();
  if (connection_ != nullptr) read_pending();
  flush();
}

void UsrsctpAssociation::accept_pending() {
  for (;;) {
    auto* so = usrsctp_accept(listener_, nullptr, nullptr);
    if (so == nullptr) return;  // EWOULDBLOCK: nothing (more) to accept
    // The initiator came back with a new association while we still held the old one.
    accepted_while_connected();
    usrsctp_set_non_blocking(so, 1);
    connection_ = so;
    ++connection_generation_;
    usrsctp_set_upcall(so, &UsrsctpAssociation::upcall, this);
    connection_opened();
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
      return socket_failed(errno_text("usrsctp_recvv"));
    }
    if (n == 0) return end_of_stream();
    received(std::span<const std::uint8_t>(read_buffer_.data(), static_cast<std::size_t>(n)),
             (flags & MSG_NOTIFICATION) != 0, (flags & MSG_EOR) != 0,
             info_type == SCTP_RECVV_RCVINFO ? std::optional<std::uint16_t>(info.rcv_sid)
                                             : std::nullopt);
  }
}

void UsrsctpAssociation::prioritize_updates() {
  if (connection_ == nullptr) return;
  for (const auto& [stream, priority] : {std::pair{Stream::Update, 0}, std::pair{Stream::Bulk, 1}}) {
    sctp_stream_value value{};
    value.assoc_id = SCTP_FUTURE_ASSOC;
    value.stream_id = stream_id(stream);
    value.stream_value = static_cast<std::uint16_t>(priority);
    if (!set_option(connection_, IPPROTO_SCTP, SCTP_SS_VALUE, value))
      option_refused(errno_text("SCTP_SS_VALUE"));
  }
}

// A partitioned idle association is noticed only through unanswered HEARTBEATs, sent
// HB.interval + RTO (±50 %) apart, the RTO doubling each time (RFC 4960 §8.3, §6.3.3 E2):
// detection takes HB.interval + the RTO series that starts at the path's RTO. usrsctp 0.9.5
// takes the initiator's first RTT sample from the COOKIE ACK timed from the *first* INIT:
// when that INIT went unanswered (the peer not listening yet, as when one router boots
// first) the sample is RTO.Initial (3 s) plus the real RTT, and the RTO sits at RTO.max.
// Measured (IdleInitiatorGoesDownWhenThePeerStopsAnswering, RTO 50-2000 ms, first INIT
// lost): SRTT 1754 ms on loopback, and the idle initiator down 10.5 s after the peer
// stopped answering instead of 1.2 s; in the SSO lab (RTO.max 10 s) not within 60 s. Our
// own periodic heartbeats rarely correct it: the peer's heartbeats keep the path busy and
// each sample moves SRTT by only 1/8 (RFC 4960 §6.3.1 C3). So once up, ask for HEARTBEATs
// on demand (RFC 6458 §8.1.12 SPP_HB_DEMAND), a few ms apart, until their samples have
// brought the RTO down to RTO.min or it stops falling; bounded, a handful of small packets.
constexpr int kMaxPathProbes = 64;
constexpr auto kPathProbeSpacing = std::chrono::milliseconds{20};
constexpr int kMaxPathProbeStalls = 3;  // answers later than the spacing must not end it

std::optional<UsrsctpAssociation::PathTimes> UsrsctpAssociation::path_times() const {
  if (connection_ == nullptr) return std::nullopt;
  sctp_paddrinfo info{};
  // The AF_CONN address is the UsrsctpLink base, not `this`.
  auto* self = const_cast<UsrsctpLink*>(static_cast<const UsrsctpLink*>(this));
  auto remote = conn_address(self, parameters().remote_port);
  std::memcpy(&info.spinfo_address, &remote, sizeof remote);
  if (!get_option(connection_, IPPROTO_SCTP, SCTP_GET_PEER_ADDR_INFO, info)) return std::nullopt;
  return PathTimes{info.spinfo_rto, info.spinfo_srtt};
}

void UsrsctpAssociation::measure_path() {
  probe_timer_.cancel();
  constexpr auto kNone = std::numeric_limits<std::uint32_t>::max();
  probe_path(connection_generation_, kMaxPathProbes, PathTimes{kNone, kNone}, 0);
}

void UsrsctpAssociation::probe_path(std::uint64_t generation, int probes_left, PathTimes best,
                                    int stalls) {
  if (connection_ == nullptr || generation != connection_generation_) return;
  const auto now = path_times();
  if (!now) return;
  const int sent = kMaxPathProbes - probes_left;
  auto done = [&] {
    if (sent == 0) return;  // the handshake's sample was good
    note(Severity::Informational, "PATH",
         "association " + std::to_string(parameters().association_id) + " RTO " +
             std::to_string(now->rto_ms) + " ms, SRTT " + std::to_string(now->srtt_ms) +
             " ms after " + std::to_string(sent) + " heartbeats on demand");
  };
  if (probes_left <= 0 || now->rto_ms <= options().rto_min_ms) return done();
  // Done when the last few probes lowered neither the RTO nor the SRTT (the RTO alone can sit
  // clamped at RTO.max for a few samples): the path's real RTT is reached.
  if (now->rto_ms < best.rto_ms || now->srtt_ms < best.srtt_ms) {
    best = PathTimes{std::min(best.rto_ms, now->rto_ms), std::min(best.srtt_ms, now->srtt_ms)};
    stalls = 0;
  } else if (++stalls >= kMaxPathProbeStalls) {
    return done();
  }
  sctp_paddrparams demand{};
  demand.spp_assoc_id = SCTP_FUTURE_ASSOC;  // a one-to-one socket: its one association
  auto remote = conn_address(link(), parameters().remote_port);
  std::memcpy(&demand.spp_address, &remote, sizeof remote);
  demand.spp_flags = SPP_HB_DEMAND;  // no other flag: interval and limits stay as configured
  if (!set_option(connection_, IPPROTO_SCTP, SCTP_PEER_ADDR_PARAMS, demand)) {
    option_refused(errno_text("SCTP_PEER_ADDR_PARAMS heartbeat on demand"));
    return;
  }
  ++mutable_counters().path_probes;
  probe_timer_.expires_after(kPathProbeSpacing);
  probe_timer_.async_wait([this, alive = alive(), generation, probes_left, best,
                           stalls](const boost::system::error_code& ec) {
    if (ec || alive.expired()) return;
    probe_path(generation, probes_left - 1, best, stalls);
  });
}

void UsrsctpAssociation::close_connection(bool abort) {
  if (connection_ == nullptr) return;
  auto* so = connection_;
  connection_ = nullptr;
  ++connection_generation_;
  usrsctp_set_upcall(so, nullptr, nullptr);
  if (abort) {
    const linger l{1, 0};  // close sends ABORT instead of a graceful SHUTDOWN
    set_option(so, SOL_SOCKET, SO_LINGER, l);
  }
  usrsctp_close(so);
}

StackAssociation::Transmit UsrsctpAssociation::transmit(Stream stream,
                                                        std::span<const std::uint8_t> message,
                                                        bool sack_now, std::string& error) {
  if (connection_ == nullptr) return Transmit::WouldBlock;
  sctp_sndinfo info{};
  info.snd_sid = stream_id(stream);
  if (sack_now) info.snd_flags = SCTP_SACK_IMMEDIATELY;
  const ssize_t n = usrsctp_sendv(connection_, message.data(), message.size(), nullptr, 0, &info,
                                  sizeof info, SCTP_SENDV_SNDINFO, 0);
  if (n >= 0) return Transmit::Sent;
  if (errno == EWOULDBLOCK || errno == EAGAIN) return Transmit::WouldBlock;  // the WRITE upcall resumes us
  error = errno_text("usrsctp_sendv");
  return Transmit::Failed;
}

void UsrsctpAssociation::receive_datagram() {
  udp_.async_receive_from(
      asio::buffer(datagram_), from_,
      [this, alive = alive()](const boost::system::error_code& ec, std::size_t n) {
        if (alive.expired() || ec == asio::error::operation_aborted || !udp_.is_open()) return;
        if (!ec) {
          // Only the configured peer may speak SCTP to us; anything else is dropped before
          // the stack sees it (usrsctp would answer it with an ABORT, RFC 4960 §8.4).
          if (from_ != remote_udp_) {
            ++mutable_counters().foreign_datagrams;
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
  if (ec) ++mutable_counters().datagrams_not_sent;
}

}  // namespace havpnc::sctp
