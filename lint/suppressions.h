#pragma once
// Suppressions: `! havpnc: disable=RULE[,RULE] reason` comments in a config, and the
// project file's side list. A suppression always carries a reason, so the next person
// knows why a finding is accepted.
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/model/device.h"
#include "lint/finding.h"
#include "lint/project_file.h"

namespace havpnc::lint {

struct InlineSuppression {
  std::set<std::string> rules;
  std::string reason;
  bool file_wide = false;
  std::uint32_t comment_line = 0;
  // The lines it covers: its own, and the next line that is neither blank nor a comment,
  // with that line's indented block when it starts one (`interface`, `crypto map`).
  std::uint32_t first_line = 0;
  std::uint32_t last_line = 0;
};

struct InlineScan {
  std::vector<InlineSuppression> suppressions;
  std::vector<Finding> problems;  // suppression-invalid findings
};

// Reads the `! havpnc:` comments of one device; `text` is the file's bytes (to find the line
// each comment covers). `known` says whether a rule id exists.
template <typename Known>
InlineScan scan_inline_suppressions(const model::Device& device, std::string_view text, const Known& known);

// Does a finding on this device fall under one of the device's inline suppressions?
bool inline_suppressed(const std::vector<InlineSuppression>& suppressions, const Finding& finding);

// Does a project-file suppression cover a finding on `root_relative_path` / `device_name`?
bool side_suppressed(const std::vector<SideSuppression>& suppressions, const Finding& finding,
                     std::string_view root_relative_path, std::string_view device_name);

// The non-template part of scan_inline_suppressions: parses one comment's text.
struct ParsedComment {
  bool is_directive = false;  // the comment starts with `havpnc:`
  bool file_wide = false;
  std::vector<std::string> rules;
  std::string reason;
  std::string error;  // non-empty: malformed
};
ParsedComment parse_suppression_comment(std::string_view comment);

// The last line of the block opened at `line` (1-based) in `text`: following lines indented
// deeper than it, or `line` itself.
std::uint32_t block_end(std::string_view text, std::uint32_t line, std::uint32_t* next_code_line);

template <typename Known>
InlineScan scan_inline_suppressions(const model::Device& device, std::string_view text, const Known& known) {
  InlineScan scan;
  for (const auto& c : device.comments) {
    ParsedComment parsed = parse_suppression_comment(c.text);
    if (!parsed.is_directive) continue;
    auto problem = [&](std::string message) {
      Finding f;
      f.rule = "suppression-invalid";
      f.severity = model::Severity::Warning;
      f.message = std::move(message);
      f.location = c.range;
      f.devices = {device.display_name()};
      scan.problems.push_back(std::move(f));
    };
    if (!parsed.error.empty()) {
      problem(parsed.error);
      continue;
    }
    InlineSuppression s;
    s.file_wide = parsed.file_wide;
    s.reason = parsed.reason;
    s.comment_line = c.range.line;
    bool ok = true;
    for (const auto& r : parsed.rules) {
      if (!known(r)) {
        problem("suppression names unknown rule '" + r + "' (see `havpnc rules`)");
        ok = false;
      }
      s.rules.insert(r);
    }
    if (!ok) continue;
    std::uint32_t next = 0;
    s.first_line = c.range.line;
    s.last_line = block_end(text, c.range.line, &next);
    scan.suppressions.push_back(std::move(s));
  }
  return scan;
}

}  // namespace havpnc::lint
