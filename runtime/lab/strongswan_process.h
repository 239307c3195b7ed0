#pragma once
// A lab router run as strongSwan's charon (`lab up --peer strongswan`). charon is started
// directly in the router's namespace (setns), in a private mount namespace whose /run is the
// node's own directory: charon's pid file is compiled in as /run/charon.pid, so two charons
// (or the host's) would otherwise collide — the discipline of ../shared/lab/strongswan-peer.sh.
// Everything charon reads or writes lives in <state>/<node>.swan/run/ (the conf files, the
// vici socket, its log); the pid record is charon itself.
#include <chrono>
#include <string>

#include "runtime/lab/lab_state.h"
#include "runtime/lab/router_process.h"
#include "runtime/lab/topology.h"
#include "runtime/plan/plan.h"

namespace havpnc::lab {

inline constexpr const char* kCharon = "/usr/lib/ipsec/charon";

struct StrongswanPaths {
  std::string run;  // outside view of charon's /run
  std::string vici() const { return run + "/charon.vici"; }
  std::string swanctl_conf() const { return run + "/swanctl.conf"; }
  std::string log() const { return run + "/charon.log"; }
};
StrongswanPaths strongswan_paths(const LabPaths& paths, const std::string& node);

// Which packages are missing for the strongSwan peer, empty when it can run.
std::string strongswan_missing();

// Writes the configuration from the plan and starts charon.
StartedRouter start_strongswan(const Node& router, const plan::Plan& plan, const LabPaths& paths);

// Waits for the vici socket and loads the connections and keys with swanctl.
std::string wait_strongswan_ready(const Node& router, const LabPaths& paths, const ProcessRecord& record,
                                  std::chrono::milliseconds timeout);

}  // namespace havpnc::lab
