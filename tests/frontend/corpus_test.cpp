// Real-world configs from other projects, read in place from ../shared/corpus/ios (never
// copied into this repository). Each must parse without `failed`, and every line must be
// accounted for: typed + ignored + unrecognized = non-blank, non-comment lines.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "frontend_test_util.h"

namespace havpnc::frontend::testing {
namespace {

namespace fs = std::filesystem;

// Counted from the text alone, the way a person reading the file would.
std::uint64_t content_lines(const std::string& text) {
  std::uint64_t count = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find_first_of("\r\n", start);
    if (end == std::string::npos) end = text.size();
    std::size_t first = text.find_first_not_of(" \t\f\v", start);
    if (first != std::string::npos && first < end && text[first] != '!') ++count;
    if (end < text.size() && text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n') ++end;
    start = end + 1;
  }
  return count;
}

TEST(Corpus, EveryConfigParsesAndAccountsForEveryLine) {
  const fs::path corpus = fs::path(HAVPNC_SHARED_DIR) / "corpus" / "ios";
  if (!fs::is_directory(corpus)) GTEST_SKIP() << "skipped: ../shared not present";
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(corpus)) {
    if (entry.path().extension() == ".cfg") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  ASSERT_FALSE(files.empty());
  std::uint64_t typed = 0, unrecognized = 0;
  for (const auto& path : files) {
    SCOPED_TRACE(path.filename().string());
    model::SourceFiles source_files;
    model::Device d = parse_file(path.string(), source_files);
    EXPECT_NE(d.status, model::ParseStatus::Failed);
    const std::string text = read_file(path.string());
    EXPECT_EQ(d.lines.typed + d.lines.ignored + d.lines.unrecognized, content_lines(text));
    for (const auto& diag : d.diagnostics) EXPECT_NE(diag.rule, "internal-unaccounted-lines") << diag.message;
    typed += d.lines.typed;
    unrecognized += d.lines.unrecognized;
  }
  RecordProperty("typed_lines", static_cast<int>(typed));
  RecordProperty("unrecognized_lines", static_cast<int>(unrecognized));
}

}  // namespace
}  // namespace havpnc::frontend::testing
