#include "lint/builtin_rules.h"

#include <string>

namespace havpnc::lint {

namespace {

// A frontend diagnostic (Device::diagnostics) with this rule id becomes a finding as is: the
// frontend already wrote the message and the place.
class FrontendDiagnosticRule final : public Rule {
 public:
  FrontendDiagnosticRule(std::string_view id, model::Severity severity, std::string_view summary)
      : id_(id), severity_(severity), summary_(summary) {}

  std::string_view id() const override { return id_; }
  std::string_view summary() const override { return summary_; }
  model::Severity default_severity() const override { return severity_; }

  void check_device(const model::Device& device, FindingSink& sink) const override {
    for (const auto& d : device.diagnostics) {
      if (d.rule != id_) continue;
      Finding f;
      f.rule = std::string(id_);
      f.severity = severity_;
      f.message = d.message;
      f.location = d.range;
      if (f.location.file != device.file) f.location.file = device.file;
      f.related = d.related;
      f.devices = {device.display_name()};
      sink.report(std::move(f));
    }
  }

 private:
  std::string_view id_;
  model::Severity severity_;
  std::string_view summary_;
};

// Lines the grammar did not understand. Info, not warning: real running-configs carry
// hundreds of commands havpnc has no reason to model (`service timestamps`, `ip cef`), but
// one of them may be a mistyped crypto command, so each is shown.
class SyntaxUnrecognized final : public Rule {
 public:
  std::string_view id() const override { return "syntax-unrecognized"; }
  std::string_view summary() const override {
    return "a line havpnc does not understand (ignored; a typo in a crypto command would also land here)";
  }
  model::Severity default_severity() const override { return model::Severity::Info; }

  void check_device(const model::Device& device, FindingSink& sink) const override {
    for (const auto& u : device.unrecognized) {
      std::size_t start = u.text.find_first_not_of(" \t");
      Finding f;
      f.rule = "syntax-unrecognized";
      f.severity = model::Severity::Info;
      f.message = "unrecognized line: " + (start == std::string::npos ? u.text : u.text.substr(start));
      f.location = u.range;
      f.devices = {device.display_name()};
      sink.report(std::move(f));
    }
  }
};

// Reported by the engine while it reads `! havpnc:` comments; the class exists so the rule
// is listed, documented and can have its severity changed like any other.
class SuppressionInvalid final : public Rule {
 public:
  std::string_view id() const override { return kSuppressionInvalid; }
  std::string_view summary() const override {
    return "a `! havpnc: disable=` comment that names no rule, an unknown rule, or gives no reason";
  }
  model::Severity default_severity() const override { return model::Severity::Warning; }
};

}  // namespace

std::vector<std::unique_ptr<Rule>> builtin_rules() {
  std::vector<std::unique_ptr<Rule>> out;
  out.push_back(std::make_unique<FrontendDiagnosticRule>(
      "input-empty", model::Severity::Info, "the config file is empty"));
  out.push_back(std::make_unique<FrontendDiagnosticRule>(
      "input-encoding", model::Severity::Warning, "invalid UTF-8 in the config (read as U+FFFD)"));
  out.push_back(std::make_unique<FrontendDiagnosticRule>(
      kInputUnreadable, model::Severity::Error,
      "the file cannot be read as a config (missing, a directory, binary, too large); exit code 2"));
  out.push_back(std::make_unique<FrontendDiagnosticRule>(
      "internal-unaccounted-lines", model::Severity::Warning,
      "lines the grammar neither understood nor flagged (a havpnc bug; they are reported as unrecognized)"));
  out.push_back(std::make_unique<SuppressionInvalid>());
  out.push_back(std::make_unique<FrontendDiagnosticRule>(
      "syntax-invalid", model::Severity::Error,
      "a value IOS would reject (an address like 256.1.1.1, a number out of range, a malformed mask)"));
  out.push_back(std::make_unique<SyntaxUnrecognized>());
  return out;
}

}  // namespace havpnc::lint
