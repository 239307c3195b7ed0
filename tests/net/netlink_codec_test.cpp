// rtnetlink encoding and decoding without a kernel: the layouts of linux/netlink.h and
// linux/rtnetlink.h, alignment, and what happens with lengths that lie.
#include "runtime/net/netlink_codec.h"

#include <gtest/gtest.h>
#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <deque>

namespace havpnc::net::netlink {
namespace {

constexpr unsigned kUpAndCarrier = static_cast<unsigned>(IFF_UP) | IFF_LOWER_UP;

Ipv4 ip(const char* text) { return boost::asio::ip::make_address_v4(text); }

template <class T>
T read_at(const Bytes& b, std::size_t offset) {
  T v{};
  std::memcpy(&v, b.data() + offset, sizeof v);
  return v;
}

// Messages are views; the bytes they view are kept alive for the whole test program.
Message only_message(Bytes bytes) {
  static std::deque<Bytes> kept;
  kept.push_back(std::move(bytes));
  auto split = split_messages(kept.back());
  EXPECT_FALSE(split.malformed);
  EXPECT_EQ(split.messages.size(), 1u);
  return split.messages.at(0);
}

Bytes link_message(int index, unsigned flags, const char* name, std::uint8_t operstate) {
  MessageBuilder b(RTM_NEWLINK, 0, 0);
  ifinfomsg ifi{};
  ifi.ifi_index = index;
  ifi.ifi_flags = flags;
  b.header(ifi);
  if (name) b.attribute_string(IFLA_IFNAME, name);
  b.attribute_u8(IFLA_OPERSTATE, operstate);
  b.attribute_u32(IFLA_MTU, 1500);
  std::uint8_t mac[6] = {0x02, 0, 0, 0, 0, 0x0a};
  b.attribute(IFLA_ADDRESS, mac);
  return std::move(b).finish();
}

TEST(NetlinkBuilder, HeaderLengthAndAttributeAlignment) {
  MessageBuilder b(RTM_NEWADDR, NLM_F_REQUEST, 7);
  ifaddrmsg ifa{};
  b.header(ifa);                      // 8 bytes
  b.attribute_string(IFA_LABEL, "eth0");  // 4 + 5 = 9, padded to 12
  b.attribute_u8(IFA_PROTO, 168);     // 4 + 1 = 5, padded to 8
  Bytes bytes = std::move(b).finish();
  ASSERT_EQ(bytes.size(), 16u + 8u + 12u + 8u);
  EXPECT_EQ(read_at<std::uint32_t>(bytes, 0), bytes.size());
  EXPECT_EQ(read_at<std::uint16_t>(bytes, 4), RTM_NEWADDR);
  EXPECT_EQ(read_at<std::uint32_t>(bytes, 8), 7u);
  EXPECT_EQ(read_at<std::uint16_t>(bytes, 24), 9u);          // rta_len of the label
  EXPECT_EQ(read_at<std::uint16_t>(bytes, 26), IFA_LABEL);
  EXPECT_EQ(std::memcmp(bytes.data() + 28, "eth0\0\0\0\0", 8), 0);  // NUL + zero padding
  EXPECT_EQ(read_at<std::uint16_t>(bytes, 36), 5u);
  EXPECT_EQ(bytes[40], 168);
}

TEST(NetlinkSplit, TwoMessagesBackToBack) {
  Bytes a = link_message(2, IFF_UP, "eth0", IF_OPER_UP);
  Bytes b = link_message(3, 0, "eth1", IF_OPER_DOWN);
  Bytes both = a;
  both.insert(both.end(), b.begin(), b.end());
  auto split = split_messages(both);
  EXPECT_FALSE(split.malformed);
  ASSERT_EQ(split.messages.size(), 2u);
  LinkInfo l;
  ASSERT_EQ(decode_link(split.messages[1], l), Decode::Ok);
  EXPECT_EQ(l.name, "eth1");
}

TEST(NetlinkSplit, LengthsThatLieAreMalformedAndEarlierMessagesKept) {
  Bytes a = link_message(2, IFF_UP, "eth0", IF_OPER_UP);
  Bytes b = link_message(3, 0, "eth1", IF_OPER_DOWN);
  Bytes both = a;
  both.insert(both.end(), b.begin(), b.end() - 3);  // second message cut short
  auto split = split_messages(both);
  EXPECT_TRUE(split.malformed);
  EXPECT_EQ(split.messages.size(), 1u);

  Bytes tiny = a;
  std::uint32_t len = 8;  // below sizeof(nlmsghdr)
  std::memcpy(tiny.data(), &len, sizeof len);
  EXPECT_TRUE(split_messages(tiny).malformed);
  EXPECT_TRUE(split_messages(Bytes(10, 0)).malformed);
  EXPECT_TRUE(split_messages(Bytes{}).messages.empty());
}

TEST(NetlinkSplit, LastMessageNeedNotBePadded) {
  MessageBuilder b(NLMSG_DONE, 0, 1);
  std::uint8_t three[3] = {1, 2, 3};
  b.header(three);  // header() pads; undo it by shrinking nlmsg_len below
  Bytes bytes = std::move(b).finish();
  std::uint32_t len = 16 + 3;
  std::memcpy(bytes.data(), &len, sizeof len);
  bytes.resize(len);
  auto split = split_messages(bytes);
  EXPECT_FALSE(split.malformed);
  ASSERT_EQ(split.messages.size(), 1u);
  EXPECT_EQ(split.messages[0].payload.size(), 3u);
}

TEST(NetlinkAttributes, RejectsTornAndOverlongAttributes) {
  std::uint8_t short_len[4] = {2, 0, 1, 0};  // rta_len 2 < 4
  EXPECT_FALSE(Attributes::parse(short_len));
  std::uint8_t overlong[8] = {12, 0, 1, 0, 1, 2, 3, 4};  // claims 12, has 8
  EXPECT_FALSE(Attributes::parse(overlong));
  std::uint8_t trailing[7] = {4, 0, 1, 0, 0, 9, 0};  // 3 stray bytes, not zero padding
  EXPECT_FALSE(Attributes::parse(trailing));
  std::uint8_t nested[8] = {8, 0, 0x05, 0x80, 1, 0, 0, 0};  // NLA_F_NESTED | 5
  auto attrs = Attributes::parse(nested);
  ASSERT_TRUE(attrs);
  EXPECT_EQ(attrs->u32(5), 1u);
  EXPECT_FALSE(attrs->u8(5));  // wrong size for a u8
  EXPECT_TRUE(Attributes::parse({}));
}

TEST(NetlinkDecode, Link) {
  auto m = only_message(link_message(4, kUpAndCarrier, "Gi0-1", IF_OPER_UP));
  LinkInfo l;
  ASSERT_EQ(decode_link(m, l), Decode::Ok);
  EXPECT_EQ(l.ifindex, 4);
  EXPECT_EQ(l.name, "Gi0-1");
  EXPECT_EQ(l.mtu, 1500u);
  ASSERT_TRUE(l.mac);
  EXPECT_EQ(to_string(*l.mac), "02:00:00:00:00:0a");
  EXPECT_TRUE(l.line_protocol_up());

  ASSERT_EQ(decode_link(only_message(link_message(4, IFF_UP, "x", IF_OPER_LOWERLAYERDOWN)), l),
            Decode::Ok);
  EXPECT_TRUE(l.admin_up());
  EXPECT_FALSE(l.line_protocol_up());  // no carrier
  ASSERT_EQ(decode_link(only_message(link_message(4, kUpAndCarrier, "x", IF_OPER_DORMANT)),
                        l),
            Decode::Ok);
  EXPECT_FALSE(l.line_protocol_up());
}

TEST(NetlinkDecode, LinkWithoutNameOrIndexIsMalformed) {
  LinkInfo l;
  EXPECT_EQ(decode_link(only_message(link_message(4, 0, nullptr, 0)), l), Decode::Malformed);
  EXPECT_EQ(decode_link(only_message(link_message(0, 0, "eth0", 0)), l), Decode::Malformed);
  EXPECT_EQ(decode_link(only_message(link_message(4, 0, "a-name-far-too-long", 0)), l),
            Decode::Malformed);
  Message truncated = only_message(link_message(4, 0, "eth0", 0));
  truncated.payload = truncated.payload.first(10);  // shorter than ifinfomsg
  EXPECT_EQ(decode_link(truncated, l), Decode::Malformed);
  Message other = truncated;
  other.type = RTM_NEWADDR;
  EXPECT_EQ(decode_link(other, l), Decode::Skipped);
}

TEST(NetlinkRequest, AddressAddCarriesProtocolAndLabelAndAsksForAck) {
  Bytes bytes = address_request(true, 9, 5, {ip("6.6.156.100"), 24}, "Gi0-1:vip", 168);
  auto m = only_message(bytes);
  EXPECT_EQ(m.type, RTM_NEWADDR);
  EXPECT_EQ(m.flags, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL);
  EXPECT_EQ(m.seq, 9u);
  // The request decodes like a kernel notification would.
  AddressInfo a;
  ASSERT_EQ(decode_address(m, a), Decode::Ok);
  EXPECT_EQ(a.ifindex, 5);
  EXPECT_EQ(a.prefix.to_string(), "6.6.156.100/24");
  EXPECT_EQ(a.label, "Gi0-1:vip");
  EXPECT_EQ(a.protocol, 168);

  auto del = only_message(address_request(false, 10, 5, {ip("6.6.156.100"), 24}, "", 168));
  EXPECT_EQ(del.type, RTM_DELADDR);
  EXPECT_EQ(del.flags, NLM_F_REQUEST | NLM_F_ACK);
  ASSERT_EQ(decode_address(del, a), Decode::Ok);
  EXPECT_EQ(a.protocol, 0);  // a delete matches on address, not on the stamp
}

// The macvlan that carries an HSRP virtual MAC: name, lower device, MAC, and the nested
// IFLA_LINKINFO { KIND "macvlan", DATA { MODE bridge } } the kernel's rtnl_newlink reads.
TEST(NetlinkRequest, MacvlanCarriesLowerMacAndNestedKindAndMode) {
  const MacAddress vmac{0x00, 0x00, 0x0c, 0x07, 0xac, 0x02};
  auto m = only_message(macvlan_request(7, "hvh2.3", 3, vmac));
  EXPECT_EQ(m.type, RTM_NEWLINK);
  EXPECT_EQ(m.flags, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL);
  auto attrs = Attributes::parse(m.payload.subspan(sizeof(ifinfomsg)));
  ASSERT_TRUE(attrs);
  EXPECT_EQ(attrs->string(IFLA_IFNAME), "hvh2.3");
  EXPECT_EQ(attrs->u32(IFLA_LINK), 3u);
  auto mac = attrs->get(IFLA_ADDRESS);
  ASSERT_TRUE(mac);
  EXPECT_TRUE(std::equal(mac->begin(), mac->end(), vmac.begin(), vmac.end()));
  auto info = Attributes::parse(*attrs->get(IFLA_LINKINFO));
  ASSERT_TRUE(info);
  EXPECT_EQ(info->string(IFLA_INFO_KIND), "macvlan");
  auto data = Attributes::parse(*info->get(IFLA_INFO_DATA));
  ASSERT_TRUE(data);
  EXPECT_EQ(data->u32(IFLA_MACVLAN_MODE), static_cast<std::uint32_t>(MACVLAN_MODE_BRIDGE));
  // The nest lengths cover exactly their members: the nest ends where the message ends.
  EXPECT_EQ(attrs->size(), 4u);

  // Decoded back as a link notification, the kind and lower device are read.
  MessageBuilder b(RTM_NEWLINK, 0, 0);
  ifinfomsg ifi{};
  ifi.ifi_index = 9;
  b.header(ifi);
  b.attribute_string(IFLA_IFNAME, "hvh2.3");
  b.attribute_u32(IFLA_LINK, 3);
  const std::size_t nest = b.begin_nested(IFLA_LINKINFO);
  b.attribute_string(IFLA_INFO_KIND, "macvlan");
  b.end_nested(nest);
  LinkInfo l;
  ASSERT_EQ(decode_link(only_message(std::move(b).finish()), l), Decode::Ok);
  EXPECT_EQ(l.kind, "macvlan");
  EXPECT_EQ(l.lower_ifindex, 3);
  // A torn nest costs the kind, not the link.
  MessageBuilder t(RTM_NEWLINK, 0, 0);
  t.header(ifi);
  t.attribute_string(IFLA_IFNAME, "x");
  const std::uint8_t torn[] = {0x20, 0x00, 0x01, 0x00, 'm'};  // says 32 bytes, has 5
  t.attribute(IFLA_LINKINFO, torn);
  ASSERT_EQ(decode_link(only_message(std::move(t).finish()), l), Decode::Ok);
  EXPECT_EQ(l.kind, "");

  auto del = only_message(link_delete_request(8, 9));
  EXPECT_EQ(del.type, RTM_DELLINK);
  EXPECT_EQ(del.flags, NLM_F_REQUEST | NLM_F_ACK);
  EXPECT_EQ(read_at<ifinfomsg>(Bytes(del.payload.begin(), del.payload.end()), 0).ifi_index, 9);
}

// A VIP with a lifetime: IFA_CACHEINFO valid = preferred = N seconds; a refresh replaces the
// existing address (NLM_F_REPLACE) instead of being refused with EEXIST (NLM_F_EXCL).
TEST(NetlinkRequest, AddressLifetimeAndRefresh) {
  auto add = only_message(address_request(3, 5, {ip("6.6.156.100"), 32}, "", 168, {2, false}));
  EXPECT_EQ(add.flags, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL);
  auto attrs = Attributes::parse(add.payload.subspan(sizeof(ifaddrmsg)));
  ASSERT_TRUE(attrs);
  auto ci = attrs->get(IFA_CACHEINFO);
  ASSERT_TRUE(ci);
  ASSERT_EQ(ci->size(), sizeof(ifa_cacheinfo));
  ifa_cacheinfo c{};
  std::memcpy(&c, ci->data(), sizeof c);
  EXPECT_EQ(c.ifa_valid, 2u);
  EXPECT_EQ(c.ifa_prefered, 2u);
  EXPECT_EQ(attrs->u8(IFA_PROTO), 168);

  auto refresh = only_message(address_request(4, 5, {ip("6.6.156.100"), 32}, "", 168, {2, true}));
  EXPECT_EQ(refresh.flags, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_REPLACE);
  // No lifetime: no IFA_CACHEINFO (the kernel's default is forever).
  auto forever = only_message(address_request(5, 5, {ip("6.6.156.100"), 32}, "", 168, {0, false}));
  EXPECT_FALSE(Attributes::parse(forever.payload.subspan(sizeof(ifaddrmsg)))->get(IFA_CACHEINFO));
}

TEST(NetlinkDecode, AddressFamiliesAndLimits) {
  MessageBuilder b(RTM_NEWADDR, 0, 0);
  ifaddrmsg ifa{};
  ifa.ifa_family = AF_INET6;
  b.header(ifa);
  AddressInfo a;
  EXPECT_EQ(decode_address(only_message(std::move(b).finish()), a), Decode::Skipped);

  MessageBuilder c(RTM_NEWADDR, 0, 0);
  ifa.ifa_family = AF_INET;
  ifa.ifa_prefixlen = 33;
  c.header(ifa);
  c.attribute_ipv4(IFA_LOCAL, ip("1.2.3.4"));
  EXPECT_EQ(decode_address(only_message(std::move(c).finish()), a), Decode::Malformed);

  MessageBuilder d(RTM_NEWADDR, 0, 0);
  ifa.ifa_prefixlen = 24;
  ifa.ifa_flags = IFA_F_SECONDARY;
  d.header(ifa);
  d.attribute_ipv4(IFA_ADDRESS, ip("1.2.3.4"));  // no IFA_LOCAL: fall back to IFA_ADDRESS
  d.attribute_u32(IFA_FLAGS, IFA_F_SECONDARY | IFA_F_NOPREFIXROUTE);
  ASSERT_EQ(decode_address(only_message(std::move(d).finish()), a), Decode::Ok);
  EXPECT_EQ(a.prefix.address, ip("1.2.3.4"));
  EXPECT_EQ(a.flags, static_cast<std::uint32_t>(IFA_F_SECONDARY | IFA_F_NOPREFIXROUTE));

  MessageBuilder e(RTM_NEWADDR, 0, 0);
  e.header(ifa);  // no address at all
  EXPECT_EQ(decode_address(only_message(std::move(e).finish()), a), Decode::Malformed);
}

TEST(NetlinkRequest, RouteIntoTunnelIsOnLinkAndDeleteMatchesAnyScope) {
  Route r;
  r.destination = {ip("6.6.2.0"), 24};
  r.oif = 7;
  auto m = only_message(route_request(true, 1, r));
  rtmsg rtm{};
  std::memcpy(&rtm, m.payload.data(), sizeof rtm);
  EXPECT_EQ(rtm.rtm_scope, RT_SCOPE_LINK);
  EXPECT_EQ(rtm.rtm_protocol, 168);
  EXPECT_EQ(rtm.rtm_table, RT_TABLE_MAIN);
  Route back;
  ASSERT_EQ(decode_route(m, back), Decode::Ok);
  EXPECT_EQ(back.destination.to_string(), "6.6.2.0/24");
  EXPECT_EQ(back.oif, 7);
  EXPECT_FALSE(back.gateway);

  r.gateway = ip("6.6.156.1");
  r.metric = 20;
  m = only_message(route_request(true, 2, r));
  std::memcpy(&rtm, m.payload.data(), sizeof rtm);
  EXPECT_EQ(rtm.rtm_scope, RT_SCOPE_UNIVERSE);
  ASSERT_EQ(decode_route(m, back), Decode::Ok);
  EXPECT_EQ(back.gateway, ip("6.6.156.1"));
  EXPECT_EQ(back.metric, 20u);

  m = only_message(route_request(false, 3, r));
  EXPECT_EQ(m.type, RTM_DELROUTE);
  std::memcpy(&rtm, m.payload.data(), sizeof rtm);
  EXPECT_EQ(rtm.rtm_scope, RT_SCOPE_NOWHERE);

  Route def;
  def.destination = {Ipv4::any(), 0};
  def.gateway = ip("10.0.0.1");
  def.table = 1000;  // beyond the 8-bit rtm_table: only RTA_TABLE carries it
  m = only_message(route_request(true, 4, def));
  ASSERT_EQ(decode_route(m, back), Decode::Ok);
  EXPECT_EQ(back.destination.to_string(), "0.0.0.0/0");
  EXPECT_EQ(back.table, 1000u);
  auto attrs = Attributes::parse(m.payload.subspan(sizeof(rtmsg)));
  ASSERT_TRUE(attrs);
  EXPECT_FALSE(attrs->get(RTA_DST));
}

TEST(NetlinkRequest, LinkAdminChangesOnlyIffUp) {
  auto m = only_message(link_admin_request(5, 3, false));
  ifinfomsg ifi{};
  std::memcpy(&ifi, m.payload.data(), sizeof ifi);
  EXPECT_EQ(ifi.ifi_index, 3);
  EXPECT_EQ(ifi.ifi_flags, 0u);
  EXPECT_EQ(ifi.ifi_change, static_cast<unsigned>(IFF_UP));
  EXPECT_EQ(m.flags, NLM_F_REQUEST | NLM_F_ACK);
}

TEST(NetlinkRequest, DumpsUseTheFamilyHeaderOfTheirType) {
  EXPECT_EQ(only_message(dump_request(RTM_GETLINK, AF_UNSPEC, 1)).payload.size(), sizeof(ifinfomsg));
  EXPECT_EQ(only_message(dump_request(RTM_GETADDR, AF_INET, 1)).payload.size(), sizeof(ifaddrmsg));
  auto m = only_message(dump_request(RTM_GETROUTE, AF_INET, 1));
  EXPECT_EQ(m.payload.size(), sizeof(rtmsg));
  EXPECT_EQ(m.payload[0], AF_INET);
  EXPECT_EQ(m.flags, NLM_F_REQUEST | NLM_F_DUMP);
}

Bytes error_message(int error, std::uint16_t flags, const char* kernel_text, bool echo_request) {
  MessageBuilder b(NLMSG_ERROR, flags, 42);
  nlmsgerr err{};
  err.error = -error;
  err.msg.nlmsg_len = echo_request ? 16 + 8 : 16;
  err.msg.nlmsg_type = RTM_NEWADDR;
  b.header(err);
  if (echo_request) {
    std::uint8_t request_payload[8] = {2, 24, 0, 0, 5, 0, 0, 0};
    b.header(request_payload);
  }
  if (kernel_text) b.attribute_string(NLMSGERR_ATTR_MSG, kernel_text);
  return std::move(b).finish();
}

TEST(NetlinkDecode, AckErrorAndExtendedAckText) {
  Ack ack;
  ASSERT_EQ(decode_ack(only_message(error_message(0, NLM_F_CAPPED, nullptr, false)), ack),
            Decode::Ok);
  EXPECT_EQ(ack.error, 0);

  ASSERT_EQ(decode_ack(only_message(error_message(EEXIST, NLM_F_CAPPED | NLM_F_ACK_TLVS,
                                                  "Address already assigned", false)),
                       ack),
            Decode::Ok);
  EXPECT_EQ(ack.error, EEXIST);
  EXPECT_EQ(ack.kernel_message, "Address already assigned");

  // Not capped: the request is echoed and the TLVs follow it.
  ASSERT_EQ(decode_ack(only_message(error_message(ENODEV, NLM_F_ACK_TLVS, "No such device", true)),
                       ack),
            Decode::Ok);
  EXPECT_EQ(ack.error, ENODEV);
  EXPECT_EQ(ack.kernel_message, "No such device");
}

TEST(NetlinkDecode, AckThatLiesIsMalformed) {
  Ack ack;
  Bytes positive = error_message(0, 0, nullptr, false);
  std::int32_t bad = 5;  // errors are negative or zero
  std::memcpy(positive.data() + 16, &bad, sizeof bad);
  EXPECT_EQ(decode_ack(only_message(positive), ack), Decode::Malformed);

  Bytes echo_too_long = error_message(EINVAL, NLM_F_ACK_TLVS, "x", true);
  std::uint32_t huge = 4000;  // echoed request claims more than is there
  std::memcpy(echo_too_long.data() + 16 + 4, &huge, sizeof huge);
  EXPECT_EQ(decode_ack(only_message(echo_too_long), ack), Decode::Malformed);

  Bytes beyond_errno = error_message(0, 0, nullptr, false);
  std::int32_t int_min = INT32_MIN;  // found by fuzz_net_decode: negating it overflowed
  std::memcpy(beyond_errno.data() + 16, &int_min, sizeof int_min);
  EXPECT_EQ(decode_ack(only_message(beyond_errno), ack), Decode::Malformed);

  Message cut = only_message(error_message(0, 0, nullptr, false));
  cut.payload = cut.payload.first(3);
  EXPECT_EQ(decode_ack(cut, ack), Decode::Malformed);
}

TEST(NetlinkDecode, Done) {
  MessageBuilder b(NLMSG_DONE, NLM_F_MULTI, 1);
  std::int32_t value = -EINTR;
  b.header(value);
  int error = 0;
  ASSERT_EQ(decode_done(only_message(std::move(b).finish()), error), Decode::Ok);
  EXPECT_EQ(error, EINTR);
  MessageBuilder huge(NLMSG_DONE, NLM_F_MULTI, 1);
  std::int32_t int_min = INT32_MIN;
  huge.header(int_min);
  EXPECT_EQ(decode_done(only_message(std::move(huge).finish()), error), Decode::Malformed);
  MessageBuilder bare(NLMSG_DONE, NLM_F_MULTI, 1);
  ASSERT_EQ(decode_done(only_message(std::move(bare).finish()), error), Decode::Ok);
  EXPECT_EQ(error, 0);
}

}  // namespace
}  // namespace havpnc::net::netlink
