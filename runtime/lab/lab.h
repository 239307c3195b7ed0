#pragma once
// `havpnc lab`: the seed topology (or any set of configs) as network namespaces with one
// havpnc router process per router. Every operation acts only on what this lab's prefix
// names: its namespaces, the processes it recorded, its state directory.
// Exit codes follow the CLI: 0 done, 1 the lab failed or is not healthy, 2 refused (bad
// arguments, leftovers without --force, unknown node).
#include <chrono>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "runtime/lab/lab_state.h"
#include "runtime/lab/topology.h"

namespace havpnc::lab {

inline constexpr int kLabOk = 0;
inline constexpr int kLabFailed = 1;
inline constexpr int kLabRefused = 2;

struct LabOptions {
  LabPaths paths;
  std::string havpnc_binary;  // absolute path of the havpnc executable routers run
  std::chrono::milliseconds answer_timeout{15000};
  std::chrono::milliseconds stop_timeout{5000};  // SIGTERM, then SIGKILL
};

class Lab {
 public:
  Lab(LabOptions options, std::ostream& out, std::ostream& err);

  // `peer` "strongswan": the tunnel peers (routers with a crypto map and no HSRP group: the
  // seed's R2) run as strongSwan's charon instead of havpnc.
  // `headend` "strongswan": the first head-end by hostname (a crypto map and an HSRP group:
  // the seed's R10) runs as charon on its groups' virtual IPs, added statically; the other
  // head-ends (R11) are not started. With both, strongSwan meets strongSwan on the lab's path.
  int up(const std::string& config_dir, bool force, const std::string& peer = "havpnc",
         const std::string& headend = "havpnc");
  int down();
  int status(bool json = false);  // exit 1 when a namespace is missing or a router is down
  int show(const std::string& node, const std::vector<std::string>& words, bool json);
  int link(const std::string& node, const std::string& interface, bool up);
  // `power_off`: after the process is gone, every link of the node goes down too, as a box
  // that loses power (a killed process alone leaves its kernel answering on its addresses,
  // VIPs included); `start` brings the links back first.
  int kill(const std::string& node, int signal, bool power_off = false);
  int start(const std::string& node);
  // Replaces this process with `command` in the node's namespace; returns only on failure.
  int exec(const std::string& node, const std::vector<std::string>& command);

  // The topology of a running lab, re-derived from the plans in its state directory.
  std::optional<Topology> load_topology(std::string& error) const;
  // The node was started as strongSwan's charon (`up --peer strongswan`).
  bool is_strongswan(const std::string& node) const;
  // The lab left the router unstarted (`up --headend strongswan`).
  bool is_idle(const std::string& node) const;

 private:
  struct Cleanup {
    bool clean = true;
    std::vector<std::string> kept;  // namespaces left alone, with why
  };
  Cleanup clean_up(const std::vector<std::string>& extra_nodes);
  std::vector<std::string> recorded_nodes() const;
  // Starts a router (havpnc or charon) and returns its record, or an error.
  std::string start_node(const Node& node, ProcessRecord& record);
  std::string wait_node(const Node& node, const ProcessRecord& record);
  const Node* router_or_refuse(const Topology& t, const std::string& node);
  std::string set_links(const Node& node, bool up);

  LabOptions options_;
  std::ostream& out_;
  std::ostream& err_;
};

}  // namespace havpnc::lab
