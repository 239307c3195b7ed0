#pragma once
// The seed's three plans, compiled by the real `havpnc compile` (the lab's own path to
// plans), for tests that need no privileges.
#include <unistd.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

#include "runtime/lab/command.h"
#include "runtime/lab/lab_state.h"
#include "runtime/plan/load_plan.h"

namespace havpnc::lab::testing {

inline std::vector<plan::Plan> seed_plans() {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("hvlab-plans-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  // Removed on every way out: a compile that fails throws, and must not leave the directory.
  struct RemoveOnExit {
    fs::path path;
    ~RemoveOnExit() {
      std::error_code ignored;
      fs::remove_all(path, ignored);
    }
  } remove_on_exit{dir};
  std::vector<plan::Plan> plans;
  const std::string seed = std::string(HAVPNC_SOURCE_DIR) + "/samples/seed/";
  for (const std::string host : {"R10", "R11", "R2"}) {
    const std::string out = (dir / (host + ".plan.json")).string();
    const CommandResult r = run_command({HAVPNC_BINARY, "compile", seed + host + ".cfg", "-o", out});
    if (!r.ok()) throw std::runtime_error(r.describe());
    auto loaded = plan::load_plan(*read_text_file(out));
    if (!loaded.ok()) throw std::runtime_error(loaded.error.to_string());
    plans.push_back(std::move(*loaded.plan));
  }
  return plans;
}

}  // namespace havpnc::lab::testing
