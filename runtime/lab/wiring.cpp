#include "runtime/lab/wiring.h"

#include <unistd.h>

#include "runtime/lab/command.h"

namespace havpnc::lab {

std::vector<Argv> wiring_commands(const Topology& t, const LabPaths& paths) {
  std::vector<Argv> c;
  for (const Node& n : t.nodes) {
    c.push_back({"ip", "netns", "add", paths.netns(n.name)});
    c.push_back({"ip", "-n", paths.netns(n.name), "link", "set", "lo", "up"});
  }
  for (const Node& n : t.nodes)
    for (const std::string& br : n.bridges) {
      // No STP and no forwarding delay: a port forwards the moment it is up. Multicast
      // snooping off: HSRP hellos to 224.0.0.2/224.0.0.102 must reach every port without an
      // IGMP querier in the lab.
      c.push_back({"ip", "-n", paths.netns(n.name), "link", "add", br, "type", "bridge", "stp_state", "0",
                   "forward_delay", "0", "mcast_snooping", "0"});
    }
  for (const Veth& v : t.veths) {
    c.push_back({"ip", "-n", paths.netns(v.a.node), "link", "add", v.a.interface, "type", "veth", "peer",
                 "name", v.b.interface, "netns", paths.netns(v.b.node)});
    if (const Node* bn = t.find_node(v.b.node))
      if (const NodeInterface* port = bn->find_interface(v.b.interface); port && !port->bridge.empty())
        c.push_back({"ip", "-n", paths.netns(v.b.node), "link", "set", v.b.interface, "master", port->bridge});
  }
  for (const Node& n : t.nodes)
    for (const NodeInterface& i : n.interfaces)
      for (const auto& a : i.addresses)
        c.push_back({"ip", "-n", paths.netns(n.name), "addr", "add", a.to_string(), "dev", i.linux_name});
  for (const Node& n : t.nodes) {
    for (const std::string& br : n.bridges) c.push_back({"ip", "-n", paths.netns(n.name), "link", "set", br, "up"});
    for (const NodeInterface& i : n.interfaces)
      c.push_back({"ip", "-n", paths.netns(n.name), "link", "set", i.linux_name, "up"});
  }
  for (const Node& n : t.nodes)
    if (n.forwarding)
      c.push_back({"ip", "netns", "exec", paths.netns(n.name), "sysctl", "-qw", "net.ipv4.ip_forward=1"});
  for (const Node& n : t.nodes)
    for (Argv& a : route_commands(n, paths, false)) c.push_back(std::move(a));
  return c;
}

std::vector<Argv> route_commands(const Node& n, const LabPaths& paths, bool replace) {
  std::vector<Argv> c;
  for (const Route& r : n.routes) {
    Argv a{"ip", "-n", paths.netns(n.name), "route", replace ? "replace" : "add",
           r.destination.length == 0 ? "default" : r.destination.to_string()};
    if (r.via) a.insert(a.end(), {"via", r.via->to_string()});
    if (!r.dev.empty()) a.insert(a.end(), {"dev", r.dev});
    // Routers' static routes are lab wiring; see kLabRouteMetric.
    if (n.role == Role::Router) a.insert(a.end(), {"metric", std::to_string(kLabRouteMetric)});
    c.push_back(std::move(a));
  }
  return c;
}

std::vector<Argv> bridge_netfilter_off_commands(const Topology& t, const LabPaths& paths) {
  std::vector<Argv> c;
  for (const Node& n : t.nodes)
    if (!n.bridges.empty())
      c.push_back({"ip", "netns", "exec", paths.netns(n.name), "sysctl", "-qw", "net.bridge.bridge-nf-call-iptables=0",
                   "net.bridge.bridge-nf-call-ip6tables=0", "net.bridge.bridge-nf-call-arptables=0"});
  return c;
}

// Loaded as a module or built in (no /sys/module entry then): the sysctls exist either way.
bool bridge_netfilter_loaded() { return ::access("/proc/sys/net/bridge/bridge-nf-call-iptables", F_OK) == 0; }

std::vector<Argv> static_virtual_ip_commands(const Node& n, const plan::Plan& plan, const LabPaths& paths) {
  std::vector<Argv> c;
  for (const plan::HsrpGroup& g : plan.hsrp_groups) {
    if (!g.virtual_ip) continue;
    for (const NodeInterface& i : n.interfaces)
      if (i.ios_name == g.interface && !i.addresses.empty())
        c.push_back({"ip", "-n", paths.netns(n.name), "addr", "add",
                     plan::Ipv4Prefix{*g.virtual_ip, i.addresses.front().length}.to_string(), "dev", i.linux_name});
  }
  return c;
}

std::string run_all(const std::vector<Argv>& commands) {
  for (const Argv& a : commands) {
    const CommandResult r = run_command(a);
    if (!r.ok()) return r.describe();
  }
  return {};
}

}  // namespace havpnc::lab
