#pragma once
// Which files `havpnc lint PATH...` reads: a file named on the command line always; a
// directory recursively, keeping files that match an include glob and no exclude glob,
// skipping hidden directories (.git) and what .gitignore files ignore.
#include <string>
#include <vector>

namespace havpnc::lint {

struct DiscoveryOptions {
  std::vector<std::string> include = {"**/*.cfg", "**/*.conf", "**/*.ios", "**/*.txt"};
  std::vector<std::string> exclude;
  bool gitignore = true;
};

struct Discovered {
  // In argument order, each directory's files sorted, no duplicates. A named path that does
  // not exist stays in the list: the engine reports it as input-unreadable.
  std::vector<std::string> files;
};

Discovered discover_files(const std::vector<std::string>& paths, const DiscoveryOptions& options);

// The .gitignore rules of one directory, in file order (the last match wins).
class GitIgnore {
 public:
  void add_file(const std::string& gitignore_path, const std::string& dir_relative);
  void add_line(std::string line, const std::string& dir_relative);
  // `relative`: the path from the walk root; `is_dir` for the trailing-'/' form.
  bool ignored(const std::string& relative, bool is_dir) const;

 private:
  struct Pattern {
    std::string glob;  // root-relative
    bool negate = false;
    bool dir_only = false;
  };
  std::vector<Pattern> patterns_;
};

}  // namespace havpnc::lint
