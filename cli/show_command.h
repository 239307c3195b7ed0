#pragma once
// `havpnc show [--node HOSTNAME | --control PATH] <show command...> [--json]`: asks a running
// router over its control socket. Exit 0 answered, 1 the router refused the command (IOS
// error text on stdout, as a router console prints it), 2 no router to ask.
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace havpnc::cli {

struct ShowCommand {
  std::string node;
  std::string control;
  bool json = false;
  std::vector<std::string> words;
};

void register_show(CLI::App& app, ShowCommand& command);
int run_show(const ShowCommand& command);

}  // namespace havpnc::cli
