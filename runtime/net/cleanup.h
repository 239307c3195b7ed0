#pragma once
// Everything the process adds to the namespace's addresses and routes goes through here and
// is recorded, so that SIGTERM/SIGINT (and leaving main by any path) withdraws exactly that,
// newest first: a route via an address goes before the address.
//
// A crash skips all of that. Every address and route is therefore also stamped with
// kHavpncProtocol, and sweep_leftovers() at start-up removes what an earlier run of the
// router in this namespace left behind — above all a VIP that would make the dead router's
// interface answer ARP for it next to the new Active (ENVIRONMENT.md, keepalived finding).
// One router process per network namespace is the deployment model (ARCHITECTURE.md), so
// anything stamped in this namespace is ours.
#include <cstddef>
#include <string>
#include <variant>
#include <vector>

#include "runtime/net/rtnetlink.h"
#include "runtime/net/types.h"

namespace havpnc::net {

struct AddedAddress {
  int ifindex = 0;
  Ipv4Prefix prefix;
  friend bool operator==(const AddedAddress&, const AddedAddress&) = default;
};

struct WithdrawReport {
  std::size_t withdrawn = 0;        // removed now
  std::size_t already_gone = 0;     // the kernel had dropped it (interface deleted, ...)
  std::vector<std::string> errors;  // could not be removed; the rest were still tried
};

class Cleanup {
 public:
  explicit Cleanup(Rtnetlink& rtnl) : rtnl_(rtnl) {}
  Cleanup(const Cleanup&) = delete;
  Cleanup& operator=(const Cleanup&) = delete;
  ~Cleanup();  // withdraw_all(), errors swallowed: a destructor has no one to tell

  // Add and record (throws NetError, recording nothing, when the kernel refuses).
  void add_address(int ifindex, const Ipv4Prefix& prefix, std::string label = {});
  void add_route(Route route);
  // Remove now and forget (an HSRP router leaving Active removes its VIP).
  void remove_address(int ifindex, const Ipv4Prefix& prefix);
  void remove_route(const Route& route);

  WithdrawReport withdraw_all();
  // Addresses and routes stamped kHavpncProtocol in this namespace, from an earlier run.
  WithdrawReport sweep_leftovers();

  std::size_t recorded() const { return entries_.size(); }

 private:
  using Entry = std::variant<AddedAddress, Route>;
  void withdraw(const Entry& entry, WithdrawReport& report);

  Rtnetlink& rtnl_;
  std::vector<Entry> entries_;  // in the order added
};

}  // namespace havpnc::net
