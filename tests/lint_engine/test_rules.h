#pragma once
// Test-only rules, so the engine is tested without depending on the catalog's judgement.
#include <memory>
#include <vector>

#include "lint/rule.h"

namespace havpnc::lint::testing {

// test-hostname (warning): one finding on each `hostname` line.
// test-pair (error): one finding per HA pair, on the first member's VIP, with the second's
// VIP line as related location.
// syntax-invalid (a catalog rule reusing an engine id: must be dropped).
std::vector<std::unique_ptr<Rule>> test_rules();

}  // namespace havpnc::lint::testing
