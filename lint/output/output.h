#pragma once
// The four shapes of a lint report: text for people, JSON for scripts (versioned, schema in
// docs/lint.md), SARIF 2.1.0 for code scanning, and GitHub workflow commands for annotations.
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "lint/engine.h"

namespace havpnc::lint::output {

struct Options {
  bool color = false;          // text only: ANSI colours (the CLI sets it only on a TTY)
  std::string tool_version;    // "0.1.0"
  std::string help_uri_base;   // SARIF helpUri = base + id + ".md"
};

inline constexpr int kJsonVersion = 1;

// "2 errors, 1 warning, 30 infos in 3 files (3 devices)"
std::string summary_line(const LintReport& report);

void write_text(std::ostream& out, const LintReport& report, const Options& options);
void write_json(std::ostream& out, const LintReport& report, const Options& options);
void write_sarif(std::ostream& out, const LintReport& report, const std::vector<const Rule*>& rules,
                 const Options& options);
void write_github(std::ostream& out, const LintReport& report, const Options& options);

}  // namespace havpnc::lint::output
