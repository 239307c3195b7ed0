#pragma once
// Where a model value came from. Rules report both places of a cross-device problem, so
// every value keeps its file, not just its line.
#include <cstdint>
#include <string>
#include <vector>

namespace havpnc::model {

using FileId = std::uint32_t;

struct SourceRange {
  FileId file = 0;
  std::uint32_t line = 0;      // 1-based; 0 means "nowhere" (a default with no anchor)
  std::uint32_t col = 0;       // 1-based, in characters
  std::uint32_t end_line = 0;
  std::uint32_t end_col = 0;   // inclusive

  bool valid() const { return line != 0; }
  friend bool operator==(const SourceRange&, const SourceRange&) = default;
};

// A value as configured, or as IOS defaults it. A defaulted value's range is the line of the
// structure it belongs to (the policy, the group), so a rule can still point somewhere.
template <typename T>
struct Located {
  T value{};
  SourceRange range{};
  bool defaulted = false;

  static Located configured(T v, SourceRange r) { return Located{std::move(v), r, false}; }
  static Located by_default(T v, SourceRange anchor) { return Located{std::move(v), anchor, true}; }
};

// The files of one parse session; a FileId indexes it.
class SourceFiles {
 public:
  FileId add(std::string path) {
    paths_.push_back(std::move(path));
    return static_cast<FileId>(paths_.size() - 1);
  }
  const std::string& path(FileId id) const { return paths_.at(id); }
  std::size_t size() const { return paths_.size(); }

 private:
  std::vector<std::string> paths_;
};

}  // namespace havpnc::model
