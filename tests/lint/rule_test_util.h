#pragma once
// Test harness for lint rules: parse N configs given inline (or read from samples/), build the
// Network, run one rule (or all) and hand back the findings. Configs are usually the seed
// network with one line changed, so line numbers in expectations are the seed's.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/network/network.h"
#include "lint/finding.h"
#include "lint/rule.h"

namespace havpnc::lint::test {

struct Config {
  std::string path;  // becomes the device's path and its FileId in order
  std::string text;
};

// The parsed network and what the rule(s) reported, in report order.
struct Outcome {
  std::unique_ptr<network::Network> network;
  std::vector<Finding> findings;

  // The file a finding's location is in ("R10.cfg").
  std::string file_of(const model::SourceRange& range) const;
  // "rule R10.cfg:77 -> R11.cfg:77" per finding, one per line: readable failure output.
  std::string describe() const;
  // "R10.cfg:77"
  std::string where(const model::SourceRange& range) const;
  // Where each related location of a finding is.
  std::vector<std::string> related(const Finding& finding) const;
};

// Checks the outcome holds exactly `count` findings and the `index`th one has this rule,
// severity, primary place and related places; returns it for message checks.
const Finding& expect_finding(const Outcome& outcome, std::size_t count, std::size_t index, std::string_view rule,
                              model::Severity severity, const std::string& where,
                              const std::vector<std::string>& related);

bool contains(const std::string& text, std::string_view part);

Outcome run_rule(std::string_view rule_id, std::vector<Config> configs);
Outcome run_all_rules(std::vector<Config> configs);

// samples/seed/<name>.cfg, e.g. seed("R10").
Config seed(const std::string& name);
// The seed network R2, R10, R11 (R2 first: tunnel findings lead with R2's end).
std::vector<Config> seed_network();
// Every *.cfg in a directory, sorted by name.
std::vector<Config> configs_in(const std::string& dir);

// Replaces line `line` (1-based) of `config` with `text`, keeping the line count, so the
// other lines keep their seed numbers. Fails the test when the line is not what `expect` says.
Config& edit(Config& config, int line, std::string_view expect, std::string text);
Config& edit(std::vector<Config>& configs, const std::string& path, int line, std::string_view expect,
             std::string text);

}  // namespace havpnc::lint::test
