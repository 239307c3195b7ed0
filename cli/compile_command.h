#pragma once
// `havpnc compile CONFIG -o plan.json [--redact] [--force] [--peers FILE...]`: lint the config
// (with its peers, so cross-device rules see both sides), refuse it on lint errors unless
// --force, compile it to a plan, check the plan with the runtime's own loader, and write it
// with mode 0600 (it holds pre-shared keys) or, with --redact, a shareable copy without them.
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace havpnc::cli {

struct CompileCommand {
  std::string config;
  std::string output;
  bool redact = false;
  bool force = false;
  std::vector<std::string> peers;
};

void register_compile(CLI::App& app, CompileCommand& command);
int run_compile(const CompileCommand& command);

// Writes `text` to `path` through a temporary file in the same directory renamed into place,
// so a reader never sees half a plan; the mode is set with fchmod, whatever the umask.
// Returns an empty string on success, else what went wrong.
std::string write_file_with_mode(const std::string& path, const std::string& text, unsigned mode);

}  // namespace havpnc::cli
