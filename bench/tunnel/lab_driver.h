#pragma once
// bench_tunnel's three set-ups of the seed lab, one after another under one prefix (same
// namespaces, same veths, same bridge: the same path), each started and taken down through
// the havpnc binary as an operator would:
//   havpnc <-> havpnc            lab up
//   havpnc <-> strongSwan        lab up --peer strongswan                   (R2 is charon)
//   strongSwan <-> strongSwan    lab up --peer strongswan --headend strongswan (R10 too; R11 idle)
#include <sys/wait.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "bench/tunnel/iperf3_stream.h"

namespace havpnc::bench {

struct LabSetup {
  const char* name;
  bool strongswan_peer;     // R2
  bool strongswan_headend;  // R10 (R11 not started)
};

inline const std::vector<LabSetup>& lab_setups() {
  static const std::vector<LabSetup> setups{{"havpnc<->havpnc", false, false},
                                            {"havpnc<->strongSwan", true, false},
                                            {"strongSwan<->strongSwan", true, true}};
  return setups;
}

// Runs argv to completion, its stdout dropped (stderr too with `drop_stderr`); true on exit 0.
inline bool run_quietly(const std::vector<std::string>& argv, bool drop_stderr = false) {
  const pid_t pid = spawn(argv, -1, drop_stderr);
  if (pid < 0) return false;
  int st = 0;
  ::waitpid(pid, &st, 0);
  return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

struct LabDriver {
  std::string havpnc;
  std::string prefix;
  std::string dir;

  bool up(const LabSetup& s) const {
    std::vector<std::string> argv{havpnc, "lab", "up", "--prefix", prefix, "--dir", dir};
    if (s.strongswan_peer) argv.insert(argv.end(), {"--peer", "strongswan"});
    if (s.strongswan_headend) argv.insert(argv.end(), {"--headend", "strongswan"});
    return run_quietly(argv);
  }
  bool down() const { return run_quietly({havpnc, "lab", "down", "--prefix", prefix}); }

  // IKE and the first CHILD SA before any stream: a havpnc R2 initiates on traffic; charon's
  // generated connection waits to be told (start_action = none), so R2 as charon initiates
  // with swanctl (the seed's crypto map MAP2 10, its first child). Then pings until one
  // crosses 6.6.2.2 -> 6.6.146.4.
  bool tunnel_up(const LabSetup& s) const {
    if (s.strongswan_peer) {
      const std::string vici = "unix:///run/havpnc/lab/" + prefix + "/R2.swan/run/charon.vici";
      // swanctl lists on stderr every plugin of the host's strongswan.conf it lacks.
      const std::vector<std::string> initiate{"ip", "netns", "exec", prefix + "R2", "swanctl", "--initiate", "--ike",
                                              "MAP2-10", "--child", "MAP2-10-0", "--timeout", "30", "--uri", vici};
      if (!run_quietly(initiate, true)) {
        std::string line;
        for (const std::string& a : initiate) line += (line.empty() ? "" : " ") + a;
        std::fprintf(stderr, "bench_tunnel: failed: %s\n", line.c_str());
        return false;
      }
    }
    for (int i = 0; i < 30; ++i)
      if (run_quietly({"ip", "netns", "exec", prefix + "R2", "ping", "-n", "-q", "-c", "1", "-W", "1", "-I", "6.6.2.2",
                       "6.6.146.4"}))
        return true;
    return false;
  }
};

}  // namespace havpnc::bench
