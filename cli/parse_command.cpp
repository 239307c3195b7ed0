#include "cli/parse_command.h"

#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/exit_codes.h"
#include "cli/model_text.h"
#include "compiler/frontend/frontend.h"
#include "compiler/model/json.h"

namespace havpnc::cli {

void register_parse(CLI::App& app, ParseCommand& command) {
  CLI::App* parse = app.add_subcommand("parse", "Parse IOS configs and print the typed model");
  parse->add_option("files", command.files, "Config files (IOS running-config text)")->required();
  parse->add_option("--format", command.format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
}

int run_parse(const ParseCommand& command) {
  model::SourceFiles files;
  int exit_code = kExitOk;
  nlohmann::json all = nlohmann::json::array();
  for (const auto& path : command.files) {
    model::Device device = frontend::parse_file(path, files);
    if (device.status == model::ParseStatus::Failed) {
      exit_code = kExitUsage;
    } else if (exit_code == kExitOk) {
      for (const auto& d : device.diagnostics) {
        if (d.severity == model::Severity::Error) exit_code = kExitFindings;
      }
    }
    if (command.format == "json") {
      all.push_back(model::to_json(device, files));
    } else {
      print_model_text(std::cout, device, files);
    }
    for (const auto& d : device.diagnostics) {
      if (d.rule == "input-unreadable") std::cerr << "havpnc: " << d.message << "\n";
    }
  }
  if (command.format == "json") std::cout << all.dump(2) << "\n";
  return exit_code;
}

}  // namespace havpnc::cli
