#include "runtime/net/cleanup.h"

#include <algorithm>
#include <cerrno>

#include "runtime/net/error.h"

namespace havpnc::net {
namespace {

// Errnos meaning "not there any more": the address or route left with its interface, or
// someone removed it by hand. Withdrawing is then already done.
bool already_gone(int e) { return e == ENODEV || e == EADDRNOTAVAIL || e == ESRCH || e == ENOENT; }

bool same_route(const Route& a, const Route& b) {
  return a.destination == b.destination && a.oif == b.oif && a.gateway == b.gateway &&
         a.table == b.table && a.metric == b.metric;
}

}  // namespace

bool is_havpnc_macvlan(const LinkInfo& link) {
  return link.kind == "macvlan" && link.name.starts_with(kHavpncMacvlanPrefix);
}

Cleanup::~Cleanup() {
  try {
    withdraw_all();
  } catch (...) {
    // withdraw_all() collects errors instead of throwing; this guards allocation failure.
  }
}

void Cleanup::add_address(int ifindex, const Ipv4Prefix& prefix, std::string label,
                          std::uint32_t valid_seconds) {
  AddressOptions options;
  options.label = std::move(label);
  options.protocol = kHavpncProtocol;
  options.valid_seconds = valid_seconds;
  rtnl_.add_address(ifindex, prefix, options);
  entries_.emplace_back(AddedAddress{ifindex, prefix});
}

void Cleanup::refresh_address(int ifindex, const Ipv4Prefix& prefix, std::uint32_t valid_seconds) {
  AddressOptions options;
  options.protocol = kHavpncProtocol;
  options.valid_seconds = valid_seconds;
  options.replace = true;
  rtnl_.add_address(ifindex, prefix, options);
  const AddedAddress key{ifindex, prefix};
  const bool recorded = std::any_of(entries_.begin(), entries_.end(), [&](const Entry& e) {
    auto* a = std::get_if<AddedAddress>(&e);
    return a && *a == key;
  });
  if (!recorded) entries_.emplace_back(key);
}

int Cleanup::add_macvlan(const std::string& name, int lower_ifindex, const MacAddress& mac) {
  if (!name.starts_with(kHavpncMacvlanPrefix))
    throw NetError("add macvlan " + name + ": havpnc's macvlans are named " +
                       std::string(kHavpncMacvlanPrefix) + "...",
                   EINVAL);
  const int ifindex = rtnl_.add_macvlan(name, lower_ifindex, mac);
  entries_.emplace_back(AddedLink{ifindex});
  return ifindex;
}

void Cleanup::remove_link(int ifindex) {
  rtnl_.delete_link(ifindex);
  // The kernel took the link's addresses with it.
  std::erase_if(entries_, [&](const Entry& e) {
    if (auto* l = std::get_if<AddedLink>(&e)) return l->ifindex == ifindex;
    if (auto* a = std::get_if<AddedAddress>(&e)) return a->ifindex == ifindex;
    return false;
  });
}

void Cleanup::add_route(Route route) {
  route.protocol = kHavpncProtocol;
  rtnl_.add_route(route);
  entries_.emplace_back(std::move(route));
}

void Cleanup::remove_address(int ifindex, const Ipv4Prefix& prefix) {
  rtnl_.remove_address(ifindex, prefix);
  AddedAddress key{ifindex, prefix};
  std::erase_if(entries_, [&](const Entry& e) {
    auto* a = std::get_if<AddedAddress>(&e);
    return a && *a == key;
  });
}

void Cleanup::remove_route(const Route& route) {
  Route ours = route;
  ours.protocol = kHavpncProtocol;
  rtnl_.remove_route(ours);
  std::erase_if(entries_, [&](const Entry& e) {
    auto* r = std::get_if<Route>(&e);
    return r && same_route(*r, route);
  });
}

void Cleanup::withdraw(const Entry& entry, WithdrawReport& report) {
  try {
    if (auto* a = std::get_if<AddedAddress>(&entry))
      rtnl_.remove_address(a->ifindex, a->prefix);
    else if (auto* l = std::get_if<AddedLink>(&entry))
      rtnl_.delete_link(l->ifindex);
    else
      rtnl_.remove_route(std::get<Route>(entry));
    ++report.withdrawn;
  } catch (const NetError& e) {
    if (already_gone(e.error_number()))
      ++report.already_gone;
    else
      report.errors.emplace_back(e.what());
  }
}

WithdrawReport Cleanup::withdraw_all() {
  WithdrawReport report;
  for (auto it = entries_.rbegin(); it != entries_.rend(); ++it) withdraw(*it, report);
  entries_.clear();
  return report;
}

WithdrawReport Cleanup::sweep_leftovers() {
  WithdrawReport report;
  try {
    // Routes first: removing an address also removes routes using it as source, and the
    // sweep should not report those as errors.
    for (const auto& r : rtnl_.routes())
      if (r.protocol == kHavpncProtocol) withdraw(Entry(r), report);
    for (const auto& a : rtnl_.addresses())
      if (a.protocol == kHavpncProtocol) withdraw(Entry(AddedAddress{a.ifindex, a.prefix}), report);
    for (const auto& l : rtnl_.links())
      if (is_havpnc_macvlan(l)) withdraw(Entry(AddedLink{l.ifindex}), report);
  } catch (const NetError& e) {
    report.errors.emplace_back(e.what());
  }
  return report;
}

}  // namespace havpnc::net
