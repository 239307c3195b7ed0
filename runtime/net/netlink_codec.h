#pragma once
// rtnetlink messages as bytes (RFC 3549 describes the protocol; the layouts are
// linux/netlink.h and linux/rtnetlink.h). Sans-IO: builds requests and decodes what the
// kernel sends, so the encoding is unit-tested and fuzzed without privileges. The kernel is
// trusted to be well-meaning, not to be free of surprises: every length is checked, and a
// message that does not parse is reported as Malformed, never read past its end.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "runtime/net/types.h"

namespace havpnc::net::netlink {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

// One netlink message: nlmsghdr + payload, with attributes appended in TLV form, each
// aligned to 4 bytes (NLMSG_ALIGN / RTA_ALIGN).
class MessageBuilder {
 public:
  MessageBuilder(std::uint16_t type, std::uint16_t flags, std::uint32_t seq);

  // The fixed family header (ifinfomsg, ifaddrmsg, rtmsg): copied as bytes, then padded.
  template <class Header>
  void header(const Header& h) {
    append(ByteView(reinterpret_cast<const std::uint8_t*>(&h), sizeof h));
  }
  void attribute(std::uint16_t type, ByteView value);
  void attribute_u8(std::uint16_t type, std::uint8_t value);
  void attribute_u32(std::uint16_t type, std::uint32_t value);
  void attribute_string(std::uint16_t type, std::string_view value);  // NUL-terminated
  void attribute_ipv4(std::uint16_t type, const Ipv4& value);         // network order
  // A nested attribute (IFLA_LINKINFO, IFLA_INFO_DATA): open it, add its members, close it
  // with the value begin_nested returned (the offset whose length end_nested patches).
  std::size_t begin_nested(std::uint16_t type);
  void end_nested(std::size_t offset);

  Bytes finish() &&;  // sets nlmsg_len

 private:
  void append(ByteView bytes);
  Bytes bytes_;
};

struct Message {
  std::uint16_t type = 0;
  std::uint16_t flags = 0;
  std::uint32_t seq = 0;
  std::uint32_t port = 0;  // nlmsg_pid: the sender's port id, 0 for the kernel
  ByteView payload;        // after nlmsghdr, nlmsg_len - header bytes
};

// A datagram from the kernel holds one or more messages back to back.
struct SplitResult {
  std::vector<Message> messages;
  bool malformed = false;  // a header or length did not fit; messages before it are kept
};
SplitResult split_messages(ByteView datagram);

// Route attributes (struct rtattr) after a family header.
class Attributes {
 public:
  // nullopt when an attribute's length is below its header or runs past the buffer.
  static std::optional<Attributes> parse(ByteView bytes);

  std::optional<ByteView> get(std::uint16_t type) const;  // the first of that type
  std::optional<std::uint8_t> u8(std::uint16_t type) const;
  std::optional<std::uint32_t> u32(std::uint16_t type) const;
  std::optional<std::string> string(std::uint16_t type) const;  // up to the first NUL
  std::optional<Ipv4> ipv4(std::uint16_t type) const;
  std::size_t size() const { return entries_.size(); }

 private:
  std::vector<std::pair<std::uint16_t, ByteView>> entries_;
};

enum class Decode { Ok, Skipped, Malformed };

// RTM_NEWLINK / RTM_DELLINK.
Decode decode_link(const Message& message, LinkInfo& out);
// RTM_NEWADDR; Skipped for non-IPv4 families.
Decode decode_address(const Message& message, AddressInfo& out);
// RTM_NEWROUTE; Skipped for non-IPv4 families.
Decode decode_route(const Message& message, Route& out);

// NLMSG_ERROR: error 0 is the ACK; otherwise a positive errno and, with NETLINK_EXT_ACK,
// the kernel's own sentence (NLMSGERR_ATTR_MSG), e.g. "Nexthop has invalid gateway".
struct Ack {
  int error = 0;
  std::string kernel_message;
};
Decode decode_ack(const Message& message, Ack& out);
// NLMSG_DONE carries an int: 0, or a negative errno when a dump failed part way.
Decode decode_done(const Message& message, int& error);

// Requests. Every change asks for an ACK (NLM_F_ACK) so failures are never silent.
Bytes dump_request(std::uint16_t type, std::uint8_t family, std::uint32_t seq);
Bytes address_request(bool add, std::uint32_t seq, int ifindex, const Ipv4Prefix& prefix,
                      std::string_view label, std::uint8_t protocol);
Bytes route_request(bool add, std::uint32_t seq, const Route& route);
Bytes link_admin_request(std::uint32_t seq, int ifindex, bool up);

// Address lifetimes (IFA_CACHEINFO, seconds): the kernel deletes the address by itself when
// `valid_seconds` pass without a refresh (net/ipv4/devinet.c check_lifetime). `replace`
// (NLM_F_REPLACE without NLM_F_EXCL) refreshes an existing address instead of refusing it.
struct AddressLifetime {
  std::uint32_t valid_seconds = 0;
  bool replace = false;
};
Bytes address_request(std::uint32_t seq, int ifindex, const Ipv4Prefix& prefix,
                      std::string_view label, std::uint8_t protocol,
                      const AddressLifetime& lifetime);
// A macvlan (mode bridge) named `name` on `lower_ifindex` with its own `mac`, created down.
Bytes macvlan_request(std::uint32_t seq, std::string_view name, int lower_ifindex,
                      const MacAddress& mac);
Bytes link_delete_request(std::uint32_t seq, int ifindex);

}  // namespace havpnc::net::netlink
