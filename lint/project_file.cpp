#include "lint/project_file.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "lint/yaml_subset.h"

namespace havpnc::lint {

namespace fs = std::filesystem;

std::optional<model::Severity> parse_severity(std::string_view text) {
  if (text == "error") return model::Severity::Error;
  if (text == "warning") return model::Severity::Warning;
  if (text == "info") return model::Severity::Info;
  return std::nullopt;
}

namespace {

struct Invalid {
  int line;
  std::string message;
};

const std::string& want_scalar(const yaml::Node& n, const std::string& key) {
  if (n.kind != yaml::Node::Kind::Scalar) throw Invalid{n.line, "'" + key + "' must be a single value"};
  return n.scalar;
}

std::vector<std::string> want_list(const yaml::Node& n, const std::string& key) {
  std::vector<std::string> out;
  if (n.kind == yaml::Node::Kind::Scalar) {
    if (!n.scalar.empty()) out.push_back(n.scalar);
    return out;
  }
  if (n.kind != yaml::Node::Kind::Seq) throw Invalid{n.line, "'" + key + "' must be a list"};
  for (const auto& item : n.seq) out.push_back(want_scalar(item, key));
  return out;
}

bool want_bool(const yaml::Node& n, const std::string& key) {
  const std::string& v = want_scalar(n, key);
  if (v == "true") return true;
  if (v == "false") return false;
  throw Invalid{n.line, "'" + key + "' must be true or false"};
}

SideSuppression suppression(const yaml::Node& n) {
  if (n.kind != yaml::Node::Kind::Map) throw Invalid{n.line, "each suppression must be a mapping (rule, file/device, reason)"};
  SideSuppression s;
  s.line = n.line;
  for (const auto& [key, value] : n.map) {
    if (key == "rule") {
      s.rule = want_scalar(value, key);
    } else if (key == "file") {
      s.file = want_scalar(value, key);
    } else if (key == "device") {
      s.device = want_scalar(value, key);
    } else if (key == "reason") {
      s.reason = want_scalar(value, key);
    } else {
      throw Invalid{value.line, "unknown suppression key '" + key + "' (rule, file, device, reason)"};
    }
  }
  if (s.rule.empty()) throw Invalid{n.line, "a suppression needs 'rule'"};
  if (!s.file && !s.device) throw Invalid{n.line, "a suppression needs 'file' or 'device' (or both)"};
  if (s.reason.empty()) throw Invalid{n.line, "a suppression needs a 'reason'"};
  return s;
}

}  // namespace

ProjectConfig parse_project_config(std::string_view text, const std::string& path, std::string* error) {
  ProjectConfig config;
  config.path = path;
  config.root = fs::path(path).parent_path().string();
  if (config.root.empty()) config.root = ".";
  auto parsed = yaml::parse(text);
  if (parsed.error) {
    *error = path + ":" + std::to_string(parsed.error->line) + ": " + parsed.error->message;
    return config;
  }
  try {
    for (const auto& [key, value] : parsed.root->map) {
      if (key == "fail-on") {
        const auto& v = want_scalar(value, key);
        if (v != "error" && v != "warning" && v != "info" && v != "never") {
          throw Invalid{value.line, "fail-on must be error, warning, info or never"};
        }
        config.fail_on = v;
      } else if (key == "format") {
        const auto& v = want_scalar(value, key);
        if (v != "text" && v != "json" && v != "sarif" && v != "github") {
          throw Invalid{value.line, "format must be text, json, sarif or github"};
        }
        config.format = v;
      } else if (key == "include") {
        config.include = want_list(value, key);
      } else if (key == "exclude") {
        config.exclude = want_list(value, key);
      } else if (key == "enable") {
        config.enable = want_list(value, key);
      } else if (key == "disable") {
        config.disable = want_list(value, key);
      } else if (key == "severity") {
        if (value.kind != yaml::Node::Kind::Map) throw Invalid{value.line, "severity must map rule ids to levels"};
        for (const auto& [rule, level] : value.map) {
          auto s = parse_severity(want_scalar(level, rule));
          if (!s) throw Invalid{level.line, "severity of '" + rule + "' must be error, warning or info"};
          config.severity[rule] = *s;
        }
      } else if (key == "suppressions") {
        if (value.kind != yaml::Node::Kind::Seq) throw Invalid{value.line, "suppressions must be a list"};
        for (const auto& item : value.seq) config.suppressions.push_back(suppression(item));
      } else if (key == "baseline") {
        config.baseline = want_scalar(value, key);
      } else if (key == "gitignore") {
        config.gitignore = want_bool(value, key);
      } else if (key == "jobs") {
        const auto& v = want_scalar(value, key);
        if (v.empty() || v.size() > 4 || v.find_first_not_of("0123456789") != std::string::npos) {
          throw Invalid{value.line, "jobs must be a number from 0 (all cores) to 9999"};
        }
        config.jobs = static_cast<unsigned>(std::stoul(v));
      } else {
        throw Invalid{value.line, "unknown key '" + key +
                                      "' (fail-on, format, include, exclude, enable, disable, severity, "
                                      "suppressions, baseline, gitignore, jobs)"};
      }
    }
  } catch (const Invalid& e) {
    *error = path + ":" + std::to_string(e.line) + ": " + e.message;
  }
  return config;
}

ProjectLoad load_project_config(const std::string& path) {
  ProjectLoad load;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    load.error = path + ": cannot open";
    return load;
  }
  std::ostringstream text;
  text << in.rdbuf();
  std::string error;
  ProjectConfig config = parse_project_config(text.str(), path, &error);
  if (!error.empty()) {
    load.error = error;
    return load;
  }
  load.config = std::move(config);
  return load;
}

std::string find_project_file(const std::string& start) {
  std::error_code ec;
  fs::path dir = fs::absolute(start, ec);
  if (ec) return {};
  while (true) {
    fs::path candidate = dir / ".havpnc.yaml";
    if (fs::is_regular_file(candidate, ec)) return candidate.string();
    if (!dir.has_parent_path() || dir.parent_path() == dir) return {};
    dir = dir.parent_path();
  }
}

}  // namespace havpnc::lint
