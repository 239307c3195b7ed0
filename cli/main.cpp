// The `havpnc` executable: one subcommand per job, each in its own file.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/compile_command.h"
#include "cli/exit_codes.h"
#include "cli/lab_command.h"
#include "cli/lint_command.h"
#include "cli/parse_command.h"
#include "cli/rules_command.h"
#include "cli/run_command.h"
#include "cli/show_command.h"
#include "cli/version.h"

int main(int argc, char** argv) {
  CLI::App app{"havpnc: parse, lint, compile and run highly-available IPsec VPNs of Cisco IOS (HSRP + SSO)"};
  app.set_version_flag("--version", std::string("havpnc ") + havpnc::cli::kVersion);
  app.require_subcommand(1);

  havpnc::cli::ParseCommand parse;
  havpnc::cli::register_parse(app, parse);
  havpnc::cli::LintCommand lint;
  havpnc::cli::register_lint(app, lint);
  havpnc::cli::RulesCommand rules;
  havpnc::cli::ExplainCommand explain;
  havpnc::cli::register_rules(app, rules, explain);
  havpnc::cli::CompileCommand compile;
  havpnc::cli::register_compile(app, compile);

  havpnc::cli::RunCommand run;
  havpnc::cli::register_run(app, run);
  havpnc::cli::ShowCommand show;
  havpnc::cli::register_show(app, show);
  havpnc::cli::LabCommand lab;
  havpnc::cli::register_lab(app, lab);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return havpnc::cli::kExitUsage;
  }
  try {
    if (app.got_subcommand("parse")) return havpnc::cli::run_parse(parse);
    if (app.got_subcommand("lint")) return havpnc::cli::run_lint(lint);
    if (app.got_subcommand("rules")) return havpnc::cli::run_rules(rules);
    if (app.got_subcommand("explain")) return havpnc::cli::run_explain(explain);
    if (app.got_subcommand("run")) return havpnc::cli::run_run(run);
    if (app.got_subcommand("show")) return havpnc::cli::run_show(show);
    if (app.got_subcommand("compile")) return havpnc::cli::run_compile(compile);
    if (app.got_subcommand("lab")) return havpnc::cli::run_lab(lab);
  } catch (const std::exception& e) {
    // A bug, not bad input: say so plainly rather than abort with a core dump.
    std::cerr << "havpnc: internal error: " << e.what() << "\n";
    return 70;  // EX_SOFTWARE
  }
  return havpnc::cli::kExitUsage;
}
