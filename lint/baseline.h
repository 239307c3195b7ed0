#pragma once
// Baselines: accept the findings a repository has today and report only new ones. A
// finding's fingerprint is made of what stays when lines move: the rule, the device, the
// message with its `file:line` references blanked, and the text of the finding's line
// (secrets redacted) — not its line number.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace havpnc::lint {

// 32 hex digits (two independent 64-bit FNV-1a hashes): stable across platforms and runs.
std::string fingerprint(std::string_view rule, std::string_view device, std::string_view message,
                        std::string_view line_text);

// "see R10.cfg:75:3" → "see R10.cfg:#"; runs of spaces collapse.
std::string normalize_message(std::string_view message);

struct BaselineEntry {
  std::string fingerprint;
  std::string rule;
  std::string device;
  std::string path;
  std::string message;
};

class Baseline {
 public:
  // Reads the versioned JSON written by write(); on error returns nullopt and sets `error`.
  static std::optional<Baseline> load(const std::string& path, std::string* error);
  static std::optional<Baseline> parse(std::string_view text, std::string* error);
  static std::string serialize(const std::vector<BaselineEntry>& entries);

  // Consumes one occurrence: a fingerprint recorded twice accepts two findings.
  bool take(const std::string& fingerprint);

 private:
  std::map<std::string, int> counts_;
};

}  // namespace havpnc::lint
