#include <nlohmann/json.hpp>

#include "lint/output/output.h"

namespace havpnc::lint::output {

namespace {

nlohmann::json location(const std::string& path, const std::string& relative, const model::SourceRange& r) {
  nlohmann::json l = {{"path", path}, {"relative_path", relative}};
  if (r.valid()) {
    l["line"] = r.line;
    l["column"] = r.col;
    l["end_line"] = r.end_line;
    l["end_column"] = r.end_col;
  }
  return l;
}

}  // namespace

void write_json(std::ostream& out, const LintReport& report, const Options& options) {
  nlohmann::json j;
  j["version"] = kJsonVersion;
  j["tool"] = {{"name", "havpnc"}, {"version", options.tool_version}};
  std::size_t counts[3] = {0, 0, 0};
  nlohmann::json findings = nlohmann::json::array();
  for (const auto& r : report.findings) {
    const Finding& f = r.finding;
    ++counts[static_cast<int>(f.severity)];
    nlohmann::json item = {{"rule", f.rule},
                           {"severity", model::to_string(f.severity)},
                           {"message", f.message},
                           {"location", location(r.path, r.relative_path, f.location)},
                           {"source_line", r.source_line},
                           {"devices", f.devices},
                           {"fingerprint", r.fingerprint}};
    nlohmann::json related = nlohmann::json::array();
    for (std::size_t k = 0; k < f.related.size(); ++k) {
      related.push_back({{"message", f.related[k].message},
                         {"location", location(r.related_paths[k], r.related_relative_paths[k], f.related[k].range)},
                         {"source_line", r.related_lines[k]}});
    }
    item["related"] = std::move(related);
    findings.push_back(std::move(item));
  }
  j["summary"] = {{"errors", counts[0]},         {"warnings", counts[1]},
                  {"infos", counts[2]},          {"files", report.files},
                  {"devices", report.devices},   {"suppressed", report.suppressed},
                  {"baselined", report.baselined}, {"unreadable", report.unreadable}};
  j["findings"] = std::move(findings);
  out << j.dump(2) << "\n";
}

}  // namespace havpnc::lint::output
