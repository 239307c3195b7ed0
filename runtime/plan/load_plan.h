#pragma once
// The one door into the runtime: JSON text → a Plan that is safe to run, or the first thing
// wrong with it named by its JSON path ("$.hsrp_groups[1].priority: 300 is out of range
// 0-255"). Every check lives behind this call — version, shape, types, ranges, references —
// so nothing starts on a plan that would fail halfway. Messages never contain a secret.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "runtime/plan/plan.h"

namespace havpnc::plan {

struct PlanError {
  std::string json_path;  // "$.crypto_maps[0].entries[0].transform_sets[0]"; "$" for the document
  std::string message;

  std::string to_string() const { return json_path + ": " + message; }
};

struct LoadOptions {
  // A redacted plan has no keys and cannot run; tools that only show a plan may read one.
  bool allow_redacted = false;
  std::size_t max_bytes = std::size_t{16} << 20;  // larger input is refused unread
};

struct LoadResult {
  std::optional<Plan> plan;  // set on success
  PlanError error;           // meaningful when plan is empty

  bool ok() const { return plan.has_value(); }
};

LoadResult load_plan(std::string_view text, const LoadOptions& options = {});

}  // namespace havpnc::plan
