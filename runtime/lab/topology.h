#pragma once
// The lab's topology as one table of data: nodes (each a network namespace), veth links
// between them, bridges in the switch namespace, addresses and routes. It is derived from
// the routers' plans alone, so `havpnc lab up --dir D` wires any set of configs whose
// interface addresses say how: routers whose interfaces share a subnet share a segment.
// Only what the configs cannot say is a lab convention, named here:
//  - the transit router: whoever owns a static route's next hop that no router and no HSRP
//    virtual IP holds (the seed: 6.6.25.1 for R2, 6.6.156.1 for R10/R11);
//  - hosts: one on each segment that is the local side of a crypto ACL (the protected LANs:
//    6.6.2.0/24, 6.6.146.0/24), at host number 4 (the seed's 6.6.146.4) or the next free one,
//    with its default route to the segment's HSRP virtual IP, else to its router.
// A segment with two members is one veth pair; one with one or more than two is a bridge in
// the switch namespace (multicast snooping off, so HSRP hellos reach every port).
// Pure: unit-tested without privileges.
#include <optional>
#include <string>
#include <vector>

#include "runtime/plan/ipv4.h"
#include "runtime/plan/plan.h"

namespace havpnc::lab {

enum class Role { Router, Transit, Host, Switch };
const char* role_name(Role role);

// Lab wiring routes carry this metric so that a router which installs its own static routes
// (metric 0) takes precedence and can withdraw its own without touching the lab's.
inline constexpr int kLabRouteMetric = 1000;

struct NodeInterface {
  std::string linux_name;                  // "Gi0-1" in a router, "eth0" in a host/transit
  std::string ios_name;                    // routers only: "GigabitEthernet0/1"
  std::vector<plan::Ipv4Prefix> addresses; // empty for a switch port
  std::string bridge;                      // switch ports only: the bridge it is enslaved to
};

struct Route {
  plan::Ipv4Prefix destination;
  std::optional<plan::Ipv4> via;
  std::string dev;  // linux name; empty when `via` resolves it
};

struct Node {
  std::string name;  // hostname for routers; "transit", "switch", "host-R2"
  Role role = Role::Router;
  std::vector<NodeInterface> interfaces;
  std::vector<Route> routes;
  bool forwarding = false;  // net.ipv4.ip_forward
  std::vector<std::string> bridges;  // switch only

  const NodeInterface* find_interface(const std::string& linux_name) const;
};

struct Endpoint {
  std::string node;
  std::string interface;  // linux name
};

// One veth pair; `a` is created in its node's namespace, `b` moved straight into its own, so
// the root namespace never holds either end.
struct Veth {
  Endpoint a;
  Endpoint b;
};

struct Segment {
  plan::Ipv4Prefix subnet;   // network form: 6.6.156.0/24
  std::string bridge;        // empty: the two members are one veth pair
  std::vector<Endpoint> members;
  std::vector<plan::Ipv4> virtual_ips;  // HSRP VIPs configured on it (never added by the lab)
  bool lan = false;          // a crypto ACL's local side: it has a host
};

struct Topology {
  std::vector<Node> nodes;        // routers (plan order), transit, hosts, switch
  std::vector<Veth> veths;
  std::vector<Segment> segments;  // ascending subnet
  std::vector<std::string> notes; // what the lab decided and why, for `lab up` and `lab status`

  const Node* find_node(const std::string& name) const;
};

struct DeriveResult {
  std::optional<Topology> topology;
  std::string error;
};

// The Linux name for an IOS interface: "GigabitEthernet0/1" -> "Gi0-1" (IFNAMSIZ allows 15).
std::string linux_interface_name(const std::string& ios_name);

DeriveResult derive_topology(const std::vector<plan::Plan>& routers);

}  // namespace havpnc::lab
