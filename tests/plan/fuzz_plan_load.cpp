// Arbitrary bytes → load_plan: never a crash, and whatever loads must write and reload to
// the same bytes (the writer and the validator agree on every plan the loader admits).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "runtime/plan/load_plan.h"
#include "runtime/plan/write_plan.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (bool allow_redacted : {false, true}) {
    auto r = havpnc::plan::load_plan(text, {.allow_redacted = allow_redacted});
    if (!r.ok()) continue;
    const std::string written = havpnc::plan::write_plan(*r.plan);
    auto again = havpnc::plan::load_plan(written, {.allow_redacted = true});
    if (!again.ok() || havpnc::plan::write_plan(*again.plan) != written) __builtin_trap();
  }
  return 0;
}
