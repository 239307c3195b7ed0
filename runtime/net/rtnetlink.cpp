#include "runtime/net/rtnetlink.h"

#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>

#include "runtime/net/error.h"

namespace havpnc::net {
namespace {

// Dumps are sent in skbs of up to 32 KiB; 64 KiB never truncates one.
constexpr std::size_t kReceiveBuffer = 64 * 1024;
// A dump whose table changed under it is flagged NLM_F_DUMP_INTR; ask again a few times.
constexpr int kDumpAttempts = 4;

}  // namespace

Rtnetlink::Rtnetlink() : buffer_(kReceiveBuffer) {
  fd_ = UniqueFd(::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE));
  if (!fd_) { const int error_number = errno; throw_errno("open rtnetlink socket", error_number); }
  int on = 1;
  // Extended ACKs carry the kernel's reason as text; capped ACKs do not echo the request.
  // Both are optional niceties: older kernels refuse them and the errno alone still works.
  ::setsockopt(fd_.get(), SOL_NETLINK, NETLINK_EXT_ACK, &on, sizeof on);
  ::setsockopt(fd_.get(), SOL_NETLINK, NETLINK_CAP_ACK, &on, sizeof on);
  // The kernel answers at once; a missing answer means something is badly wrong, and the
  // router should fail with a message rather than hang in its io_context thread.
  timeval timeout{5, 0};
  ::setsockopt(fd_.get(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  sockaddr_nl local{};
  local.nl_family = AF_NETLINK;
  if (::bind(fd_.get(), reinterpret_cast<sockaddr*>(&local), sizeof local) < 0)
    { const int error_number = errno; throw_errno("bind rtnetlink socket", error_number); }
  seq_ = static_cast<std::uint32_t>(::time(nullptr));
}

void Rtnetlink::request(const netlink::Bytes& message,
                        const std::function<std::string()>& what) {
  std::uint32_t seq = 0;
  std::memcpy(&seq, message.data() + offsetof(nlmsghdr, nlmsg_seq), sizeof seq);
  sockaddr_nl kernel{};
  kernel.nl_family = AF_NETLINK;
  if (::sendto(fd_.get(), message.data(), message.size(), 0,
               reinterpret_cast<sockaddr*>(&kernel), sizeof kernel) < 0)
    { const int error_number = errno; throw_errno(what(), error_number); }
  for (;;) {
    ssize_t n = ::recv(fd_.get(), buffer_.data(), buffer_.size(), 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN) throw NetError(what() + ": no answer from the kernel in 5 s", ETIMEDOUT);
      { const int error_number = errno; throw_errno(what(), error_number); }
    }
    auto split = netlink::split_messages({buffer_.data(), static_cast<std::size_t>(n)});
    if (split.malformed) ++malformed_;
    for (const auto& m : split.messages) {
      if (m.seq != seq) continue;  // a late answer to an earlier request
      netlink::Ack ack;
      auto d = netlink::decode_ack(m, ack);
      if (d == netlink::Decode::Malformed) {
        ++malformed_;
        throw NetError(what() + ": malformed answer from the kernel", EPROTO);
      }
      if (d != netlink::Decode::Ok) continue;
      if (ack.error == 0) return;
      std::string text = what() + ": " + explain_errno(ack.error);
      if (!ack.kernel_message.empty()) text += " (kernel: " + ack.kernel_message + ")";
      throw NetError(text, ack.error);
    }
  }
}

void Rtnetlink::dump(std::uint16_t type, const std::string& what,
                     const std::function<void(const netlink::Message&)>& each) {
  for (int attempt = 0; attempt < kDumpAttempts; ++attempt) {
    std::vector<std::vector<std::uint8_t>> kept;  // messages of this attempt, replayed at DONE
    bool interrupted = false;
    std::uint8_t family = type == RTM_GETLINK ? AF_UNSPEC : AF_INET;
    auto request = netlink::dump_request(type, family, ++seq_);
    sockaddr_nl kernel{};
    kernel.nl_family = AF_NETLINK;
    if (::sendto(fd_.get(), request.data(), request.size(), 0,
                 reinterpret_cast<sockaddr*>(&kernel), sizeof kernel) < 0)
      { const int error_number = errno; throw_errno(what, error_number); }
    bool done = false;
    while (!done) {
      ssize_t n = ::recv(fd_.get(), buffer_.data(), buffer_.size(), 0);
      if (n < 0) {
        if (errno == EINTR) continue;
        if (errno == EAGAIN) throw NetError(what + ": no answer from the kernel in 5 s", ETIMEDOUT);
        { const int error_number = errno; throw_errno(what, error_number); }
      }
      auto split = netlink::split_messages({buffer_.data(), static_cast<std::size_t>(n)});
      if (split.malformed) ++malformed_;
      for (const auto& m : split.messages) {
        if (m.seq != seq_) continue;
        if (m.flags & NLM_F_DUMP_INTR) interrupted = true;
        int error = 0;
        if (netlink::decode_done(m, error) == netlink::Decode::Ok) {
          if (error != 0) throw_errno(what, error);
          done = true;
          break;
        }
        netlink::Ack ack;
        if (netlink::decode_ack(m, ack) == netlink::Decode::Ok && ack.error != 0)
          throw_errno(what, ack.error);
        // Copy header + payload: the receive buffer is reused by the next recv.
        std::vector<std::uint8_t> copy(sizeof(nlmsghdr) + m.payload.size());
        nlmsghdr h{};
        h.nlmsg_len = static_cast<std::uint32_t>(copy.size());
        h.nlmsg_type = m.type;
        h.nlmsg_flags = m.flags;
        h.nlmsg_seq = m.seq;
        h.nlmsg_pid = m.port;
        std::memcpy(copy.data(), &h, sizeof h);
        std::copy(m.payload.begin(), m.payload.end(), copy.begin() + sizeof h);
        kept.push_back(std::move(copy));
      }
    }
    if (interrupted) continue;
    for (const auto& bytes : kept) {
      auto split = netlink::split_messages(bytes);
      for (const auto& m : split.messages) each(m);
    }
    return;
  }
  throw NetError(what + ": the table kept changing during the dump", EAGAIN);
}

std::vector<LinkInfo> Rtnetlink::links() {
  std::vector<LinkInfo> out;
  dump(RTM_GETLINK, "list interfaces", [&](const netlink::Message& m) {
    LinkInfo link;
    auto d = netlink::decode_link(m, link);
    if (d == netlink::Decode::Ok) out.push_back(std::move(link));
    if (d == netlink::Decode::Malformed) ++malformed_;
  });
  return out;
}

std::optional<LinkInfo> Rtnetlink::link(std::string_view name) {
  for (auto& l : links())
    if (l.name == name) return l;
  return std::nullopt;
}

std::vector<AddressInfo> Rtnetlink::addresses() {
  std::vector<AddressInfo> out;
  dump(RTM_GETADDR, "list IPv4 addresses", [&](const netlink::Message& m) {
    AddressInfo a;
    auto d = netlink::decode_address(m, a);
    if (d == netlink::Decode::Ok) out.push_back(std::move(a));
    if (d == netlink::Decode::Malformed) ++malformed_;
  });
  return out;
}

std::vector<Route> Rtnetlink::routes() {
  std::vector<Route> out;
  dump(RTM_GETROUTE, "list IPv4 routes", [&](const netlink::Message& m) {
    Route r;
    auto d = netlink::decode_route(m, r);
    if (d == netlink::Decode::Ok) out.push_back(std::move(r));
    if (d == netlink::Decode::Malformed) ++malformed_;
  });
  return out;
}

std::optional<LinkInfo> Rtnetlink::link_with_address(const Ipv4& address) {
  for (const auto& a : addresses()) {
    if (a.prefix.address != address) continue;
    for (auto& l : links())
      if (l.ifindex == a.ifindex) return l;
  }
  return std::nullopt;
}

std::string Rtnetlink::describe_link(int ifindex) {
  std::string text = "ifindex " + std::to_string(ifindex);
  try {
    for (const auto& l : links())
      if (l.ifindex == ifindex) return l.name + " (" + text + ")";
  } catch (const NetError&) {
    // The name is decoration for the error message being built; the errno is what matters.
  }
  return text;
}

void Rtnetlink::add_address(int ifindex, const Ipv4Prefix& prefix, const AddressOptions& options) {
  if (options.valid_seconds == 0 && !options.replace) {
    request(netlink::address_request(true, ++seq_, ifindex, prefix, options.label, options.protocol),
            [&] { return "add address " + prefix.to_string() + " on " + describe_link(ifindex); });
    return;
  }
  request(netlink::address_request(++seq_, ifindex, prefix, options.label, options.protocol,
                                   {options.valid_seconds, options.replace}),
          [&] {
            return std::string(options.replace ? "refresh" : "add") + " address " +
                   prefix.to_string() + " on " + describe_link(ifindex);
          });
}

void Rtnetlink::remove_address(int ifindex, const Ipv4Prefix& prefix) {
  request(netlink::address_request(false, ++seq_, ifindex, prefix, {}, 0), [&] {
    return "remove address " + prefix.to_string() + " from " + describe_link(ifindex);
  });
}

std::string Rtnetlink::describe_route(const Route& route) {
  std::string text = route.destination.to_string();
  if (route.gateway) text += " via " + route.gateway->to_string();
  if (route.oif > 0) text += " dev " + describe_link(route.oif);
  if (route.table != RT_TABLE_MAIN) text += " table " + std::to_string(route.table);
  return text;
}

void Rtnetlink::add_route(const Route& route) {
  request(netlink::route_request(true, ++seq_, route),
          [&] { return "add route " + describe_route(route); });
}

void Rtnetlink::remove_route(const Route& route) {
  request(netlink::route_request(false, ++seq_, route),
          [&] { return "remove route " + describe_route(route); });
}

void Rtnetlink::set_link_up(int ifindex, bool up) {
  request(netlink::link_admin_request(++seq_, ifindex, up), [&] {
    return std::string("set link ") + (up ? "up" : "down") + " on " + describe_link(ifindex);
  });
}

int Rtnetlink::add_macvlan(const std::string& name, int lower_ifindex, const MacAddress& mac) {
  request(netlink::macvlan_request(++seq_, name, lower_ifindex, mac), [&] {
    return "add macvlan " + name + " (" + to_string(mac) + ") on " + describe_link(lower_ifindex);
  });
  const auto created = link(name);
  if (!created) throw NetError("add macvlan " + name + ": created but not listed", ENODEV);
  return created->ifindex;
}

void Rtnetlink::delete_link(int ifindex) {
  request(netlink::link_delete_request(++seq_, ifindex),
          [&] { return "delete link " + describe_link(ifindex); });
}

}  // namespace havpnc::net
