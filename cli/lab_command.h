#pragma once
// `havpnc lab up|down|status|exec|show|link|kill|start|failover`: the seed topology (or the configs of
// --dir) in network namespaces, one `havpnc run` per router (runtime/lab). Root only: without
// it every subcommand exits 2 with one line saying so.
#include <string>

#include "runtime/lab/failover.h"
#include <vector>

namespace CLI {
class App;
}

namespace havpnc::cli {

struct LabCommand {
  std::string prefix = "hvlab-";
  std::string dir = "samples/seed";
  bool force = false;
  std::string peer = "havpnc";
  std::string headend = "havpnc";
  std::string node;
  std::string interface;
  std::string state;  // "up" | "down" for `lab link`
  std::string signal = "KILL";
  bool json = false;
  bool power_off = false;
  std::vector<std::string> words;  // show command words, or the command for exec
  std::string action;              // the subcommand that was given
  lab::FailoverOptions failover;   // `lab failover`
};

void register_lab(CLI::App& app, LabCommand& command);
int run_lab(const LabCommand& command);

}  // namespace havpnc::cli
