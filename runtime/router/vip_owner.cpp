#include "runtime/router/vip_owner.h"

#include <net/if.h>

#include <algorithm>
#include <cerrno>

#include "runtime/net/error.h"
#include "runtime/net/sysctl.h"

namespace havpnc::router {

namespace {

using engine::EdgeResult;
using net::IpFamily;

// A VIP on the interface itself and one on a macvlan both count; EADDRNOTAVAIL/ENODEV on
// removal mean the kernel already let it expire or took it with its device.
bool gone(int e) { return e == EADDRNOTAVAIL || e == ENODEV || e == ENOENT || e == ESRCH; }

void set_sysctl_if_present(IpFamily family, const std::string& dev, const char* key, const char* value) {
  if (!net::read_interface_sysctl(family, dev, key)) return;  // no IPv6 in this kernel: fine
  net::write_interface_sysctl(family, dev, key, value);
}

}  // namespace

VipOwner::~VipOwner() {
  for (const auto& [dev, old] : tuned_) {
    try {
      net::write_interface_sysctl(IpFamily::V4, dev, "arp_ignore", old.first);
      net::write_interface_sysctl(IpFamily::V4, dev, "arp_announce", old.second);
    } catch (const net::NetError&) {
      // The device may be gone already; nothing left to put back.
    }
  }
}

void VipOwner::add_group(VirtualMacGroup group) { groups_.push_back(Group{std::move(group), 0, {}, {}}); }

VipOwner::Group* VipOwner::find(std::string_view interface, net::Ipv4 vip) {
  return const_cast<Group*>(std::as_const(*this).find(interface, vip));
}

const VipOwner::Group* VipOwner::find(std::string_view interface, net::Ipv4 vip) const {
  const Group* only = nullptr;
  int on_interface = 0;
  for (const Group& g : groups_) {
    if (g.plan.interface != interface) continue;
    if (std::find(g.plan.vips.begin(), g.plan.vips.end(), vip) != g.plan.vips.end()) return &g;
    ++on_interface;
    only = &g;
  }
  // A learned VIP (`standby N ip` without an address) is the group's if it is the only one.
  return on_interface == 1 ? only : nullptr;
}

bool VipOwner::handles(std::string_view interface, net::Ipv4 vip) const {
  return find(interface, vip) != nullptr;
}

std::string VipOwner::macvlan_name(const Group& g, int lower_ifindex) const {
  std::string name = std::string(net::kHavpncMacvlanPrefix) + std::to_string(g.plan.group) + "." +
                     std::to_string(lower_ifindex);
  if (name.size() >= IFNAMSIZ) name.resize(IFNAMSIZ - 1);
  return name;
}

void VipOwner::tune_lower(const std::string& dev) {
  if (tuned_.contains(dev)) return;
  const auto ignore = net::read_interface_sysctl(IpFamily::V4, dev, "arp_ignore");
  const auto announce = net::read_interface_sysctl(IpFamily::V4, dev, "arp_announce");
  if (!ignore || !announce) throw net::NetError("no IPv4 settings for " + dev, ENOENT);
  // Stricter values an operator chose stay; only the defaults are raised.
  if (*ignore == "0") net::write_interface_sysctl(IpFamily::V4, dev, "arp_ignore", "1");
  if (*announce == "0" || *announce == "1")
    net::write_interface_sysctl(IpFamily::V4, dev, "arp_announce", "2");
  tuned_[dev] = {*ignore, *announce};
}

bool VipOwner::create_macvlan(Group& g, int lower_ifindex, std::string& error) {
  const std::string name = macvlan_name(g, lower_ifindex);
  int ifindex = 0;
  try {
    ifindex = cleanup_.add_macvlan(name, lower_ifindex, g.plan.mac);
    // Before it comes up: no IPv6 link-local (nothing ever leaves a silent macvlan), ARP only
    // for its own VIP, loose reverse path (replies leave through the lower device). Forwarding
    // stays as the namespace's default: hosts use the VIP as their gateway, so frames to the
    // virtual MAC arrive here and must be routed on.
    set_sysctl_if_present(IpFamily::V6, name, "disable_ipv6", "1");
    net::write_interface_sysctl(IpFamily::V4, name, "arp_ignore", "1");
    net::write_interface_sysctl(IpFamily::V4, name, "arp_announce", "2");
    net::write_interface_sysctl(IpFamily::V4, name, "rp_filter", "2");
    tune_lower(g.plan.linux_name);
    rtnl_.set_link_up(ifindex, true);
  } catch (const net::NetError& e) {
    error = e.what();
    if (ifindex != 0) {
      try {
        cleanup_.remove_link(ifindex);
      } catch (const net::NetError&) {
        // Recorded in Cleanup still: withdrawn at exit, swept after a crash.
      }
    }
    return false;
  }
  g.macvlan_ifindex = ifindex;
  g.macvlan_name = name;
  return true;
}

void VipOwner::delete_macvlan(Group& g) {
  if (g.macvlan_ifindex == 0) return;
  try {
    cleanup_.remove_link(g.macvlan_ifindex);
  } catch (const net::NetError& e) {
    if (!gone(e.error_number())) notes_.push_back("could not delete " + g.macvlan_name + ": " + e.what());
  }
  notes_.push_back(g.plan.interface + " Grp " + std::to_string(g.plan.group) + " macvlan " +
                   g.macvlan_name + " removed");
  g.macvlan_ifindex = 0;
  g.macvlan_name.clear();
}

void VipOwner::probe() {
  for (Group& g : groups_) {
    if (modes_.contains(g.plan.interface)) continue;
    OwnershipMode mode;
    std::optional<net::LinkInfo> lower;
    try {
      lower = rtnl_.link(g.plan.linux_name);
    } catch (const net::NetError& e) {
      mode.detail = e.what();
    }
    if (lower) {
      std::string error;
      if (create_macvlan(g, lower->ifindex, error)) {
        delete_macvlan(g);
        mode.macvlan = true;
        mode.detail = "a macvlan on " + g.plan.linux_name;
      } else {
        mode.detail = g.plan.linux_name + " takes no macvlan: " + error;
      }
    } else if (mode.detail.empty()) {
      mode.detail = "Linux interface " + g.plan.linux_name + " not found";
    }
    modes_[g.plan.interface] = mode;
  }
  notes_.clear();  // the probe's create/delete are not news
}

EdgeResult VipOwner::add(std::string_view interface, net::Ipv4 vip) {
  Group* g = find(interface, vip);
  if (g == nullptr) return EdgeResult::failure(std::string(interface) + ": " + vip.to_string() + " is no HSRP VIP here");
  std::optional<net::LinkInfo> lower;
  try {
    lower = rtnl_.link(g->plan.linux_name);
  } catch (const net::NetError& e) {
    return EdgeResult::failure(e.what());
  }
  if (!lower) return EdgeResult::failure(std::string(interface) + ": Linux interface " + g->plan.linux_name + " no longer exists");
  int target = lower->ifindex;
  const auto mode = modes_.find(interface);
  if (mode != modes_.end() && mode->second.macvlan) {
    std::string error;
    if (g->macvlan_ifindex == 0) {
      if (create_macvlan(*g, lower->ifindex, error))
        notes_.push_back(std::string(interface) + " Grp " + std::to_string(g->plan.group) +
                         " macvlan " + g->macvlan_name + " carries " + net::to_string(g->plan.mac));
      else
        notes_.push_back(std::string(interface) + " Grp " + std::to_string(g->plan.group) +
                         " no macvlan (" + error + "): the VIP goes on " + g->plan.linux_name +
                         " with the interface MAC");
    }
    if (g->macvlan_ifindex != 0) target = g->macvlan_ifindex;
  }
  try {
    cleanup_.add_address(target, {vip, 32}, {}, kValidSeconds);
  } catch (const net::NetError& e) {
    // Someone else's address (an operator's, or the kernel's own): not ours to withdraw.
    if (e.error_number() == EEXIST) return EdgeResult::present();
    if (g->placed.empty()) delete_macvlan(*g);
    return EdgeResult::failure(e.what());
  }
  g->placed.push_back({target, vip});
  return EdgeResult::success();
}

EdgeResult VipOwner::remove(std::string_view interface, net::Ipv4 vip) {
  Group* g = find(interface, vip);
  if (g == nullptr) return EdgeResult::failure(std::string(interface) + ": " + vip.to_string() + " is no HSRP VIP here");
  EdgeResult result = EdgeResult::success();
  for (auto it = g->placed.begin(); it != g->placed.end();) {
    if (it->vip != vip) {
      ++it;
      continue;
    }
    try {
      cleanup_.remove_address(it->ifindex, {vip, 32});
    } catch (const net::NetError& e) {
      if (!gone(e.error_number())) result = EdgeResult::failure(e.what());
    }
    it = g->placed.erase(it);
  }
  if (g->placed.empty()) delete_macvlan(*g);
  return result;
}

std::optional<net::MacAddress> VipOwner::owned_mac(std::string_view interface, net::Ipv4 vip) const {
  const Group* g = find(interface, vip);
  if (g == nullptr || g->macvlan_ifindex == 0) return std::nullopt;
  for (const Placed& p : g->placed)
    if (p.vip == vip && p.ifindex == g->macvlan_ifindex) return g->plan.mac;
  return std::nullopt;
}

std::optional<net::MacAddress> VipOwner::owned_group_mac(std::string_view interface, std::uint16_t group) const {
  for (const Group& g : groups_)
    if (g.plan.interface == interface && g.plan.group == group && g.macvlan_ifindex != 0)
      return g.plan.mac;
  return std::nullopt;
}

std::optional<std::string> VipOwner::interface_of_macvlan(int ifindex) const {
  for (const Group& g : groups_)
    if (g.macvlan_ifindex != 0 && g.macvlan_ifindex == ifindex) return g.plan.interface;
  return std::nullopt;
}

std::vector<std::pair<std::string, net::Ipv4>> VipOwner::placed() const {
  std::vector<std::pair<std::string, net::Ipv4>> out;
  for (const Group& g : groups_)
    for (const Placed& p : g.placed) out.emplace_back(g.plan.interface, p.vip);
  return out;
}

std::vector<std::string> VipOwner::refresh(TimePoint now) {
  std::vector<std::string> errors;
  if (last_refresh_ && now - *last_refresh_ < kRefreshEvery) return errors;
  last_refresh_ = now;
  for (Group& g : groups_)
    for (const Placed& p : g.placed) {
      try {
        cleanup_.refresh_address(p.ifindex, {p.vip, 32}, kValidSeconds);
      } catch (const net::NetError& e) {
        errors.emplace_back(e.what());
      }
    }
  return errors;
}

std::vector<std::string> VipOwner::take_notes() { return std::exchange(notes_, {}); }

}  // namespace havpnc::router
