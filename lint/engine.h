#pragma once
// The lint engine: reads the given files in parallel, builds one Network of all devices,
// runs every enabled rule, turns frontend diagnostics into findings, then applies severity
// overrides, inline and project-file suppressions and the baseline. Output formats live in
// lint/output/; the CLI only wires options to this.
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "compiler/network/network.h"
#include "lint/baseline.h"
#include "lint/finding.h"
#include "lint/project_file.h"
#include "lint/rule.h"

namespace havpnc::lint {

struct EngineOptions {
  std::set<std::string> disable;  // rule ids not run
  std::set<std::string> enable;   // re-enables ids in `disable` (the command line beats the project file)
  std::map<std::string, model::Severity> severity;
  std::vector<SideSuppression> suppressions;
  std::string root = ".";  // root-relative paths (side-file globs, SARIF) start here
  unsigned jobs = 0;       // 0: every core
  std::uint64_t max_file_bytes = 1ull << 30;
  const Baseline* baseline = nullptr;  // consumed: pass a fresh copy per run
  // Called from worker threads after each file is parsed (progress bars); may be empty.
  std::function<void(std::size_t done, std::size_t total)> progress;
  // Keep every device's whole model in the report. `havpnc compile` and `havpnc run --config`
  // build a plan from it; plain linting keeps only what the network rules read, because
  // 10,000 full models do not fit in memory.
  bool keep_full_models = false;
};

// A finding as printed: the finding, its file's path and the text of its lines.
struct Reported {
  Finding finding;
  std::string path;          // as given on the command line
  std::string relative_path; // from EngineOptions::root, '/'-separated
  std::string source_line;   // the primary line, secrets redacted; empty when nowhere
  std::vector<std::string> related_paths;
  std::vector<std::string> related_relative_paths;
  std::vector<std::string> related_lines;
  std::string fingerprint;
};

struct LintReport {
  std::unique_ptr<network::Network> network;
  std::vector<Reported> findings;  // sorted by path, line, column, rule
  std::size_t files = 0;
  std::size_t devices = 0;         // files that parsed into a device
  std::size_t suppressed = 0;
  std::size_t baselined = 0;
  bool unreadable = false;         // some input could not be read: exit code 2
  std::uint64_t bytes = 0;
  double parse_seconds = 0;
  double rule_seconds = 0;
};

// An input already in memory (tests, benchmarks, stdin).
struct TextInput {
  std::string path;
  std::string text;
};

class Engine {
 public:
  // `rules`: the catalog (all_rules() in the CLI, test-only rules in tests). The engine's own
  // rules (builtin_rules.h) are added; a catalog rule with the same id as one of them is
  // dropped, since the engine is what produces those findings.
  explicit Engine(std::vector<std::unique_ptr<Rule>> rules);

  // Every rule, in id order.
  const std::vector<const Rule*>& rules() const { return sorted_; }
  const Rule* find(std::string_view id) const;

  // Unknown rule ids in the options ("--disable nonsense"): the CLI makes them usage errors.
  std::vector<std::string> unknown_rules(const EngineOptions& options) const;

  LintReport run(const std::vector<std::string>& files, const EngineOptions& options) const;
  LintReport run(const std::vector<TextInput>& inputs, const EngineOptions& options) const;

 private:
  struct Source;
  LintReport run_sources(const std::vector<Source>& sources, const EngineOptions& options) const;

  std::vector<std::unique_ptr<Rule>> owned_;
  std::vector<const Rule*> sorted_;
};

}  // namespace havpnc::lint
