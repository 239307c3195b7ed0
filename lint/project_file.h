#pragma once
// `.havpnc.yaml`: the lint settings a config repository checks in, found by walking up from
// the working directory. Every key is optional; unknown keys and wrong types are errors,
// because a typo such as `disabel:` must not silently lint with other settings.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compiler/model/diagnostic.h"

namespace havpnc::lint {

// A finding the repository accepts, keyed by the file (a glob on the root-relative path)
// and/or the device (its hostname), for one rule, with the reason people will read later.
// IOS drops `!` comments from a running-config pulled off a router, so suppressions for such
// files can only live here.
struct SideSuppression {
  std::string rule;                 // a rule id, or "*" for every rule
  std::optional<std::string> file;  // glob
  std::optional<std::string> device;
  std::string reason;
  int line = 0;  // in the project file, for messages
};

struct ProjectConfig {
  std::string path;  // the file it came from; empty when none was found
  std::string root;  // its directory: root-relative paths (SARIF, globs) start here
  std::optional<std::string> fail_on;  // error|warning|info|never
  std::optional<std::string> format;
  std::vector<std::string> include;
  std::vector<std::string> exclude;
  std::vector<std::string> enable;
  std::vector<std::string> disable;
  std::map<std::string, model::Severity> severity;
  std::vector<SideSuppression> suppressions;
  std::optional<std::string> baseline;
  std::optional<bool> gitignore;
  std::optional<unsigned> jobs;
};

struct ProjectLoad {
  std::optional<ProjectConfig> config;  // absent when none found, or on error
  std::string error;                    // "path:line: message"
};

ProjectConfig parse_project_config(std::string_view text, const std::string& path, std::string* error);
ProjectLoad load_project_config(const std::string& path);
// The nearest `.havpnc.yaml` in `start` or one of its parents, or empty.
std::string find_project_file(const std::string& start);

std::optional<model::Severity> parse_severity(std::string_view text);

}  // namespace havpnc::lint
