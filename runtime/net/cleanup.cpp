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

Cleanup::~Cleanup() {
  try {
    withdraw_all();
  } catch (...) {
    // withdraw_all() collects errors instead of throwing; this guards allocation failure.
  }
}

void Cleanup::add_address(int ifindex, const Ipv4Prefix& prefix, std::string label) {
  AddressOptions options;
  options.label = std::move(label);
  options.protocol = kHavpncProtocol;
  rtnl_.add_address(ifindex, prefix, options);
  entries_.emplace_back(AddedAddress{ifindex, prefix});
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
  } catch (const NetError& e) {
    report.errors.emplace_back(e.what());
  }
  return report;
}

}  // namespace havpnc::net
