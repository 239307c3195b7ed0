#pragma once
// `havpnc lint PATH...`: files and directories (recursive) linted together as one network.
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace havpnc::cli {

struct LintCommand {
  std::vector<std::string> paths;
  std::string format;  // empty: the project file's, else text
  std::string fail_on;
  std::vector<std::string> enable;
  std::vector<std::string> disable;
  std::vector<std::string> severity;  // RULE=LEVEL
  std::vector<std::string> include;
  std::vector<std::string> exclude;
  bool no_gitignore = false;
  std::string config;
  bool no_config = false;
  std::string baseline;
  std::string write_baseline;
  bool explain_topology = false;
  int jobs = -1;
  std::string color = "auto";
  std::string output;
  std::string root;
  std::string help_uri_base = "https://github.com/havpnc/havpnc/blob/main/docs/rules/";
};

void register_lint(CLI::App& app, LintCommand& command);
int run_lint(const LintCommand& command);

}  // namespace havpnc::cli
