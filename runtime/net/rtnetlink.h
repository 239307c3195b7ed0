#pragma once
// Requests to the kernel's routing netlink (NETLINK_ROUTE) in the calling thread's network
// namespace: list links and IPv4 addresses and routes, add and remove addresses and routes,
// set a link up or down. Every change is ACKed (NLM_F_ACK) and a refusal becomes a NetError
// that names what was asked, why it failed, and the kernel's own extended-ACK sentence.
//
// Requests are synchronous: a netlink round trip to the kernel takes microseconds (see
// README.md for figures), so the engine calls these from its io_context thread. Link state
// changes arrive separately, through LinkMonitor.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/net/descriptor.h"
#include "runtime/net/netlink_codec.h"
#include "runtime/net/types.h"

namespace havpnc::net {

struct AddressOptions {
  // IFA_LABEL; empty keeps the kernel default (the interface name). When given it must
  // start with the interface name (e.g. "eth1:vip"), as `ip addr add ... label` requires.
  std::string label;
  // IFA_PROTO: kHavpncProtocol marks the address as havpnc's so Cleanup can find it later.
  std::uint8_t protocol = kHavpncProtocol;
  // Seconds until the kernel deletes the address unless refreshed (0: forever). A VIP with a
  // lifetime does not outlive a SIGKILLed router by more than that.
  std::uint32_t valid_seconds = 0;
  // Refresh an existing address (its lifetime starts again) instead of refusing with EEXIST.
  bool replace = false;
};

class Rtnetlink {
 public:
  Rtnetlink();  // throws NetError

  std::vector<LinkInfo> links();
  std::optional<LinkInfo> link(std::string_view name);
  std::vector<AddressInfo> addresses();  // IPv4 only
  std::vector<Route> routes();           // IPv4, every table
  // The link carrying `address` (how a plan interface is bound to a Linux one).
  std::optional<LinkInfo> link_with_address(const Ipv4& address);

  void add_address(int ifindex, const Ipv4Prefix& prefix, const AddressOptions& options = {});
  void remove_address(int ifindex, const Ipv4Prefix& prefix);
  void add_route(const Route& route);
  void remove_route(const Route& route);
  void set_link_up(int ifindex, bool up);
  // A macvlan (bridge mode) on `lower_ifindex` carrying `mac`, created down; its ifindex.
  int add_macvlan(const std::string& name, int lower_ifindex, const MacAddress& mac);
  void delete_link(int ifindex);

  // Messages from the kernel that did not decode (counted, skipped).
  std::uint64_t malformed_messages() const { return malformed_; }

 private:
  // `what` is only built when the request fails: naming the interface costs a dump.
  void request(const netlink::Bytes& message, const std::function<std::string()>& what);
  void dump(std::uint16_t type, const std::string& what,
            const std::function<void(const netlink::Message&)>& each);
  std::string describe_link(int ifindex);
  std::string describe_route(const Route& route);

  UniqueFd fd_;
  std::uint32_t seq_ = 0;
  std::uint64_t malformed_ = 0;
  std::vector<std::uint8_t> buffer_;
};

}  // namespace havpnc::net
