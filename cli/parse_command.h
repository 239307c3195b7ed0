#pragma once
// `havpnc parse FILE... [--format text|json]`: prints the typed model and what was not
// understood. Exit 0 parsed, 1 parsed with invalid values, 2 unreadable input.
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace havpnc::cli {

struct ParseCommand {
  std::vector<std::string> files;
  std::string format = "text";
};

void register_parse(CLI::App& app, ParseCommand& command);
int run_parse(const ParseCommand& command);

}  // namespace havpnc::cli
