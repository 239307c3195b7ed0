#pragma once
// Model → plan: the device's resolved, executable form (docs/plan.md). The compiler fills in
// what the runtime must not have to know (IOS defaults, globals applied to each crypto map
// entry, ACL lines as traffic selectors, type 7 keys decoded) and reports, with file:line,
// what cannot be resolved. Questions of judgement (weak crypto, missing DPD, a map entry
// without `match address`) are lint's; an entry IOS would not apply is left out with a warning.
#include <string>
#include <vector>

#include "compiler/model/device.h"
#include "runtime/plan/plan.h"

namespace havpnc::compiler {

struct CompileIssue {
  model::SourceRange range;
  std::string message;  // never contains a secret
};

struct CompileResult {
  plan::Plan plan;
  std::vector<CompileIssue> errors;    // the plan must not be written
  std::vector<CompileIssue> warnings;  // left out of the plan, and why

  bool ok() const { return errors.empty(); }
};

CompileResult compile(const model::Device& device);

// "R10.cfg:12:3: error: message [plan-compile]", the lint text format.
std::string format_issue(const model::Device& device, const CompileIssue& issue, model::Severity severity);

}  // namespace havpnc::compiler
