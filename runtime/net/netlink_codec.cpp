#include "runtime/net/netlink_codec.h"

#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>

namespace havpnc::net::netlink {
namespace {

constexpr std::size_t kAlign = 4;  // NLMSG_ALIGNTO == RTA_ALIGNTO
// The kernel's errnos are 1..4095 (MAX_ERRNO); anything beyond is not an error it sent, and
// negating INT_MIN would be undefined.
constexpr std::int32_t kMaxErrno = 4095;
constexpr std::size_t align(std::size_t n) { return (n + kAlign - 1) & ~(kAlign - 1); }

template <class T>
bool read_struct(ByteView bytes, T& out) {
  if (bytes.size() < sizeof(T)) return false;
  std::memcpy(&out, bytes.data(), sizeof(T));
  return true;
}

// The attributes following a family header of `header_size` bytes.
std::optional<Attributes> attributes_after(ByteView payload, std::size_t header_size) {
  std::size_t start = align(header_size);
  if (payload.size() < start) return std::nullopt;
  return Attributes::parse(payload.subspan(start));
}

}  // namespace

MessageBuilder::MessageBuilder(std::uint16_t type, std::uint16_t flags, std::uint32_t seq) {
  nlmsghdr h{};
  h.nlmsg_type = type;
  h.nlmsg_flags = flags;
  h.nlmsg_seq = seq;
  header(h);
}

void MessageBuilder::append(ByteView bytes) {
  bytes_.insert(bytes_.end(), bytes.begin(), bytes.end());
  bytes_.resize(align(bytes_.size()), 0);
}

void MessageBuilder::attribute(std::uint16_t type, ByteView value) {
  rtattr a{};
  a.rta_len = static_cast<unsigned short>(sizeof(rtattr) + value.size());
  a.rta_type = type;
  const auto* raw = reinterpret_cast<const std::uint8_t*>(&a);
  bytes_.insert(bytes_.end(), raw, raw + sizeof a);
  append(value);
}

void MessageBuilder::attribute_u8(std::uint16_t type, std::uint8_t value) {
  attribute(type, ByteView(&value, 1));
}

void MessageBuilder::attribute_u32(std::uint16_t type, std::uint32_t value) {
  attribute(type, ByteView(reinterpret_cast<const std::uint8_t*>(&value), sizeof value));
}

void MessageBuilder::attribute_string(std::uint16_t type, std::string_view value) {
  Bytes with_nul(value.begin(), value.end());
  with_nul.push_back(0);
  attribute(type, with_nul);
}

void MessageBuilder::attribute_ipv4(std::uint16_t type, const Ipv4& value) {
  auto bytes = value.to_bytes();
  attribute(type, ByteView(bytes.data(), bytes.size()));
}

std::size_t MessageBuilder::begin_nested(std::uint16_t type) {
  const std::size_t offset = bytes_.size();
  rtattr a{};
  a.rta_type = type;
  const auto* raw = reinterpret_cast<const std::uint8_t*>(&a);
  bytes_.insert(bytes_.end(), raw, raw + sizeof a);
  return offset;
}

void MessageBuilder::end_nested(std::size_t offset) {
  const auto len = static_cast<unsigned short>(bytes_.size() - offset);
  std::memcpy(bytes_.data() + offset + offsetof(rtattr, rta_len), &len, sizeof len);
}

Bytes MessageBuilder::finish() && {
  auto len = static_cast<std::uint32_t>(bytes_.size());
  std::memcpy(bytes_.data() + offsetof(nlmsghdr, nlmsg_len), &len, sizeof len);
  return std::move(bytes_);
}

SplitResult split_messages(ByteView datagram) {
  SplitResult result;
  std::size_t offset = 0;
  while (offset < datagram.size()) {
    nlmsghdr h{};
    if (!read_struct(datagram.subspan(offset), h) || h.nlmsg_len < sizeof(nlmsghdr) ||
        h.nlmsg_len > datagram.size() - offset) {
      result.malformed = true;
      break;
    }
    Message m;
    m.type = h.nlmsg_type;
    m.flags = h.nlmsg_flags;
    m.seq = h.nlmsg_seq;
    m.port = h.nlmsg_pid;
    m.payload = datagram.subspan(offset + sizeof(nlmsghdr), h.nlmsg_len - sizeof(nlmsghdr));
    result.messages.push_back(m);
    // The last message need not be padded; stop instead of stepping past the end.
    std::size_t step = align(h.nlmsg_len);
    if (step >= datagram.size() - offset) break;
    offset += step;
  }
  return result;
}

std::optional<Attributes> Attributes::parse(ByteView bytes) {
  Attributes out;
  std::size_t offset = 0;
  while (bytes.size() - offset >= sizeof(rtattr)) {
    rtattr a{};
    read_struct(bytes.subspan(offset), a);
    if (a.rta_len < sizeof(rtattr) || a.rta_len > bytes.size() - offset) return std::nullopt;
    // NLA_F_NESTED / NLA_F_NET_BYTEORDER live in the top bits of the type.
    auto type = static_cast<std::uint16_t>(a.rta_type & NLA_TYPE_MASK);
    out.entries_.emplace_back(type, bytes.subspan(offset + sizeof(rtattr),
                                                  a.rta_len - sizeof(rtattr)));
    std::size_t step = align(a.rta_len);
    if (step >= bytes.size() - offset) return out;
    offset += step;
  }
  // Fewer than 4 bytes left: padding is zeros; anything else is a torn attribute.
  for (std::size_t i = offset; i < bytes.size(); ++i)
    if (bytes[i] != 0) return std::nullopt;
  return out;
}

std::optional<ByteView> Attributes::get(std::uint16_t type) const {
  for (const auto& [t, value] : entries_)
    if (t == type) return value;
  return std::nullopt;
}

std::optional<std::uint8_t> Attributes::u8(std::uint16_t type) const {
  auto v = get(type);
  if (!v || v->size() != 1) return std::nullopt;
  return (*v)[0];
}

std::optional<std::uint32_t> Attributes::u32(std::uint16_t type) const {
  auto v = get(type);
  std::uint32_t out = 0;
  if (!v || v->size() != sizeof out) return std::nullopt;
  std::memcpy(&out, v->data(), sizeof out);
  return out;
}

std::optional<std::string> Attributes::string(std::uint16_t type) const {
  auto v = get(type);
  if (!v) return std::nullopt;
  auto nul = std::find(v->begin(), v->end(), std::uint8_t{0});
  return std::string(v->begin(), nul);
}

std::optional<Ipv4> Attributes::ipv4(std::uint16_t type) const {
  auto v = get(type);
  if (!v || v->size() != 4) return std::nullopt;
  Ipv4::bytes_type b{};
  std::copy(v->begin(), v->end(), b.begin());
  return Ipv4(b);
}

Decode decode_link(const Message& message, LinkInfo& out) {
  if (message.type != RTM_NEWLINK && message.type != RTM_DELLINK) return Decode::Skipped;
  ifinfomsg ifi{};
  if (!read_struct(message.payload, ifi)) return Decode::Malformed;
  auto attrs = attributes_after(message.payload, sizeof ifi);
  if (!attrs || ifi.ifi_index <= 0) return Decode::Malformed;
  auto name = attrs->string(IFLA_IFNAME);
  if (!name || name->empty() || name->size() >= IFNAMSIZ) return Decode::Malformed;
  out = LinkInfo{};
  out.ifindex = ifi.ifi_index;
  out.flags = ifi.ifi_flags;
  out.name = *name;
  out.operstate = attrs->u8(IFLA_OPERSTATE).value_or(IF_OPER_UNKNOWN);
  out.mtu = attrs->u32(IFLA_MTU).value_or(0);
  if (auto mac = attrs->get(IFLA_ADDRESS); mac && mac->size() == 6) {
    MacAddress m{};
    std::copy(mac->begin(), mac->end(), m.begin());
    out.mac = m;
  }
  out.lower_ifindex = static_cast<int>(attrs->u32(IFLA_LINK).value_or(0));
  // IFLA_LINKINFO is nested; a torn nest leaves the kind unknown rather than the link.
  if (auto info = attrs->get(IFLA_LINKINFO))
    if (auto nested = Attributes::parse(*info))
      if (auto kind = nested->string(IFLA_INFO_KIND); kind && kind->size() < IFNAMSIZ)
        out.kind = *kind;
  return Decode::Ok;
}

Decode decode_address(const Message& message, AddressInfo& out) {
  if (message.type != RTM_NEWADDR && message.type != RTM_DELADDR) return Decode::Skipped;
  ifaddrmsg ifa{};
  if (!read_struct(message.payload, ifa)) return Decode::Malformed;
  if (ifa.ifa_family != AF_INET) return Decode::Skipped;
  auto attrs = attributes_after(message.payload, sizeof ifa);
  if (!attrs || ifa.ifa_prefixlen > 32) return Decode::Malformed;
  // IFA_LOCAL is the interface's own address; IFA_ADDRESS is the peer on point-to-point
  // links and equal to IFA_LOCAL elsewhere.
  auto local = attrs->ipv4(IFA_LOCAL);
  if (!local) local = attrs->ipv4(IFA_ADDRESS);
  if (!local) return Decode::Malformed;
  out = AddressInfo{};
  out.ifindex = static_cast<int>(ifa.ifa_index);
  out.prefix = Ipv4Prefix{*local, ifa.ifa_prefixlen};
  out.label = attrs->string(IFA_LABEL).value_or("");
  out.protocol = attrs->u8(IFA_PROTO).value_or(0);
  // IFA_FLAGS (u32) supersedes the 8-bit ifa_flags when present.
  out.flags = attrs->u32(IFA_FLAGS).value_or(ifa.ifa_flags);
  return Decode::Ok;
}

Decode decode_route(const Message& message, Route& out) {
  if (message.type != RTM_NEWROUTE && message.type != RTM_DELROUTE) return Decode::Skipped;
  rtmsg rtm{};
  if (!read_struct(message.payload, rtm)) return Decode::Malformed;
  if (rtm.rtm_family != AF_INET) return Decode::Skipped;
  auto attrs = attributes_after(message.payload, sizeof rtm);
  if (!attrs || rtm.rtm_dst_len > 32) return Decode::Malformed;
  out = Route{};
  out.destination = Ipv4Prefix{attrs->ipv4(RTA_DST).value_or(Ipv4::any()), rtm.rtm_dst_len};
  out.oif = static_cast<int>(attrs->u32(RTA_OIF).value_or(0));
  out.gateway = attrs->ipv4(RTA_GATEWAY);
  out.preferred_source = attrs->ipv4(RTA_PREFSRC);
  out.table = attrs->u32(RTA_TABLE).value_or(rtm.rtm_table);
  out.protocol = rtm.rtm_protocol;
  out.metric = attrs->u32(RTA_PRIORITY).value_or(0);
  out.type = rtm.rtm_type;
  return Decode::Ok;
}

Decode decode_ack(const Message& message, Ack& out) {
  if (message.type != NLMSG_ERROR) return Decode::Skipped;
  nlmsgerr err{};
  if (!read_struct(message.payload, err) || err.error > 0 || err.error < -kMaxErrno)
    return Decode::Malformed;
  out = Ack{};
  out.error = -err.error;
  if (message.flags & NLM_F_ACK_TLVS) {
    std::size_t tlv_offset = sizeof(nlmsgerr);
    if (!(message.flags & NLM_F_CAPPED)) {
      // The whole original request is echoed after the error; the TLVs follow it.
      if (err.msg.nlmsg_len < sizeof(nlmsghdr)) return Decode::Malformed;
      tlv_offset += align(err.msg.nlmsg_len - sizeof(nlmsghdr));
    }
    if (tlv_offset > message.payload.size()) return Decode::Malformed;
    auto tlvs = Attributes::parse(message.payload.subspan(tlv_offset));
    if (!tlvs) return Decode::Malformed;
    out.kernel_message = tlvs->string(NLMSGERR_ATTR_MSG).value_or("");
  }
  return Decode::Ok;
}

Decode decode_done(const Message& message, int& error) {
  if (message.type != NLMSG_DONE) return Decode::Skipped;
  std::int32_t value = 0;
  // Old kernels sent NLMSG_DONE without the int; treat a bare DONE as success.
  if (message.payload.empty()) {
    error = 0;
    return Decode::Ok;
  }
  if (!read_struct(message.payload, value) || value > 0 || value < -kMaxErrno)
    return Decode::Malformed;
  error = -value;
  return Decode::Ok;
}

Bytes dump_request(std::uint16_t type, std::uint8_t family, std::uint32_t seq) {
  MessageBuilder b(type, NLM_F_REQUEST | NLM_F_DUMP, seq);
  // The kernel reads the family header of the message type (and with strict checking
  // insists on its exact size), so send the right one, zeroed apart from the family.
  if (type == RTM_GETLINK) {
    ifinfomsg h{};
    h.ifi_family = family;
    b.header(h);
  } else if (type == RTM_GETADDR) {
    ifaddrmsg h{};
    h.ifa_family = family;
    b.header(h);
  } else {
    rtmsg h{};
    h.rtm_family = family;
    b.header(h);
  }
  return std::move(b).finish();
}

// The ifaddrmsg and attributes every IPv4 address request carries; `protocol` 0 = none.
static void address_body(MessageBuilder& b, int ifindex, const Ipv4Prefix& prefix, std::string_view label,
                  std::uint8_t protocol) {
  ifaddrmsg ifa{};
  ifa.ifa_family = AF_INET;
  ifa.ifa_prefixlen = prefix.length;
  ifa.ifa_scope = RT_SCOPE_UNIVERSE;
  ifa.ifa_index = static_cast<std::uint32_t>(ifindex);
  b.header(ifa);
  b.attribute_ipv4(IFA_LOCAL, prefix.address);
  b.attribute_ipv4(IFA_ADDRESS, prefix.address);
  if (!label.empty()) b.attribute_string(IFA_LABEL, label);
  if (protocol != 0) b.attribute_u8(IFA_PROTO, protocol);
}

Bytes address_request(bool add, std::uint32_t seq, int ifindex, const Ipv4Prefix& prefix,
                      std::string_view label, std::uint8_t protocol) {
  std::uint16_t flags = NLM_F_REQUEST | NLM_F_ACK;
  if (add) flags |= NLM_F_CREATE | NLM_F_EXCL;
  MessageBuilder b(add ? RTM_NEWADDR : RTM_DELADDR, flags, seq);
  address_body(b, ifindex, prefix, label, add ? protocol : 0);
  return std::move(b).finish();
}

Bytes route_request(bool add, std::uint32_t seq, const Route& route) {
  std::uint16_t flags = NLM_F_REQUEST | NLM_F_ACK;
  if (add) flags |= NLM_F_CREATE | NLM_F_EXCL;
  MessageBuilder b(add ? RTM_NEWROUTE : RTM_DELROUTE, flags, seq);
  rtmsg rtm{};
  rtm.rtm_family = AF_INET;
  rtm.rtm_dst_len = route.destination.length;
  rtm.rtm_table = route.table < 256 ? static_cast<std::uint8_t>(route.table)
                                    : static_cast<std::uint8_t>(RT_TABLE_UNSPEC);
  rtm.rtm_protocol = route.protocol;
  // A route out of an interface with no gateway is on-link (scope link), like the routes
  // into the TUN device; with a gateway it is universe. On delete, NOWHERE matches any scope.
  rtm.rtm_scope = !add ? RT_SCOPE_NOWHERE
                       : (route.gateway ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK);
  rtm.rtm_type = RTN_UNICAST;
  b.header(rtm);
  if (route.destination.length > 0) b.attribute_ipv4(RTA_DST, route.destination.address);
  b.attribute_u32(RTA_TABLE, route.table);
  if (route.oif > 0) b.attribute_u32(RTA_OIF, static_cast<std::uint32_t>(route.oif));
  if (route.gateway) b.attribute_ipv4(RTA_GATEWAY, *route.gateway);
  if (route.preferred_source) b.attribute_ipv4(RTA_PREFSRC, *route.preferred_source);
  if (route.metric != 0) b.attribute_u32(RTA_PRIORITY, route.metric);
  return std::move(b).finish();
}

Bytes link_admin_request(std::uint32_t seq, int ifindex, bool up) {
  MessageBuilder b(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK, seq);
  ifinfomsg ifi{};
  ifi.ifi_family = AF_UNSPEC;
  ifi.ifi_index = ifindex;
  ifi.ifi_flags = up ? IFF_UP : 0;
  ifi.ifi_change = IFF_UP;
  b.header(ifi);
  return std::move(b).finish();
}

Bytes address_request(std::uint32_t seq, int ifindex, const Ipv4Prefix& prefix,
                      std::string_view label, std::uint8_t protocol,
                      const AddressLifetime& lifetime) {
  std::uint16_t flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE;
  flags |= lifetime.replace ? NLM_F_REPLACE : NLM_F_EXCL;
  MessageBuilder b(RTM_NEWADDR, flags, seq);
  address_body(b, ifindex, prefix, label, protocol);
  if (lifetime.valid_seconds != 0) {
    // Preferred = valid: a deprecated IPv4 address would stop being chosen as a source
    // before it goes, and the VIP is meant to be all there or gone.
    ifa_cacheinfo ci{};
    ci.ifa_prefered = lifetime.valid_seconds;
    ci.ifa_valid = lifetime.valid_seconds;
    b.attribute(IFA_CACHEINFO, ByteView(reinterpret_cast<const std::uint8_t*>(&ci), sizeof ci));
  }
  return std::move(b).finish();
}

Bytes macvlan_request(std::uint32_t seq, std::string_view name, int lower_ifindex,
                      const MacAddress& mac) {
  MessageBuilder b(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, seq);
  ifinfomsg ifi{};
  ifi.ifi_family = AF_UNSPEC;
  b.header(ifi);
  b.attribute_string(IFLA_IFNAME, name);
  b.attribute_u32(IFLA_LINK, static_cast<std::uint32_t>(lower_ifindex));
  b.attribute(IFLA_ADDRESS, ByteView(mac.data(), mac.size()));
  const std::size_t info = b.begin_nested(IFLA_LINKINFO);
  b.attribute_string(IFLA_INFO_KIND, "macvlan");
  const std::size_t data = b.begin_nested(IFLA_INFO_DATA);
  // Bridge mode: the macvlan and its lower device (and other macvlans) reach each other
  // directly, as two stations on the same segment would.
  b.attribute_u32(IFLA_MACVLAN_MODE, MACVLAN_MODE_BRIDGE);
  b.end_nested(data);
  b.end_nested(info);
  return std::move(b).finish();
}

Bytes link_delete_request(std::uint32_t seq, int ifindex) {
  MessageBuilder b(RTM_DELLINK, NLM_F_REQUEST | NLM_F_ACK, seq);
  ifinfomsg ifi{};
  ifi.ifi_family = AF_UNSPEC;
  ifi.ifi_index = ifindex;
  b.header(ifi);
  return std::move(b).finish();
}

}  // namespace havpnc::net::netlink
