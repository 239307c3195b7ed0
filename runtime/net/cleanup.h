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

struct AddedLink {
  int ifindex = 0;
  friend bool operator==(const AddedLink&, const AddedLink&) = default;
};

struct WithdrawReport {
  std::size_t withdrawn = 0;        // removed now
  std::size_t already_gone = 0;     // the kernel had dropped it (interface deleted, ...)
  std::vector<std::string> errors;  // could not be removed; the rest were still tried
};

// A macvlan this program created (kind macvlan, name kHavpncMacvlanPrefix...).
bool is_havpnc_macvlan(const LinkInfo& link);

class Cleanup {
 public:
  explicit Cleanup(Rtnetlink& rtnl) : rtnl_(rtnl) {}
  Cleanup(const Cleanup&) = delete;
  Cleanup& operator=(const Cleanup&) = delete;
  ~Cleanup();  // withdraw_all(), errors swallowed: a destructor has no one to tell

  // Add and record (throws NetError, recording nothing, when the kernel refuses).
  void add_address(int ifindex, const Ipv4Prefix& prefix, std::string label = {},
                   std::uint32_t valid_seconds = 0);
  // Starts a recorded address's lifetime again (NLM_F_REPLACE); re-creates it when the
  // kernel already let it expire.
  void refresh_address(int ifindex, const Ipv4Prefix& prefix, std::uint32_t valid_seconds);
  // A macvlan (named with kHavpncMacvlanPrefix) recorded like an address: withdrawn at exit,
  // swept after a crash. Returns its ifindex.
  int add_macvlan(const std::string& name, int lower_ifindex, const MacAddress& mac);
  void remove_link(int ifindex);
  void add_route(Route route);
  // Remove now and forget (an HSRP router leaving Active removes its VIP).
  void remove_address(int ifindex, const Ipv4Prefix& prefix);
  void remove_route(const Route& route);

  WithdrawReport withdraw_all();
  // Addresses and routes stamped kHavpncProtocol in this namespace, and macvlans named
  // kHavpncMacvlanPrefix, from an earlier run.
  WithdrawReport sweep_leftovers();

  std::size_t recorded() const { return entries_.size(); }

 private:
  using Entry = std::variant<AddedAddress, Route, AddedLink>;
  void withdraw(const Entry& entry, WithdrawReport& report);

  Rtnetlink& rtnl_;
  std::vector<Entry> entries_;  // in the order added
};

}  // namespace havpnc::net
