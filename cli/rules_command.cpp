#include "cli/rules_command.h"

#include <CLI/CLI.hpp>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/exit_codes.h"
#include "lint/engine.h"
#include "lint/rule_docs.h"

namespace havpnc::cli {

void register_rules(CLI::App& app, RulesCommand& rules, ExplainCommand& explain) {
  CLI::App* r = app.add_subcommand("rules", "List the lint rules: id, default severity, summary");
  r->add_option("--format", rules.format, "Output format")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
  CLI::App* e = app.add_subcommand("explain", "Print a lint rule's documentation page");
  e->add_option("rule", explain.rule, "Rule id, as listed by `havpnc rules`")->required();
}

int run_rules(const RulesCommand& command) {
  lint::Engine engine(lint::all_rules());
  if (command.format == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (const lint::Rule* r : engine.rules()) {
      out.push_back({{"id", std::string(r->id())},
                     {"severity", model::to_string(r->default_severity())},
                     {"summary", std::string(r->summary())},
                     {"documented", lint::rule_doc(r->id()).has_value()}});
    }
    std::cout << out.dump(2) << "\n";
    return kExitOk;
  }
  std::size_t width = 0;
  for (const lint::Rule* r : engine.rules()) width = std::max(width, r->id().size());
  for (const lint::Rule* r : engine.rules()) {
    std::string id(r->id());
    std::string severity = model::to_string(r->default_severity());
    std::cout << id << std::string(width + 2 - id.size(), ' ') << severity << std::string(9 - severity.size(), ' ')
              << r->summary() << "\n";
  }
  return kExitOk;
}

int run_explain(const ExplainCommand& command) {
  lint::Engine engine(lint::all_rules());
  if (auto doc = lint::rule_doc(command.rule)) {
    std::cout << *doc;
    if (!doc->empty() && doc->back() != '\n') std::cout << "\n";
    return kExitOk;
  }
  if (const lint::Rule* r = engine.find(command.rule)) {
    std::cerr << "havpnc: rule " << command.rule << " has no documentation page (docs/rules/" << command.rule
              << ".md); its summary: " << r->summary() << "\n";
    return kExitUsage;
  }
  std::cerr << "havpnc: unknown rule '" << command.rule << "' (see `havpnc rules`)\n";
  return kExitUsage;
}

}  // namespace havpnc::cli
