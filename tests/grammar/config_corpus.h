#pragma once
// The real configs the grammar tests hold the parser and lexers to: this repository's samples
// and, where ../shared is present, the IOS corpus, read in place (never copied into the repo).
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

namespace havpnc::grammar::testing {

inline std::filesystem::path samples_root() { return std::filesystem::path(HAVPNC_SOURCE_DIR) / "samples"; }

// The corpus, or nullopt when ../shared is absent (a checkout on its own): the caller skips.
inline std::optional<std::filesystem::path> corpus_root() {
  const auto corpus = std::filesystem::path(HAVPNC_SHARED_DIR) / "corpus" / "ios";
  if (!std::filesystem::is_directory(corpus)) return std::nullopt;
  return corpus;
}

// Calls check(bytes, path) for every .cfg file below `root`, bytes as stored (no decoding:
// the code under test sees what a user's file holds); returns how many there were.
template <class Check>
std::size_t for_each_config(const std::filesystem::path& root, Check check) {
  std::size_t files = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(root)) {
    if (!e.is_regular_file() || e.path().extension() != ".cfg") continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    check(bytes.str(), e.path().string());
    ++files;
  }
  return files;
}

}  // namespace havpnc::grammar::testing
