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

namespace havpnc::sctp {

namespace asio = boost::asio;

namespace {

// Linux numbers notifications from SCTP_SN_TYPE_BASE and states from 0 (linux/sctp.h).
const NotificationConstants kKernelConstants{
    SCTP_ASSOC_CHANGE, SCTP_SHUTDOWN_EVENT, SCTP_SENDER_DRY_EVENT, SCTP_COMM_UP,
    SCTP_COMM_LOST,    SCTP_RESTART,        SCTP_SHUTDOWN_COMP,    SCTP_CANT_STR_ASSOC};

template <typename T>
bool set_option(int fd, int level, int name, const T& value) {
  return ::setsockopt(fd, level, name, &value, static_cast<socklen_t>(sizeof value)) == 0;
}

template <typename T>
bool get_option(int fd, int level, int name, T& value) {
  auto length = static_cast<socklen_t>(sizeof value);
  return ::getsockopt(fd, level, name, &value, &length) == 0;
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
    : StackAssociation(io, parameters, handler, std::move(log), backoff, std::move(jitter),
                       kKernelConstants, Duration::zero()),  // Linux restarts T3-rtx (R3)
      read_buffer_(64 * 1024) {}

KernelAssociation::~KernelAssociation() {
  close_connection(true);
  close_listener();
}

// A non-blocking one-to-one socket with every option, bound to all local addresses.
std::optional<std::string> KernelAssociation::open_socket(int& fd) {
  const auto& o = options();
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
  const OptionStructs<sctp_rtoinfo, sctp_assocparams, sctp_paddrparams, sctp_initmsg> set(
      o, SCTP_FUTURE_ASSOC, SPP_HB_ENABLE);
  if (!set_option(fd, IPPROTO_SCTP, SCTP_RTOINFO, set.rto)) return fail("SCTP_RTOINFO");
  if (!set_option(fd, IPPROTO_SCTP, SCTP_ASSOCINFO, set.assoc)) return fail("SCTP_ASSOCINFO");
  if (!set_option(fd, IPPROTO_SCTP, SCTP_PEER_ADDR_PARAMS, set.paths)) return fail("SCTP_PEER_ADDR_PARAMS");
  if (!set_option(fd, IPPROTO_SCTP, SCTP_INITMSG, set.init)) return fail("SCTP_INITMSG");
  if (!set_option(fd, IPPROTO_SCTP, SCTP_NODELAY, on)) return fail("SCTP_NODELAY");
  if (!set_option(fd, IPPROTO_SCTP, SCTP_RECVRCVINFO, on)) return fail("SCTP_RECVRCVINFO");
  if (!set_option(fd, SOL_SOCKET, SO_SNDBUF, o.send_buffer_bytes)) return fail("SO_SNDBUF");
  sctp_event_subscribe events{};
  events.sctp_association_event = 1;
  events.sctp_shutdown_event = 1;
  if (!set_option(fd, IPPROTO_SCTP, SCTP_EVENTS, events)) return fail("SCTP_EVENTS");
  // RFC 8260 priority scheduler (Linux ≥ 4.15); best effort, as in the usrsctp backend.
  sctp_assoc_value scheduler{};
  scheduler.assoc_id = SCTP_FUTURE_ASSOC;
  scheduler.assoc_value = SCTP_SS_PRIO;
  if (!set_option(fd, IPPROTO_SCTP, SCTP_STREAM_SCHEDULER, scheduler))
    option_refused(errno_text("SCTP_STREAM_SCHEDULER priority"));

  auto local = addresses(parameters().local_addresses, parameters().local_port);
  if (sctp_bindx(fd, reinterpret_cast<sockaddr*>(local.data()), static_cast<int>(local.size()),
                 SCTP_BINDX_ADD_ADDR) != 0)
    return fail("sctp_bindx");
  return std::nullopt;
}

std::optional<StackOptions> KernelAssociation::applied_options() const {
  if (!connection_) return std::nullopt;
  const int fd = connection_->native_handle();
  sctp_rtoinfo rto{};
  sctp_assocparams assoc{};
  sctp_paddrparams paths{};
  sctp_initmsg init{};
  if (!get_option(fd, IPPROTO_SCTP, SCTP_RTOINFO, rto) ||
      !get_option(fd, IPPROTO_SCTP, SCTP_ASSOCINFO, assoc) ||
      !get_option(fd, IPPROTO_SCTP, SCTP_PEER_ADDR_PARAMS, paths) ||
      !get_option(fd, IPPROTO_SCTP, SCTP_INITMSG, init))
    return std::nullopt;
  return options_from(rto, assoc, paths, init);
}

std::optional<std::string> KernelAssociation::start() {
  if (started_) return std::nullopt;
  const auto& p = parameters();
  if (p.local_addresses.empty() || p.remote_addresses.empty())
    return "association needs a local-ip and a remote-ip";
  const auto role = decide_role(p.local_primary(), p.remote_primary());
  if (!role) return "local and remote endpoint are the same";
  if (*role == Role::Listener) {
    int fd = -1;
    if (auto error = open_socket(fd)) return error;
    if (::listen(fd, 1) != 0) {
      auto text = errno_text("listen");
      ::close(fd);
      return text;
    }
    listener_ = std::make_unique<asio::posix::stream_descriptor>(io(), fd);
  }
  started_ = true;
  begin(*role, "kernel SCTP " + p.local_addresses[0].to_string() + ":" +
                   std::to_string(p.local_port) + " -> " + p.remote_addresses[0].to_string() +
                   ":" + std::to_string(p.remote_port) + " (" +
                   std::to_string(p.local_addresses.size()) + " local, " +
                   std::to_string(p.remote_addresses.size()) + " remote addresses)");
  if (listener_) wait_accept();
  return std::nullopt;
}

void KernelAssociation::close_listener() { listener_.reset(); }

void KernelAssociation::open_connection() {
  int fd = -1;
  if (auto error = open_socket(fd)) return connect_failed(*error);
  auto remote = addresses(parameters().remote_addresses, parameters().remote_port);
  if (sctp_connectx(fd, reinterpret_cast<sockaddr*>(remote.data()), static_cast<int>(remote.size()),
                    nullptr) != 0 &&
      errno != EINPROGRESS) {
    auto text = errno_text("sctp_connectx");
    ::close(fd);
    return connect_failed(text);
  }
  connection_ = std::make_unique<asio::posix::stream_descriptor>(io(), fd);
  ++connection_generation_;
  connection_opened();
  wait_readable();  // COMM_UP or CANT_STR_ASSOC arrives as a notification
}

void KernelAssociation::wait_accept() {
  if (!listener_) return;
  listener_->async_wait(asio::posix::stream_descriptor::wait_read,
                        [this, alive = alive()](const boost::system::error_code& ec) {
    if (ec || alive.expired() || !listener_) return;
    const int fd = ::accept4(listener_->native_handle(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd >= 0) {
      accepted_while_connected();
      connection_ = std::make_unique<asio::posix::stream_descriptor>(io(), fd);
      ++connection_generation_;
      connection_opened();
      wait_readable();
    }
    wait_accept();
  });
}

void KernelAssociation::wait_readable() {
  if (!connection_) return;
  const auto generation = connection_generation_;
  connection_->async_wait(asio::posix::stream_descriptor::wait_read,
                          [this, generation, alive = alive()](const boost::system::error_code& ec) {
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
                          [this, generation, alive = alive()](const boost::system::error_code& ec) {
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
      return socket_failed(errno_text("recvmsg"));
    }
    if (n == 0) return end_of_stream();
    std::optional<std::uint16_t> sid;
    for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
      if (c->cmsg_level == IPPROTO_SCTP && c->cmsg_type == SCTP_RCVINFO &&
          c->cmsg_len >= CMSG_LEN(sizeof(sctp_rcvinfo))) {
        sctp_rcvinfo info;
        std::memcpy(&info, CMSG_DATA(c), sizeof info);
        sid = info.rcv_sid;
      }
    }
    received(std::span<const std::uint8_t>(read_buffer_.data(), static_cast<std::size_t>(n)),
             (msg.msg_flags & MSG_NOTIFICATION) != 0, (msg.msg_flags & MSG_EOR) != 0, sid);
  }
}

void KernelAssociation::prioritize_updates() {
  if (!connection_) return;
  for (const auto& [stream, priority] : {std::pair{Stream::Update, 0}, std::pair{Stream::Bulk, 1}}) {
    sctp_stream_value value{};
    value.assoc_id = SCTP_FUTURE_ASSOC;
    value.stream_id = stream_id(stream);
    value.stream_value = static_cast<std::uint16_t>(priority);
    if (!set_option(connection_->native_handle(), IPPROTO_SCTP, SCTP_STREAM_SCHEDULER_VALUE, value))
      option_refused(errno_text("SCTP_STREAM_SCHEDULER_VALUE"));
  }
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
}

StackAssociation::Transmit KernelAssociation::transmit(Stream stream,
                                                       std::span<const std::uint8_t> message,
                                                       bool sack_now, std::string& error) {
  // Linux exposes no SACK-IMMEDIATELY send flag, and it restarts T3-rtx as RFC 4960 says.
  (void)sack_now;
  if (!connection_) return Transmit::WouldBlock;
  iovec iov{const_cast<std::uint8_t*>(message.data()), message.size()};
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
  info.snd_sid = stream_id(stream);
  std::memcpy(CMSG_DATA(c), &info, sizeof info);
  if (::sendmsg(connection_->native_handle(), &msg, MSG_NOSIGNAL) >= 0) return Transmit::Sent;
  if (errno == EAGAIN || errno == EWOULDBLOCK) {
    wait_writable();
    return Transmit::WouldBlock;
  }
  error = errno_text("sendmsg");
  return Transmit::Failed;
}

}  // namespace havpnc::sctp
