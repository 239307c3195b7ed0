#pragma once
// What a lint rule reports: a rule id, a severity, a message that says what is wrong and why
// it breaks stateful failover, the primary location, and related locations (the peer
// router's line) — never a secret.
#include <string>
#include <vector>

#include "compiler/model/diagnostic.h"

namespace havpnc::lint {

struct Finding {
  std::string rule;
  model::Severity severity = model::Severity::Warning;
  std::string message;
  model::SourceRange location;
  std::vector<model::RelatedLocation> related;
  std::vector<std::string> devices;  // display names of the devices involved
};

class FindingSink {
 public:
  virtual ~FindingSink() = default;
  virtual void report(Finding finding) = 0;
};

}  // namespace havpnc::lint
