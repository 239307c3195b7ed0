#pragma once
// `havpnc compile CONFIG -o plan.json [--redact] [--force] [--peers FILE...]`: lint the config
// (with its peers, so cross-device rules see both sides), refuse it on lint errors unless
// --force, compile it to a plan, check the plan with the runtime's own loader, and write it
// with mode 0600 (it holds pre-shared keys) or, with --redact, a shareable copy without them.
#include <cstddef>
#include <string>
#include <vector>

#include "lint/engine.h"

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

// The lint gate of `havpnc compile`, which `havpnc run --config` passes through too: lints
// `config` with `peers` (so cross-device rules see both sides) keeping the full models, finds
// the router's device, and lists on stderr the lint errors about this router -- its own
// lines, or a cross-device finding naming it; a peer's own problems are for its own compile.
// Whether those errors refuse the compile is the caller's (--force).
struct LintGate {
  lint::LintReport report;                // owns the model `device` points into
  const model::Device* device = nullptr;  // nullptr: the config could not be read or parsed
  std::vector<std::string> unreadable;    // non-empty when an input could not be read: why
  std::size_t errors = 0;                 // lint errors about this router, listed on stderr
};
LintGate lint_gate(const std::string& config, const std::vector<std::string>& peers);

// Writes `text` to `path` through a temporary file in the same directory renamed into place,
// so a reader never sees half a plan; the mode is set with fchmod, whatever the umask.
// Returns an empty string on success, else what went wrong.
std::string write_file_with_mode(const std::string& path, const std::string& text, unsigned mode);

}  // namespace havpnc::cli
