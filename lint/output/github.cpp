#include "lint/output/output.h"

namespace havpnc::lint::output {

namespace {

// Workflow command escaping: data escapes %, CR, LF; property values also ':' and ','.
std::string escape_data(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '%': out += "%25"; break;
      case '\r': out += "%0D"; break;
      case '\n': out += "%0A"; break;
      default: out += c;
    }
  }
  return out;
}

std::string escape_property(std::string_view s) {
  std::string out;
  for (char c : escape_data(s)) {
    if (c == ':') {
      out += "%3A";
    } else if (c == ',') {
      out += "%2C";
    } else {
      out += c;
    }
  }
  return out;
}

const char* command_of(model::Severity s) {
  switch (s) {
    case model::Severity::Error: return "error";
    case model::Severity::Warning: return "warning";
    case model::Severity::Info: return "notice";
  }
  return "notice";
}

}  // namespace

void write_github(std::ostream& out, const LintReport& report, const Options&) {
  for (const auto& r : report.findings) {
    const Finding& f = r.finding;
    out << "::" << command_of(f.severity) << " file=" << escape_property(r.relative_path);
    if (f.location.valid()) {
      out << ",line=" << f.location.line << ",col=" << f.location.col;
      if (f.location.end_line >= f.location.line) out << ",endLine=" << f.location.end_line;
      if (f.location.end_line == f.location.line && f.location.end_col >= f.location.col) {
        out << ",endColumn=" << f.location.end_col;
      }
    }
    out << ",title=" << escape_property("havpnc " + f.rule) << "::";
    std::string message = f.message;
    for (std::size_t k = 0; k < f.related.size(); ++k) {
      message += "\nnote: " + r.related_paths[k];
      if (f.related[k].range.valid()) message += ":" + std::to_string(f.related[k].range.line);
      message += ": " + f.related[k].message;
    }
    out << escape_data(message) << "\n";
  }
}

}  // namespace havpnc::lint::output
