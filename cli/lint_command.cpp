#include "cli/lint_command.h"

#include <malloc.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>

#include "cli/exit_codes.h"
#include "cli/version.h"
#include "lint/baseline.h"
#include "lint/builtin_rules.h"
#include "lint/engine.h"
#include "lint/file_discovery.h"
#include "lint/output/output.h"
#include "lint/project_file.h"
#include "lint/topology_text.h"

namespace havpnc::cli {

namespace fs = std::filesystem;

void register_lint(CLI::App& app, LintCommand& c) {
  CLI::App* lint = app.add_subcommand(
      "lint", "Check IOS configs for HA IPsec (HSRP + SSO) mistakes; all paths form one network");
  lint->add_option("paths", c.paths, "Config files and directories (searched recursively)")->required();
  lint->add_option("--format", c.format, "Output format (default text)")
      ->check(CLI::IsMember({"text", "json", "sarif", "github"}));
  lint->add_option("--fail-on", c.fail_on, "Exit 1 when a finding at or above this severity remains (default error)")
      ->check(CLI::IsMember({"error", "warning", "info", "never"}));
  lint->add_option("--enable", c.enable, "Run a rule the project file disables (repeatable)");
  lint->add_option("--disable", c.disable, "Do not run a rule (repeatable)");
  lint->add_option("--severity", c.severity, "Override a rule's severity: RULE=error|warning|info (repeatable)");
  lint->add_option("--include", c.include, "Glob of files to lint inside directories (repeatable; replaces the default)");
  lint->add_option("--exclude", c.exclude, "Glob of files or directories to skip (repeatable)");
  lint->add_flag("--no-gitignore", c.no_gitignore, "Also lint files that .gitignore ignores");
  lint->add_option("--config", c.config, "Project file to use instead of the nearest .havpnc.yaml");
  lint->add_flag("--no-config", c.no_config, "Ignore .havpnc.yaml");
  lint->add_option("--baseline", c.baseline, "Report only findings not recorded in this baseline file");
  lint->add_option("--write-baseline", c.write_baseline, "Record every current finding in this file and exit 0");
  lint->add_flag("--explain-topology", c.explain_topology, "Print the HA pairs and tunnel peers found, with evidence");
  lint->add_option("-j,--jobs", c.jobs, "Files parsed in parallel (default: every core)")->check(CLI::Range(0, 4096));
  lint->add_option("--color", c.color, "Colour text output")->check(CLI::IsMember({"auto", "always", "never"}));
  lint->add_option("-o,--output", c.output, "Write the report to this file instead of standard output");
  lint->add_option("--root", c.root, "Directory repo-relative paths start from (default: the project file's, else .)");
  lint->add_option("--help-uri-base", c.help_uri_base, "SARIF helpUri prefix for docs/rules/<id>.md")
      ->capture_default_str();
}

namespace {

int usage(const std::string& message) {
  std::cerr << "havpnc lint: " << message << "\n";
  return kExitUsage;
}

int rank(model::Severity s) {
  switch (s) {
    case model::Severity::Error: return 3;
    case model::Severity::Warning: return 2;
    case model::Severity::Info: return 1;
  }
  return 0;
}

int threshold(const std::string& fail_on) {
  if (fail_on == "warning") return 2;
  if (fail_on == "info") return 1;
  if (fail_on == "never") return 4;
  return 3;
}

// A progress line on a terminal for runs long enough to wonder about; nothing otherwise,
// so logs and pipes stay clean.
class Progress {
 public:
  explicit Progress(std::size_t total) : enabled_(total >= 50 && ::isatty(STDERR_FILENO) == 1) {}
  void update(std::size_t done, std::size_t total) {
    if (!enabled_) return;
    std::lock_guard lock(mutex_);
    std::size_t percent = done * 100 / total;
    if (percent == last_ && done != total) return;
    last_ = percent;
    std::size_t bar = percent * 30 / 100;
    std::cerr << "\rparsing [" << std::string(bar, '#') << std::string(30 - bar, ' ') << "] " << done << "/" << total
              << std::flush;
  }
  ~Progress() {
    if (enabled_) std::cerr << "\r\x1b[K" << std::flush;
  }

