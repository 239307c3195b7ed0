#include "lint/suppressions.h"

#include "lint/glob.h"

namespace havpnc::lint {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool valid_rule_id(std::string_view id) {
  if (id.empty()) return false;
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

// Splits `text` into lines without copying; line 1 is at index 0.
struct LineView {
  std::string_view text;
  std::size_t pos = 0;
  bool next(std::string_view& line) {
    if (pos > text.size()) return false;
    std::size_t nl = text.find('\n', pos);
    line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
    return true;
  }
};

std::size_t indent_of(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  return i;
}

}  // namespace

ParsedComment parse_suppression_comment(std::string_view comment) {
  ParsedComment out;
  std::string_view s = trim(comment);
  while (!s.empty() && s.front() == '!') s.remove_prefix(1);
  s = trim(s);
  constexpr std::string_view kTag = "havpnc:";
  if (s.substr(0, kTag.size()) != kTag) return out;
  out.is_directive = true;
  s = trim(s.substr(kTag.size()));
  constexpr std::string_view kFile = "disable-file=";
  constexpr std::string_view kLine = "disable=";
  if (s.substr(0, kFile.size()) == kFile) {
    out.file_wide = true;
    s.remove_prefix(kFile.size());
  } else if (s.substr(0, kLine.size()) == kLine) {
    s.remove_prefix(kLine.size());
  } else {
    out.error = "unknown havpnc directive (expected `havpnc: disable=RULE reason` or `havpnc: disable-file=RULE reason`)";
    return out;
  }
  std::size_t space = s.find_first_of(" \t");
  std::string_view list = s.substr(0, space);
  out.reason = std::string(space == std::string_view::npos ? std::string_view() : trim(s.substr(space)));
  while (!list.empty()) {
    std::size_t comma = list.find(',');
    std::string_view id = list.substr(0, comma);
    if (!valid_rule_id(id)) {
      out.error = "suppression has a malformed rule id '" + std::string(id) + "'";
      return out;
    }
    out.rules.emplace_back(id);
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  if (out.rules.empty()) {
    out.error = "suppression names no rule";
  } else if (out.reason.empty()) {
    out.error = "suppression of " + out.rules.front() + " gives no reason (write why after the rule list)";
  }
  return out;
}

std::uint32_t block_end(std::string_view text, std::uint32_t line, std::uint32_t* next_code_line) {
  LineView lines{text};
  std::string_view l;
  std::uint32_t number = 0;
  while (number < line && lines.next(l)) ++number;
  if (number < line) return line;
  // The next line that is neither blank nor a `!` comment is the one covered.
  std::uint32_t target = 0;
  std::size_t target_indent = 0;
  while (lines.next(l)) {
    ++number;
    std::size_t ind = indent_of(l);
    if (ind == l.size() || l[ind] == '!' || l[ind] == '\r') continue;
    target = number;
    target_indent = ind;
    break;
  }
  if (target == 0) return line;
  *next_code_line = target;
  std::uint32_t last = target;
  // ...and its block: the lines indented deeper that follow it (blank lines end nothing;
  // a `!` line at the block's own level ends it, as IOS writes it between blocks).
  while (lines.next(l)) {
    ++number;
    std::size_t ind = indent_of(l);
    if (ind == l.size() || (l.size() == ind + 1 && l[ind] == '\r')) continue;
    if (ind <= target_indent) break;
    last = number;
  }
  return last;
}

bool inline_suppressed(const std::vector<InlineSuppression>& suppressions, const Finding& finding) {
  for (const auto& s : suppressions) {
    if (s.rules.count(finding.rule) == 0) continue;
    if (s.file_wide) return true;
    if (finding.location.line >= s.first_line && finding.location.line <= s.last_line) return true;
  }
  return false;
}

bool side_suppressed(const std::vector<SideSuppression>& suppressions, const Finding& finding,
                     std::string_view root_relative_path, std::string_view device_name) {
  for (const auto& s : suppressions) {
    if (s.rule != "*" && s.rule != finding.rule) continue;
    if (s.file && !glob_match(*s.file, root_relative_path)) continue;
    if (s.device && *s.device != device_name) continue;
    return true;
  }
  return false;
}

}  // namespace havpnc::lint
