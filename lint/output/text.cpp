#include <sstream>

#include "lint/output/output.h"

namespace havpnc::lint::output {

namespace {

const char* colour_of(model::Severity s) {
  switch (s) {
    case model::Severity::Error: return "\x1b[1;31m";
    case model::Severity::Warning: return "\x1b[1;35m";
    case model::Severity::Info: return "\x1b[1;36m";
  }
  return "";
}

std::string plural(std::size_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

std::string where(const std::string& path, const model::SourceRange& r) {
  if (!r.valid()) return path;
  return path + ":" + std::to_string(r.line) + ":" + std::to_string(r.col);
}

// The line, then a caret under the column and tildes to the end of the range on that line.
// Tabs before the column are copied so the caret lines up in any terminal.
void excerpt(std::ostream& out, const std::string& line, const model::SourceRange& r, bool color) {
  if (line.empty() || !r.valid() || r.col == 0) return;
  out << " " << line << "\n ";
  std::size_t col = r.col - 1;
  for (std::size_t i = 0; i < col && i < line.size(); ++i) out << (line[i] == '\t' ? '\t' : ' ');
  if (color) out << "\x1b[1;32m";
  out << '^';
  if (r.end_line == r.line && r.end_col > r.col) {
    std::size_t end = std::min<std::size_t>(r.end_col, line.size());
    for (std::size_t i = r.col; i < end; ++i) out << '~';
  }
  if (color) out << "\x1b[0m";
  out << "\n";
}

}  // namespace

std::string summary_line(const LintReport& report) {
  std::size_t e = 0, w = 0, i = 0;
  for (const auto& r : report.findings) {
    switch (r.finding.severity) {
      case model::Severity::Error: ++e; break;
      case model::Severity::Warning: ++w; break;
      case model::Severity::Info: ++i; break;
    }
  }
  std::string s = plural(e, "error") + ", " + plural(w, "warning") + ", " + plural(i, "info") + " in " +
                  plural(report.files, "file") + " (" + plural(report.devices, "device") + ")";
  if (report.suppressed != 0) s += ", " + std::to_string(report.suppressed) + " suppressed";
  if (report.baselined != 0) s += ", " + std::to_string(report.baselined) + " in baseline";
  return s;
}

void write_text(std::ostream& out, const LintReport& report, const Options& options) {
  const bool c = options.color;
  for (const auto& r : report.findings) {
    const Finding& f = r.finding;
    if (c) out << "\x1b[1m";
    out << where(r.path, f.location) << ": ";
    if (c) out << colour_of(f.severity);
    out << model::to_string(f.severity) << ":";
    if (c) out << "\x1b[0m\x1b[1m";
    out << " " << f.message << " [" << f.rule << "]";
    if (c) out << "\x1b[0m";
    out << "\n";
    excerpt(out, r.source_line, f.location, c);
    for (std::size_t k = 0; k < f.related.size(); ++k) {
      const auto& rel = f.related[k];
      if (c) out << "\x1b[1m";
      out << where(r.related_paths[k], rel.range) << ": ";
      if (c) out << "\x1b[1;30m";
      out << "note:";
      if (c) out << "\x1b[0m";
      out << " " << rel.message << "\n";
      excerpt(out, r.related_lines[k], rel.range, c);
    }
  }
  out << summary_line(report) << "\n";
}

}  // namespace havpnc::lint::output
