#pragma once
// Where an HSRP Active's virtual IP lives in Linux, and with which MAC.
//
// IOS answers for the VIP with the group's virtual MAC (0000.0c07.acXX v1, 0000.0c9f.fXXX v2)
// and sources the Active's hellos from it, so hosts' ARP caches never change at failover —
// only the switch learns a new port. Linux gives one interface one unicast MAC; a macvlan
// (bridge mode) on the HSRP interface gives a second station with the virtual MAC. So, while
// a group is Active, its VIPs sit on a macvlan `hvh<group>.<lower ifindex>` carrying the
// virtual MAC; leaving Active deletes it (the Standby has neither macvlan nor VIP). Where the
// interface cannot carry a macvlan (not Ethernet, a bridge port, ...: probe() finds out at
// start) the VIP goes on the interface itself and the interface MAC is used — and `show
// standby` and the log say which.
//
// Every VIP gets a finite lifetime (IFA_CACHEINFO valid_lft, kValidSeconds) that the live
// router refreshes every kRefreshEvery: a SIGKILLed router's VIP (which keepalived was seen
// to leave behind here) is deleted by its own kernel within ~kValidSeconds, so the corpse
// stops answering for it without anyone's help. Its macvlan stays until the next start
// sweeps it, silent: no address, IPv6 off, arp_ignore.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "runtime/core/time.h"
#include "runtime/engine/edges.h"
#include "runtime/net/cleanup.h"
#include "runtime/net/rtnetlink.h"

namespace havpnc::router {

inline constexpr std::uint32_t kValidSeconds = 2;
inline constexpr Duration kRefreshEvery = milliseconds(400);

struct VirtualMacGroup {
  std::string interface;     // IOS name
  std::string linux_name;    // the device it is bound to
  std::uint16_t group = 0;
  net::MacAddress mac{};     // the group's virtual MAC
  std::vector<net::Ipv4> vips;  // primary (when configured) and secondaries
};

struct OwnershipMode {
  bool macvlan = false;
  std::string detail;  // the sentence for `show standby` and the log
};

class VipOwner {
 public:
  VipOwner(net::Rtnetlink& rtnl, net::Cleanup& cleanup) : rtnl_(rtnl), cleanup_(cleanup) {}
  VipOwner(const VipOwner&) = delete;
  VipOwner& operator=(const VipOwner&) = delete;
  ~VipOwner();  // puts back the lower devices' ARP settings it changed

  void add_group(VirtualMacGroup group);
  // Creates and deletes one macvlan per interface to learn whether the virtual MAC can be
  // owned there. Never throws: a refusal is the answer (fallback: interface MAC).
  void probe();
  // By IOS interface; interfaces never probed are absent.
  const std::map<std::string, OwnershipMode, std::less<>>& modes() const { return modes_; }

  // Whether `vip` on `interface` is an HSRP VIP this owner places (a group's configured VIP,
  // or the only group on the interface when the VIP was learned).
  bool handles(std::string_view interface, net::Ipv4 vip) const;
  engine::EdgeResult add(std::string_view interface, net::Ipv4 vip);
  engine::EdgeResult remove(std::string_view interface, net::Ipv4 vip);

  // The MAC `vip` is reachable at right now: the virtual MAC while a macvlan carries it.
  std::optional<net::MacAddress> owned_mac(std::string_view interface, net::Ipv4 vip) const;
  // The virtual MAC of `group` on `interface` while its macvlan is up (hellos leave from it).
  std::optional<net::MacAddress> owned_group_mac(std::string_view interface, std::uint16_t group) const;
  // The IOS interface under a macvlan of ours (ingress of IKE/ESP sent to the VIP).
  std::optional<std::string> interface_of_macvlan(int ifindex) const;
  // The VIPs placed now, with the interface they belong to.
  std::vector<std::pair<std::string, net::Ipv4>> placed() const;

  // Refreshes every VIP's lifetime when kRefreshEvery has passed; errors as sentences.
  std::vector<std::string> refresh(TimePoint now);
  // Log lines produced since the last call (macvlan created / removed / fallback).
  std::vector<std::string> take_notes();

 private:
  struct Placed {
    int ifindex = 0;
    net::Ipv4 vip;
  };
  struct Group {
    VirtualMacGroup plan;
    int macvlan_ifindex = 0;
    std::string macvlan_name;
    std::vector<Placed> placed;
  };

  Group* find(std::string_view interface, net::Ipv4 vip);
  const Group* find(std::string_view interface, net::Ipv4 vip) const;
  std::string macvlan_name(const Group& g, int lower_ifindex) const;
  // Creates the group's macvlan with the ARP settings a VIP on it needs; false on failure
  // (the reason in `error`), leaving nothing behind.
  bool create_macvlan(Group& g, int lower_ifindex, std::string& error);
  void tune_lower(const std::string& linux_name);
  void delete_macvlan(Group& g);

  net::Rtnetlink& rtnl_;
  net::Cleanup& cleanup_;
  std::vector<Group> groups_;
  std::map<std::string, OwnershipMode, std::less<>> modes_;
  // Lower devices whose arp_ignore/arp_announce were changed, with the values found.
  std::map<std::string, std::pair<std::string, std::string>> tuned_;
  std::optional<TimePoint> last_refresh_;
  std::vector<std::string> notes_;
};

}  // namespace havpnc::router
