#pragma once
// Vocabulary shared by the Linux edges: IPv4 prefixes, MAC addresses, and what rtnetlink
// reports about links, addresses and routes. Plain values, no I/O.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/ip/address_v4.hpp>

namespace havpnc::net {

using Ipv4 = boost::asio::ip::address_v4;
using MacAddress = std::array<std::uint8_t, 6>;

// "00:00:0c:07:ac:02"
std::string to_string(const MacAddress& mac);
std::optional<MacAddress> parse_mac(std::string_view text);

struct Ipv4Prefix {
  Ipv4 address;
  std::uint8_t length = 32;

  std::string to_string() const;  // "6.6.156.100/24"
  friend bool operator==(const Ipv4Prefix&, const Ipv4Prefix&) = default;
};
// "a.b.c.d/len" or "a.b.c.d" (a host, /32); nullopt on anything else.
std::optional<Ipv4Prefix> parse_prefix(std::string_view text);

// The rtnetlink protocol number stamped on every address (IFA_PROTO) and route
// (rtm_protocol) havpnc adds. The kernel does not interpret values >= RTPROT_STATIC
// (linux/rtnetlink.h); 168 is unassigned in iproute2's rt_protos. It lets a restarted
// process find and withdraw what a crashed earlier run left behind (ENVIRONMENT.md: a VIP
// left on a dead router's interface makes both routers answer for it).
inline constexpr std::uint8_t kHavpncProtocol = 168;

// Links have no protocol stamp: the macvlans havpnc creates for HSRP virtual MACs are named
// with this prefix ("hvh<group>.<lower ifindex>", within IFNAMSIZ), and the sweep removes only
// macvlans so named — an operator's macvlan is never touched.
inline constexpr std::string_view kHavpncMacvlanPrefix = "hvh";

struct LinkInfo {
  int ifindex = 0;
  std::string name;
  unsigned flags = 0;             // IFF_* (net/if.h)
  std::uint8_t operstate = 0;     // IF_OPER_* (RFC 2863 ifOperStatus, linux/if.h)
  std::uint32_t mtu = 0;
  std::optional<MacAddress> mac;  // only for Ethernet-like links (6-byte IFLA_ADDRESS)
  std::string kind;               // IFLA_INFO_KIND ("veth", "macvlan", ...); empty when none
  int lower_ifindex = 0;          // IFLA_LINK: the device a macvlan or VLAN sits on

  bool admin_up() const;   // IFF_UP: "shutdown" / "no shutdown"
  bool lower_up() const;   // IFF_LOWER_UP: carrier
  // IOS "line protocol is up": administratively up, carrier present, and the operational
  // state is up or unknown (TUN and loopback report IF_OPER_UNKNOWN while working).
  bool line_protocol_up() const;
};

struct AddressInfo {
  int ifindex = 0;
  Ipv4Prefix prefix;
  std::string label;              // IFA_LABEL, e.g. "eth0" or "eth0:vip"
  std::uint8_t protocol = 0;      // IFA_PROTO; kHavpncProtocol for ours
  std::uint32_t flags = 0;        // IFA_F_*; IFA_F_SECONDARY for a second address in a subnet
};

struct Route {
  Ipv4Prefix destination;
  int oif = 0;                          // output interface; 0 = let the gateway decide
  std::optional<Ipv4> gateway;
  std::optional<Ipv4> preferred_source; // RTA_PREFSRC: source for locally originated packets
  std::uint32_t table = 254;            // RT_TABLE_MAIN
  std::uint8_t protocol = kHavpncProtocol;
  std::uint32_t metric = 0;
  std::uint8_t type = 1;                // RTN_UNICAST (reported by dumps; requests send unicast)
};

struct LinkEvent {
  LinkInfo link;
  bool removed = false;  // RTM_DELLINK: the interface is gone
};

}  // namespace havpnc::net
