#pragma once
// `havpnc rules` (the catalog: id, severity, summary) and `havpnc explain RULE` (the rule's
// page, compiled into the binary).
#include <string>

namespace CLI {
class App;
}

namespace havpnc::cli {

struct RulesCommand {
  std::string format = "text";
};

struct ExplainCommand {
  std::string rule;
};

void register_rules(CLI::App& app, RulesCommand& rules, ExplainCommand& explain);
int run_rules(const RulesCommand& command);
int run_explain(const ExplainCommand& command);

}  // namespace havpnc::cli
