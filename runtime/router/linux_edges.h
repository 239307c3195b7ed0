#pragma once
// engine::Edges over runtime/net: the host's actions become real packets, addresses, routes
// and ARP frames. IOS names are mapped to Linux interfaces through the binding table built at
// start (engine::bind_interfaces) plus add_binding() for devices created later (the ESP data
// path's TUN). Every address and route goes through net::Cleanup, so it is stamped with
// kHavpncProtocol and withdrawn at exit — or swept by the next run after a crash.
//
// Errors never throw out of here: they come back as EdgeResult with the operator sentence
// net/ produced ("add address 6.6.156.100/32 on eth1 (ifindex 3): operation not permitted:
// havpnc must run as root ...").
#include <array>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/core/log_record.h"
#include "runtime/core/time.h"
#include "runtime/engine/edges.h"
#include "runtime/engine/interface_binding.h"
#include "runtime/net/cleanup.h"
#include "runtime/net/gratuitous_arp.h"
#include "runtime/net/rtnetlink.h"
#include "runtime/net/arp_frame.h"
#include "runtime/router/sockets.h"
#include "runtime/router/vip_owner.h"

namespace havpnc::router {

class LinuxEdges final : public engine::Edges {
 public:
  LinuxEdges(net::Rtnetlink& rtnl, net::Cleanup& cleanup, SocketSet& sockets);

  // Every binding with a Linux name; the others stay unknown (actions on them fail cleanly).
  void add_bindings(const std::vector<engine::Binding>& bindings);
  // Registers (or replaces) one binding, e.g. a TUN device under the name a plan route uses.
  void add_binding(const std::string& ios_name, const std::string& linux_name);

  std::optional<std::string> linux_name(std::string_view ios_name) const;
  std::optional<std::string> ios_name(std::string_view linux_name) const;
  // The IOS name of the interface with this ifindex, resolving it through rtnetlink once.
  std::optional<std::string> ios_name_of_ifindex(int ifindex);
  const std::map<std::string, std::string, std::less<>>& bindings() const { return ios_to_linux_; }

  engine::EdgeResult send(const engine::SendDatagram& datagram) override;
  engine::EdgeResult add_address(const engine::InterfaceAddress& address) override;
  engine::EdgeResult remove_address(const engine::InterfaceAddress& address) override;
  engine::EdgeResult add_route(const engine::Route& route) override;
  engine::EdgeResult remove_route(const engine::Route& route) override;
  engine::EdgeResult gratuitous_arp(const engine::SendGratuitousArp& announcement) override;

  // HSRP VIP placement (macvlan with the virtual MAC, lifetimes): the router registers the
  // plan's groups and probes the interfaces before the components start.
  VipOwner& vips() { return vips_; }
  // The clock the repeats and the defence are timed by (the host's).
  void set_clock(std::function<TimePoint()> clock) { clock_ = std::move(clock); }

  // Periodic work, every ~100 ms from the router: VIP lifetimes refreshed, gratuitous ARPs
  // repeated after a takeover. Log records for the router to write.
  std::vector<LogRecord> tick(TimePoint now);
  // An ARP frame received on the Linux interface bound to `ios_interface`: a station other
  // than us claiming one of our VIPs is answered with a gratuitous ARP at once.
  std::vector<LogRecord> arp_seen(const std::string& ios_interface, const net::ArpFrame& frame,
                                  TimePoint now);
  std::uint64_t defences() const { return defences_; }

  // keepalived repeats its gratuitous ARPs after becoming master (garp_master_repeat) for
  // hosts and switches that missed the first: here at these offsets after the takeover, which
  // also span the lifetime (kValidSeconds) a dead Active's VIP may still have.
  static constexpr std::array<Duration, 5> kGarpRepeats{milliseconds(100), milliseconds(300),
                                                        milliseconds(700), milliseconds(1500),
                                                        milliseconds(2500)};
  // After a takeover, every ARP request for the VIP is followed by our announcement: a dead
  // Active whose VIP has not expired yet answers it too, and the last answer would win.
  static constexpr Duration kContestedFor = seconds(3);
  static constexpr Duration kDefenceInterval = milliseconds(50);

 private:
  struct Announcement {
    std::string interface;  // IOS
    engine::Ipv4 vip = 0;
    TimePoint since;
    std::size_t repeats_sent = 0;
    std::optional<TimePoint> last_defence;
    std::optional<TimePoint> last_duplicate_log;
  };
  net::GratuitousArp* arp_sender(const std::string& linux_name, std::string& error);
  engine::EdgeResult announce(const std::string& ios_interface, engine::Ipv4 vip);
  engine::EdgeResult send_hsrp_frame(const engine::SendDatagram& datagram, const std::string& linux_name,
                                     const net::MacAddress& source_mac);

  engine::EdgeResult send_hsrp(const engine::SendDatagram& datagram);
  engine::EdgeResult send_udp(const engine::SendDatagram& datagram);
  engine::EdgeResult send_esp(const engine::SendDatagram& datagram);
  // ifindex of the Linux interface bound to `ios_name`, or the failure to report.
  std::optional<int> ifindex_of(const std::string& ios_name, std::string& error);
  std::optional<net::Route> to_net(const engine::Route& route, std::string& error);

  net::Rtnetlink& rtnl_;
  net::Cleanup& cleanup_;
  SocketSet& sockets_;
  std::map<std::string, std::string, std::less<>> ios_to_linux_;
  std::map<int, std::string> ifindex_to_ios_;
  std::map<std::string, std::unique_ptr<net::GratuitousArp>, std::less<>> arp_;  // by Linux name
  VipOwner vips_;
  std::function<TimePoint()> clock_ = [] { return std::chrono::steady_clock::now(); };
  std::vector<Announcement> announced_;
  std::uint16_t ip_identification_ = 0;
  std::uint64_t defences_ = 0;
};

}  // namespace havpnc::router
