#include "runtime/plan/load_plan.h"

#include <set>
#include <vector>

#include <nlohmann/json.hpp>

#include "runtime/plan/check_plan.h"
#include "runtime/plan/json_reader.h"
#include "runtime/plan/read_sections.h"

namespace havpnc::plan {

namespace {

using nlohmann::json;
using namespace detail;

// A plan is at most six levels deep; refusing deeper nesting before parsing keeps a hostile
// file from costing stack or memory in the parser.
constexpr int kMaxDepth = 16;

struct Position {
  std::size_t line = 1;
  std::size_t column = 1;
};

Position position_of(std::string_view text, std::size_t byte) {
  Position p;
  for (std::size_t i = 0; i < byte && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++p.line;
      p.column = 1;
    } else {
      ++p.column;
    }
  }
  return p;
}

// Nesting depth outside strings; stops counting at the first byte past the limit.
std::optional<std::size_t> too_deep_at(std::string_view text) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > kMaxDepth) return i;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return std::nullopt;
}

// nlohmann keeps the last of two equal keys; a plan with both is ambiguous, so say so.
struct DuplicateKeys {
  std::vector<std::set<std::string>> open;
  std::optional<std::string> duplicate;

  bool operator()(int, json::parse_event_t event, json& parsed) {
    switch (event) {
      case json::parse_event_t::object_start: open.emplace_back(); break;
      case json::parse_event_t::object_end: if (!open.empty()) open.pop_back(); break;
      case json::parse_event_t::key:
        if (!open.empty() && parsed.is_string() && !open.back().insert(parsed.get<std::string>()).second && !duplicate) {
          duplicate = parsed.get<std::string>();
        }
        break;
      default: break;
    }
    return true;
  }
};

json parse_document(std::string_view text, const LoadOptions& options) {
  if (text.size() > options.max_bytes) {
    fail("$", "the plan is " + std::to_string(text.size()) + " bytes, more than the limit of " +
                  std::to_string(options.max_bytes));
  }
  if (auto at = too_deep_at(text)) {
    const auto p = position_of(text, *at);
    fail("$", "nested deeper than " + std::to_string(kMaxDepth) + " levels at line " + std::to_string(p.line) +
                  " column " + std::to_string(p.column));
  }
  DuplicateKeys duplicates;
  json doc;
  try {
    doc = json::parse(text.begin(), text.end(), std::ref(duplicates));
  } catch (const json::parse_error& e) {
    // Only the position: nlohmann's message quotes the bytes it read, which may be a key.
    const auto p = position_of(text, e.byte == 0 ? 0 : e.byte - 1);
    fail("$", "not valid JSON (error at line " + std::to_string(p.line) + " column " + std::to_string(p.column) + ")");
  } catch (const json::exception&) {
    // out_of_range 406: a number such as 2e10000 that no double holds (found by fuzz_plan_load).
    fail("$", "not valid JSON (a number is out of range)");
  }
  if (duplicates.duplicate) {
    std::string key;
    for (unsigned char c : *duplicates.duplicate) key += (c >= 0x20 && c <= 0x7E) ? static_cast<char>(c) : '?';
    if (key.size() > 48) key = key.substr(0, 48) + "...";
    fail("$", "field \"" + key + "\" appears twice in one object");
  }
  return doc;
}

Plan read_plan(const json& doc, const LoadOptions& o) {
  ObjectReader r(doc, "$", o);
  Plan plan;
  // The version first: a newer plan's other fields may mean something this loader misreads.
  plan.plan_version = r.u32("plan_version", {0, 4294967295ull});
  if (plan.plan_version != kPlanVersion) {
    fail("$.plan_version", "plan version " + std::to_string(plan.plan_version) + " is not supported (this havpnc reads version " +
                               std::to_string(kPlanVersion) + "; compile the config again with this havpnc)");
  }
  if (r.boolean("redacted") && !o.allow_redacted) {
    fail("$.redacted", "the plan is redacted (its secrets were replaced by \"<redacted>\" for sharing); "
                       "compile the config again without --redact to get a plan that can run");
  }
  plan.hostname = r.string("hostname");
  plan.source = r.string("source");
  read_sections(r, plan);
  r.finish();
  check_plan(plan);
  return plan;
}

}  // namespace

LoadResult load_plan(std::string_view text, const LoadOptions& options) {
  LoadResult result;
  try {
    result.plan = read_plan(parse_document(text, options), options);
  } catch (const InvalidPlan& e) {
    result.error = e.error;
  } catch (const std::bad_alloc&) {
    result.error = PlanError{"$", "out of memory while reading the plan"};
  }
  return result;
}

}  // namespace havpnc::plan
