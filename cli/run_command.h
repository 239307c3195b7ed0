#pragma once
// `havpnc run --plan FILE [--bind Gi0/1=eth1 ...] [--control PATH] [--syslog]`: one process
// is one router. Loads the plan through the one validator, binds each plan interface to the
// Linux interface carrying its address, opens the control socket and serves until SIGTERM or
// SIGINT, then withdraws what it added and exits 0. Refusals to start exit 2 with one line
// saying why.
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace havpnc::cli {

struct RunCommand {
  std::string plan_file;
  std::vector<std::string> binds;
  std::string control;
  bool syslog = false;
};

void register_run(CLI::App& app, RunCommand& command);
int run_run(const RunCommand& command);

}  // namespace havpnc::cli
