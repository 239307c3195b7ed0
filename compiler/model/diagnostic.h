#pragma once
// A finding about a config: the frontend's (invalid values, unreadable files) and, later,
// every lint rule's. Messages never contain a secret.
#include <string>
#include <vector>

#include "compiler/model/source_range.h"

namespace havpnc::model {

enum class Severity { Error, Warning, Info };
std::string to_string(Severity);

struct RelatedLocation {
  SourceRange range;
  std::string message;  // "peer's key is defined here"
};

struct Diagnostic {
  std::string rule;  // stable id: "syntax-invalid", "syntax-unrecognized", "input-unreadable" ...
  Severity severity = Severity::Error;
  std::string message;
  SourceRange range;
  std::vector<RelatedLocation> related;
};

}  // namespace havpnc::model
