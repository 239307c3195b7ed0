// SARIF 2.1.0 (OASIS), in the shape GitHub code scanning reads: tool.driver.rules with
// id/shortDescription/helpUri, results with ruleId/level/message/locations (root-relative
// uri under %SRCROOT%, region), relatedLocations and partialFingerprints.
#include <nlohmann/json.hpp>

#include "lint/output/output.h"
#include "lint/rule_docs.h"

namespace havpnc::lint::output {

namespace {

const char* level_of(model::Severity s) {
  switch (s) {
    case model::Severity::Error: return "error";
    case model::Severity::Warning: return "warning";
    case model::Severity::Info: return "note";
  }
  return "note";
}

// RFC 3986 path characters; everything else percent-encoded (spaces in file names).
std::string uri_path(std::string_view path) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : path) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
        c == '_' || c == '~' || c == '/') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

nlohmann::json physical(const std::string& relative, const model::SourceRange& r, const std::string& line) {
  nlohmann::json p = {{"artifactLocation", {{"uri", uri_path(relative)}, {"uriBaseId", "%SRCROOT%"}}}};
  if (r.valid()) {
    nlohmann::json region = {{"startLine", r.line}, {"startColumn", r.col == 0 ? 1 : r.col}};
    if (r.end_line >= r.line) region["endLine"] = r.end_line;
    // SARIF's endColumn is exclusive; the model's end_col is inclusive.
    if (r.end_line == r.line && r.end_col >= r.col && r.col != 0) region["endColumn"] = r.end_col + 1;
    if (!line.empty()) region["snippet"] = {{"text", line}};
    p["region"] = std::move(region);
  }
  return p;
}

}  // namespace

void write_sarif(std::ostream& out, const LintReport& report, const std::vector<const Rule*>& rules,
                 const Options& options) {
  nlohmann::json driver_rules = nlohmann::json::array();
  std::map<std::string, std::size_t> index;
  for (const Rule* rule : rules) {
    const std::string id(rule->id());
    index[id] = driver_rules.size();
    nlohmann::json r = {{"id", id},
                        {"name", id},
                        {"shortDescription", {{"text", std::string(rule->summary())}}},
                        {"defaultConfiguration", {{"level", level_of(rule->default_severity())}}}};
    if (!options.help_uri_base.empty()) r["helpUri"] = options.help_uri_base + id + ".md";
    if (auto doc = rule_doc(id)) r["help"] = {{"text", std::string(*doc)}, {"markdown", std::string(*doc)}};
    driver_rules.push_back(std::move(r));
  }
  nlohmann::json results = nlohmann::json::array();
  for (const auto& rep : report.findings) {
    const Finding& f = rep.finding;
    nlohmann::json result = {{"ruleId", f.rule},
                             {"level", level_of(f.severity)},
                             {"message", {{"text", f.message}}},
                             {"locations", nlohmann::json::array({{{"physicalLocation",
                                                                    physical(rep.relative_path, f.location, rep.source_line)}}})},
                             {"partialFingerprints", {{"havpncFingerprint/v1", rep.fingerprint}}}};
    if (auto it = index.find(f.rule); it != index.end()) result["ruleIndex"] = it->second;
    if (!f.related.empty()) {
      nlohmann::json related = nlohmann::json::array();
      for (std::size_t k = 0; k < f.related.size(); ++k) {
        related.push_back({{"id", k + 1},
                           {"message", {{"text", f.related[k].message}}},
                           {"physicalLocation",
                            physical(rep.related_relative_paths[k], f.related[k].range, rep.related_lines[k])}});
      }
      result["relatedLocations"] = std::move(related);
    }
    if (!f.devices.empty()) result["properties"] = {{"devices", f.devices}};
    results.push_back(std::move(result));
  }
  nlohmann::json sarif = {
      {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
      {"version", "2.1.0"},
      {"runs", nlohmann::json::array({{{"tool", {{"driver", {{"name", "havpnc"},
                                                              {"version", options.tool_version},
                                                              {"semanticVersion", options.tool_version},
                                                              {"rules", std::move(driver_rules)}}}}},
                                       {"columnKind", "unicodeCodePoints"},
                                       {"results", std::move(results)}}})}};
  out << sarif.dump(2) << "\n";
}

}  // namespace havpnc::lint::output
