#include "cli/compile_command.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>

#include "cli/exit_codes.h"
#include "cli/version.h"
#include "compiler/plan/compile.h"
#include "lint/engine.h"
#include "lint/output/output.h"
#include "lint/rule.h"
#include "runtime/plan/load_plan.h"
#include "runtime/plan/write_plan.h"

namespace havpnc::cli {

namespace fs = std::filesystem;

namespace {

constexpr unsigned kSecretMode = 0600;  // the plan holds pre-shared and HSRP keys
constexpr unsigned kSharedMode = 0644;  // a redacted plan holds none

int usage(const std::string& message) {
  std::cerr << "havpnc compile: " << message << "\n";
  return kExitUsage;
}

bool concerns(const lint::Reported& r, const std::string& config, const std::string& device_name) {
  if (r.path == config) return true;
  const auto& devices = r.finding.devices;
  return std::find(devices.begin(), devices.end(), device_name) != devices.end();
}

}  // namespace

void register_compile(CLI::App& app, CompileCommand& c) {
  CLI::App* cmd = app.add_subcommand("compile", "Compile an IOS config into a plan that `havpnc run` executes");
  cmd->add_option("config", c.config, "The router's config (IOS running-config text)")->required();
  cmd->add_option("-o,--output", c.output, "Plan file to write (mode 0600; '-' = stdout, only with --redact)")->required();
  cmd->add_flag("--redact", c.redact, "Write a shareable plan: keys replaced by \"<redacted>\" (it cannot run)");
  cmd->add_flag("--force", c.force, "Compile even when lint reports errors (they are still listed)");
  cmd->add_option("--peers", c.peers, "Configs of the HA partner and tunnel peers, for cross-device lint rules");
}

LintGate lint_gate(const std::string& config, const std::vector<std::string>& peers) {
  std::vector<std::string> inputs{config};
  for (const auto& p : peers) {
    if (p != config) inputs.push_back(p);
  }
  lint::Engine engine(lint::all_rules());
  lint::EngineOptions options;
  options.keep_full_models = true;  // the plan is built from this device's model
  LintGate gate;
  gate.report = engine.run(inputs, options);
  const lint::LintReport& report = gate.report;
  if (report.unreadable) {
    for (const auto& r : report.findings) {
      if (r.finding.rule == "input-unreadable") gate.unreadable.push_back(r.finding.message);
    }
    if (gate.unreadable.empty()) gate.unreadable.push_back("cannot read " + config);
    return gate;
  }
  for (const auto& d : report.network->devices()) {
    if (d.path == config) gate.device = &d;
  }
  if (gate.device == nullptr || gate.device->status == model::ParseStatus::Failed) {
    gate.device = nullptr;
    return gate;
  }
  lint::LintReport errors;
  errors.files = report.files;
  errors.devices = report.devices;
  for (const auto& r : report.findings) {
    if (r.finding.severity == model::Severity::Error && concerns(r, config, gate.device->display_name())) {
      errors.findings.push_back(r);
    }
  }
  gate.errors = errors.findings.size();
  if (gate.errors != 0) {
    lint::output::Options out;
    out.tool_version = kVersion;
    lint::output::write_text(std::cerr, errors, out);
  }
  return gate;
}

std::string write_file_with_mode(const std::string& path, const std::string& text, unsigned mode) {
  const fs::path target(path);
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::string tmp = (dir / ("." + target.filename().string() + ".XXXXXX")).string();
  // mkstemp creates with O_EXCL and 0600, so the keys are never readable by others, not even
  // for a moment; fchmod then sets the final mode exactly, whatever the umask.
  const int fd = ::mkostemp(tmp.data(), O_CLOEXEC);
  if (fd < 0) return "cannot create a file in " + dir.string() + ": " + std::strerror(errno);
  auto fail = [&](const std::string& what) {
    const std::string message = what + ": " + std::strerror(errno);
    ::close(fd);
    ::unlink(tmp.c_str());
    return message;
  };
  if (::fchmod(fd, mode) != 0) return fail("cannot set the mode of " + tmp);
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return fail("cannot write " + tmp);
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) return fail("cannot flush " + tmp);
  if (::close(fd) != 0) {
    const std::string message = "cannot close " + tmp + ": " + std::strerror(errno);
    ::unlink(tmp.c_str());
    return message;
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string message = "cannot rename " + tmp + " to " + path + ": " + std::strerror(errno);
    ::unlink(tmp.c_str());
    return message;
  }
  return {};
}

int run_compile(const CompileCommand& c) {
  if (c.output == "-" && !c.redact) {
    return usage("refusing to print a plan with keys to stdout; write it to a file (-o plan.json) or add --redact");
  }
  LintGate gate = lint_gate(c.config, c.peers);
  if (!gate.unreadable.empty()) {
    for (const auto& why : gate.unreadable) std::cerr << "havpnc: " << why << "\n";
    return kExitUsage;
  }
  if (gate.device == nullptr) return usage("cannot read " + c.config);
  const model::Device* device = gate.device;
  if (gate.errors != 0) {
    if (!c.force) {
      std::cerr << "havpnc compile: " << c.config << " has lint errors (listed above); fix them, or compile anyway with --force\n";
      return kExitFindings;
    }
    std::cerr << "havpnc compile: --force: compiling despite the lint errors above\n";
  }

  compiler::CompileResult result = compiler::compile(*device);
  for (const auto& w : result.warnings) {
    std::cerr << compiler::format_issue(*device, w, model::Severity::Warning) << "\n";
  }
  for (const auto& e : result.errors) {
    std::cerr << compiler::format_issue(*device, e, model::Severity::Error) << "\n";
  }
  if (!result.ok()) {
    std::cerr << "havpnc compile: " << c.config << ": " << result.errors.size()
              << " error(s); no plan written\n";
    return kExitFindings;
  }

  // The runtime's own loader is the judge of a plan: never write one it would refuse.
  const std::string full = plan::write_plan(result.plan);
  const plan::LoadResult check = plan::load_plan(full);
  if (!check.ok()) {
    std::cerr << c.config << ": error: the runtime would refuse this plan: " << check.error.to_string()
              << " [plan-compile]\nhavpnc compile: no plan written\n";
    return kExitFindings;
  }

  const std::string text = c.redact ? plan::write_plan(result.plan, {.redact = true}) : full;
  if (c.output == "-") {
    std::cout << text;
    std::cout.flush();
    return std::cout ? kExitOk : kExitUsage;
  }
  const std::string error = write_file_with_mode(c.output, text, c.redact ? kSharedMode : kSecretMode);
  if (!error.empty()) return usage(error);
  std::cerr << "havpnc compile: wrote " << (c.redact ? "redacted plan " : "plan ") << c.output << " ("
            << result.plan.hostname << ", mode " << (c.redact ? "0644" : "0600") << ")\n";
  return kExitOk;
}

}  // namespace havpnc::cli