 private:
  bool enabled_;
  std::mutex mutex_;
  std::size_t last_ = 101;
};

}  // namespace

int run_lint(const LintCommand& c) {
  // Settings: defaults < project file < command line.
  lint::ProjectConfig project;
  if (!c.no_config) {
    std::string path = c.config.empty() ? lint::find_project_file(".") : c.config;
    if (!path.empty()) {
      auto load = lint::load_project_config(path);
      if (!load.config) return usage(load.error);
      project = std::move(*load.config);
    }
  }
  lint::EngineOptions options;
  options.root = !c.root.empty() ? c.root : (!project.root.empty() ? project.root : std::string("."));
  options.disable.insert(project.disable.begin(), project.disable.end());
  options.disable.insert(c.disable.begin(), c.disable.end());
  options.enable.insert(project.enable.begin(), project.enable.end());
  options.enable.insert(c.enable.begin(), c.enable.end());
  for (const auto& id : c.disable) options.enable.erase(id);
  options.severity = project.severity;
  for (const auto& s : c.severity) {
    auto eq = s.find('=');
    auto level = eq == std::string::npos ? std::nullopt : lint::parse_severity(s.substr(eq + 1));
    if (!level) return usage("--severity takes RULE=error|warning|info, not '" + s + "'");
    options.severity[s.substr(0, eq)] = *level;
  }
  options.suppressions = project.suppressions;
  options.jobs = c.jobs >= 0 ? static_cast<unsigned>(c.jobs) : project.jobs.value_or(0);
  const std::string format = !c.format.empty() ? c.format : project.format.value_or("text");
  const std::string fail_on = !c.fail_on.empty() ? c.fail_on : project.fail_on.value_or("error");

  lint::Engine engine(lint::all_rules());
  if (auto unknown = engine.unknown_rules(options); !unknown.empty()) {
    std::string list;
    for (const auto& id : unknown) list += (list.empty() ? "" : ", ") + id;
    return usage("unknown rule " + list + " (see `havpnc rules`)");
  }

  std::optional<lint::Baseline> baseline;
  std::string baseline_path = c.baseline;
  if (baseline_path.empty() && project.baseline && c.write_baseline.empty()) {
    baseline_path = (fs::path(project.root) / *project.baseline).string();
  }
  if (!baseline_path.empty() && c.write_baseline.empty()) {
    std::string error;
    baseline = lint::Baseline::load(baseline_path, &error);
    if (!baseline) return usage("baseline " + error);
    options.baseline = &*baseline;
  }

  lint::DiscoveryOptions discovery;
  if (!c.include.empty()) {
    discovery.include = c.include;
  } else if (!project.include.empty()) {
    discovery.include = project.include;
  }
  discovery.exclude = project.exclude;
  discovery.exclude.insert(discovery.exclude.end(), c.exclude.begin(), c.exclude.end());
  discovery.gitignore = !c.no_gitignore && project.gitignore.value_or(true);
  const auto found = lint::discover_files(c.paths, discovery);
  if (found.files.empty()) return usage("no config files found in the given paths (see --include)");

  // glibc's fastbins: a parse frees each chunk's tokens and tree nodes in bulk, and every
  // large free then sweeps the fastbins (malloc_consolidate, ~6% of a run). Without them
  // the small frees coalesce at once and the per-thread tcache still serves small requests:
  // bench_lint N = 300 --jobs 1 takes 8.5 s CPU instead of 9.7. The setting is process-wide,
  // so it is this command's to make, not the engine's: `compile` and `run --config` lint
  // with the same engine in a process that lives on as a router.
  ::mallopt(M_MXFAST, 0);

  Progress progress(found.files.size());
  options.progress = [&](std::size_t done, std::size_t total) { progress.update(done, total); };
  lint::LintReport report = engine.run(found.files, options);
  options.progress = nullptr;

  if (!c.write_baseline.empty()) {
    std::vector<lint::BaselineEntry> entries;
    for (const auto& r : report.findings) {
      if (r.finding.rule == lint::kInputUnreadable) continue;
      entries.push_back({r.fingerprint, r.finding.rule, r.finding.devices.empty() ? "" : r.finding.devices.front(),
                         r.relative_path, r.finding.message});
    }
    std::ofstream out(c.write_baseline, std::ios::binary | std::ios::trunc);
    out << lint::Baseline::serialize(entries);
    if (!out) return usage("cannot write " + c.write_baseline);
    std::cerr << "havpnc lint: recorded " << entries.size() << " findings in " << c.write_baseline << "\n";
    return report.unreadable ? kExitUsage : kExitOk;
  }

  std::ofstream file;
  if (!c.output.empty()) {
    file.open(c.output, std::ios::binary | std::ios::trunc);
    if (!file) return usage("cannot write " + c.output);
  }
  std::ostream& out = c.output.empty() ? std::cout : file;
  lint::output::Options out_options;
  out_options.tool_version = kVersion;
  out_options.help_uri_base = c.help_uri_base;
  const bool tty = c.output.empty() && ::isatty(STDOUT_FILENO) == 1 && std::getenv("NO_COLOR") == nullptr;
  out_options.color = format == "text" && (c.color == "always" || (c.color == "auto" && tty));

  if (c.explain_topology) lint::write_topology(format == "text" ? out : std::cerr, *report.network);
  if (format == "json") {
    lint::output::write_json(out, report, out_options);
  } else if (format == "sarif") {
    lint::output::write_sarif(out, report, engine.rules(), out_options);
  } else if (format == "github") {
    lint::output::write_github(out, report, out_options);
    std::cerr << lint::output::summary_line(report) << "\n";
  } else {
    lint::output::write_text(out, report, out_options);
  }
  out.flush();

  if (report.unreadable) {
    for (const auto& r : report.findings) {
      if (r.finding.rule == lint::kInputUnreadable) std::cerr << "havpnc: " << r.finding.message << "\n";
    }
    return kExitUsage;
  }
  const int bar = threshold(fail_on);
  for (const auto& r : report.findings) {
    if (rank(r.finding.severity) >= bar) return kExitFindings;
  }
  return kExitOk;
}

}  // namespace havpnc::cli
