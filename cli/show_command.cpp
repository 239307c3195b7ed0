#include "cli/show_command.h"

#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/exit_codes.h"
#include "runtime/control/control_client.h"
#include "runtime/control/socket_path.h"

namespace havpnc::cli {

void register_show(CLI::App& app, ShowCommand& command) {
  auto* sub = app.add_subcommand("show", "Ask a running router (havpnc run) an IOS show command");
  auto* node = sub->add_option("--node", command.node, "Hostname: the socket /run/havpnc/HOSTNAME.sock");
  sub->add_option("--control", command.control, "Control socket path")->excludes(node);
  sub->add_flag("--json", command.json, "JSON instead of IOS text");
  sub->add_option("words", command.words, "The command, IOS abbreviations allowed: sh standby br")
      ->required()
      ->expected(-1);
}

int run_show(const ShowCommand& command) {
  std::string path = command.control;
  if (path.empty()) {
    if (command.node.empty()) {
      std::cerr << "havpnc show: say which router: --node HOSTNAME or --control PATH\n";
      return kExitUsage;
    }
    const auto p = control::default_control_path(command.node);
    if (!p) {
      std::cerr << "havpnc show: not a hostname: " << command.node << "\n";
      return kExitUsage;
    }
    path = *p;
  }
  // IOS users type "sh ..." without "show" only in exec mode; here the words may or may not
  // start with it, so prepend it when the first word is not a prefix of "show".
  std::string line;
  for (const auto& w : command.words) line += (line.empty() ? "" : " ") + w;
  const std::string first = command.words.front();
  if (first.empty() || std::string("show").compare(0, first.size(), first) != 0) line = "show " + line;
  const auto result = control::query(
      path, control::Request{command.json ? control::Format::Json : control::Format::Text, line});
  if (!result.transport_ok) {
    std::cerr << "havpnc show: " << result.error << "\n";
    return kExitUsage;
  }
  std::cout << result.body;
  if (!result.body.empty() && result.body.back() != '\n') std::cout << "\n";
  return result.ok ? kExitOk : kExitFindings;
}

}  // namespace havpnc::cli
