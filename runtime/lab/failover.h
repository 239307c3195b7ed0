#pragma once
// `havpnc lab failover`: the seed's experiment on a running lab. Echoes from R2's inside
// address (6.6.2.2) to the host behind the HSRP pair (6.6.146.4) at a fixed rate; wait until
// the tunnel carries them and HSRP has an Active and a Standby (and the standby is STANDBY HOT,
// when the routers answer `show redundancy states`); fail the Active; wait until echoes come
// back through the other router; bring the failed one back; repeat, alternating routers.
// Reports per failover: the seed-style `!!!!.U...!!!` line, echoes lost, the outage (last
// reply before to first reply after), and whether R2's IKE and IPsec SAs stayed the same.
#include <iosfwd>
#include <string>
#include <vector>

#include "runtime/lab/lab.h"

namespace havpnc::lab {

struct FailoverOptions {
  int rate_pps = 100;
  // link: shut the Active's interface; crash: SIGKILL + links down; kill: SIGKILL. A comma
  // list ("link,crash") is a cycle: failover i uses entry (i-1) mod size.
  std::string mode = "link";
  int repeat = 1;
  // After a takeover, this many consecutive echoes must be answered before the failed router
  // is brought back (0: 100 ms worth of echoes, at least 5).
  int count = 0;
  // What the tunnel peer must be: "" whatever the lab runs; "havpnc" or "strongswan" refuse
  // a lab whose peer is the other kind. A strongSwan peer's SAs are read with `swanctl
  // --list-sas` in its namespace and its replay/ICV drops from charon's log.
  std::string peer;
  std::string plot;  // SVG path, "" for none
  bool json = false;
  std::string from = "R2";  // the node whose namespace sends the echoes
  std::string source = "6.6.2.2";
  std::string destination = "6.6.146.4";
  std::string interface = "Gi0/0";  // `link`: the seed shut G0/0 (tracked by `track 1`, in `track 3`)
  std::chrono::seconds settle_timeout{120};
  std::chrono::seconds recovery_timeout{90};  // without SSO, R2 must notice by DPD and renegotiate
};

// The --mode/--how cycle, or empty when an entry is not link, crash or kill.
std::vector<std::string> failover_modes(const std::string& mode);

// 0: every failover recovered; 1: the lab failed or a failover did not recover; 2: refused.
int run_failover(const LabOptions& lab_options, const FailoverOptions& options, std::ostream& out, std::ostream& err);

}  // namespace havpnc::lab
