#include "tests/lint/rule_test_util.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "compiler/frontend/frontend.h"

namespace havpnc::lint::test {
namespace {

class CollectingSink final : public FindingSink {
 public:
  explicit CollectingSink(std::vector<Finding>& out) : out_(out) {}
  void report(Finding finding) override { out_.push_back(std::move(finding)); }

 private:
  std::vector<Finding>& out_;
};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Outcome run(const std::vector<const Rule*>& rules, std::vector<Config> configs) {
  model::SourceFiles files;
  std::vector<model::Device> devices;
  for (const auto& c : configs) {
    const model::FileId id = files.add(c.path);
    devices.push_back(frontend::parse_text(c.text, c.path, id));
  }
  Outcome out;
  out.network = std::make_unique<network::Network>(std::move(devices), std::move(files));
  CollectingSink sink(out.findings);
  for (const Rule* rule : rules) {
    for (const auto& d : out.network->devices()) rule->check_device(d, sink);
    rule->check_network(*out.network, sink);
  }
  return out;
}

}  // namespace

std::string Outcome::file_of(const model::SourceRange& range) const {
  if (range.file >= network->files().size()) return "?";
  return network->files().path(range.file);
}

std::string Outcome::describe() const {
  std::string out;
  for (const auto& f : findings) {
    out += f.rule + " " + model::to_string(f.severity) + " " + file_of(f.location) + ":" +
           std::to_string(f.location.line);
    for (const auto& r : f.related) out += " -> " + file_of(r.range) + ":" + std::to_string(r.range.line);
    out += " | " + f.message + "\n";
  }
  return out;
}

std::string Outcome::where(const model::SourceRange& range) const {
  return file_of(range) + ":" + std::to_string(range.line);
}

std::vector<std::string> Outcome::related(const Finding& finding) const {
  std::vector<std::string> out;
  for (const auto& r : finding.related) out.push_back(where(r.range));
  return out;
}

const Finding& expect_finding(const Outcome& outcome, std::size_t count, std::size_t index, std::string_view rule,
                              model::Severity severity, const std::string& where,
                              const std::vector<std::string>& related) {
  static const Finding kNone{};
  EXPECT_EQ(outcome.findings.size(), count) << outcome.describe();
  if (index >= outcome.findings.size()) {
    ADD_FAILURE() << "no finding #" << index << "\n" << outcome.describe();
    return kNone;
  }
  const Finding& f = outcome.findings[index];
  EXPECT_EQ(f.rule, rule);
  EXPECT_EQ(f.severity, severity) << model::to_string(f.severity);
  EXPECT_EQ(outcome.where(f.location), where) << outcome.describe();
  EXPECT_EQ(outcome.related(f), related) << outcome.describe();
  EXPECT_FALSE(f.devices.empty());
  EXPECT_FALSE(f.message.empty());
  return f;
}

bool contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

Outcome run_rule(std::string_view rule_id, std::vector<Config> configs) {
  auto rules = all_rules();
  auto it = std::find_if(rules.begin(), rules.end(), [&](const auto& r) { return r->id() == rule_id; });
  if (it == rules.end()) throw std::runtime_error("no rule " + std::string(rule_id));
  return run({it->get()}, std::move(configs));
}

Outcome run_all_rules(std::vector<Config> configs) {
  auto rules = all_rules();
  std::vector<const Rule*> pointers;
  for (const auto& r : rules) pointers.push_back(r.get());
  return run(pointers, std::move(configs));
}

Config seed(const std::string& name) {
  return {name + ".cfg", read_file(std::string(HAVPNC_SOURCE_DIR) + "/samples/seed/" + name + ".cfg")};
}

std::vector<Config> seed_network() { return {seed("R2"), seed("R10"), seed("R11")}; }

std::vector<Config> configs_in(const std::string& dir) {
  std::vector<std::string> paths;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".cfg") paths.push_back(entry.path().string());
  }
  std::sort(paths.begin(), paths.end());
  std::vector<Config> out;
  for (const auto& p : paths) out.push_back({std::filesystem::path(p).filename().string(), read_file(p)});
  return out;
}

Config& edit(Config& config, int line, std::string_view expect, std::string text) {
  std::vector<std::string> lines;
  std::istringstream in(config.text);
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  if (line < 1 || static_cast<std::size_t>(line) > lines.size()) {
    ADD_FAILURE() << config.path << " has no line " << line;
    return config;
  }
  EXPECT_EQ(lines[line - 1], expect) << config.path << ":" << line << " is not the line the test edits";
  lines[line - 1] = std::move(text);
  std::string joined;
  for (const auto& l : lines) joined += l + "\n";
  config.text = std::move(joined);
  return config;
}

Config& edit(std::vector<Config>& configs, const std::string& path, int line, std::string_view expect,
             std::string text) {
  auto it = std::find_if(configs.begin(), configs.end(), [&](const Config& c) { return c.path == path; });
  if (it == configs.end()) throw std::runtime_error("no config " + path);
  return edit(*it, line, expect, std::move(text));
}

}  // namespace havpnc::lint::test
