#pragma once
// The plan as JSON text. Deterministic: keys sorted, lists in the plan's order (which the
// compiler makes canonical), no timestamps, two-space indent and a final newline, so the same
// config always gives the same bytes and a plan can be diffed and reviewed.
#include <string>

#include <nlohmann/json.hpp>

#include "runtime/plan/plan.h"

namespace havpnc::plan {

// What stands in for every secret in a redacted plan; the loader refuses to run such a plan.
inline constexpr std::string_view kRedacted = "<redacted>";

struct WriteOptions {
  bool redact = false;  // secrets → "<redacted>" and "redacted": true, for sharing
};

nlohmann::json to_json(const Plan& plan, const WriteOptions& options = {});
std::string write_plan(const Plan& plan, const WriteOptions& options = {});

}  // namespace havpnc::plan
