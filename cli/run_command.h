#pragma once
// `havpnc run --plan FILE | --config FILE [--bind Gi0/1=eth1 ...] [--control PATH] [--syslog]`: one process
// is one router. Loads the plan through the one validator, binds each plan interface to the
// Linux interface carrying its address, assembles the router (runtime/router: HSRP and
// tracking on real sockets), opens the control socket and serves until SIGTERM or SIGINT,
// then resigns, withdraws what it added and exits 0. `--config` compiles an IOS config
// in-process with the same lint gate as `havpnc compile`. Refusals to start exit 2 with one
// line saying why.
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace havpnc::cli {

struct RunCommand {
  std::string plan_file;
  std::string config_file;
  std::vector<std::string> binds;
  std::string control;
  bool syslog = false;
  std::string export_keys;  // --export-keys FILE: Wireshark key tables (runtime/crypto/key_export.h)
};

void register_run(CLI::App& app, RunCommand& command);
int run_run(const RunCommand& command);

}  // namespace havpnc::cli
