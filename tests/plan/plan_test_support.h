#pragma once
// Files and processes for the plan tests.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace havpnc::plan_test {

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

inline std::filesystem::path source_dir() { return HAVPNC_SOURCE_DIR; }
inline std::filesystem::path seed(const std::string& name) { return source_dir() / "samples/seed" / (name + ".cfg"); }
inline std::filesystem::path golden(const std::string& name) {
  return source_dir() / "tests/plan/golden" / (name + ".plan.json");
}

}  // namespace havpnc::plan_test
