#include "lint/file_discovery.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include "lint/glob.h"

namespace havpnc::lint {

namespace fs = std::filesystem;

void GitIgnore::add_file(const std::string& gitignore_path, const std::string& dir_relative) {
  std::ifstream in(gitignore_path);
  std::string line;
  while (std::getline(in, line)) add_line(line, dir_relative);
}

// gitignore(5): '#' comments, '!' negation, a trailing '/' matches directories only, a '/'
// at the start or middle anchors the pattern to the .gitignore's directory, otherwise it
// matches a name at any depth below it.
void GitIgnore::add_line(std::string line, const std::string& dir_relative) {
  while (!line.empty() && (line.back() == '\r' || (line.back() == ' ' && (line.size() < 2 || line[line.size() - 2] != '\\')))) {
    line.pop_back();
  }
  if (line.empty() || line[0] == '#') return;
  Pattern p;
  if (line[0] == '!') {
    p.negate = true;
    line.erase(0, 1);
  } else if (line[0] == '\\' && line.size() > 1 && (line[1] == '#' || line[1] == '!')) {
    line.erase(0, 1);
  }
  if (!line.empty() && line.back() == '/') {
    p.dir_only = true;
    line.pop_back();
  }
  if (line.empty()) return;
  bool anchored = line.find('/') != std::string::npos;
  if (line[0] == '/') line.erase(0, 1);
  std::string prefix = dir_relative.empty() ? std::string() : dir_relative + "/";
  p.glob = anchored ? prefix + line : prefix + "**/" + line;
  patterns_.push_back(std::move(p));
}

bool GitIgnore::ignored(const std::string& relative, bool is_dir) const {
  bool result = false;
  for (const auto& p : patterns_) {
    if (p.dir_only && !is_dir) continue;
    if (glob_match(p.glob, relative)) result = !p.negate;
  }
  return result;
}

namespace {

bool any_match(const std::vector<std::string>& globs, const std::string& relative) {
  for (const auto& g : globs) {
    if (glob_match(g, relative)) return true;
  }
  return false;
}

void walk(const fs::path& root, const fs::path& dir, const std::string& dir_relative, GitIgnore ignore,
          const DiscoveryOptions& options, std::vector<std::string>& out) {
  std::error_code ec;
  if (options.gitignore && fs::is_regular_file(dir / ".gitignore", ec)) {
    ignore.add_file((dir / ".gitignore").string(), dir_relative);
  }
  std::vector<fs::directory_entry> entries;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) entries.push_back(*it);
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return a.path().filename() < b.path().filename(); });
  for (const auto& entry : entries) {
    const std::string name = entry.path().filename().string();
    const std::string relative = dir_relative.empty() ? name : dir_relative + "/" + name;
    // Symlinked directories are not followed: a link back up the tree would never end.
    const bool is_dir = entry.is_directory(ec) && !entry.is_symlink(ec);
    if (is_dir) {
      if (name[0] == '.') continue;
      if (options.gitignore && ignore.ignored(relative, true)) continue;
      if (any_match(options.exclude, relative) || any_match(options.exclude, relative + "/")) continue;
      walk(root, entry.path(), relative, ignore, options, out);
      continue;
    }
    if (!entry.is_regular_file(ec)) continue;
    if (options.gitignore && ignore.ignored(relative, false)) continue;
    if (!any_match(options.include, relative) || any_match(options.exclude, relative)) continue;
    out.push_back((root / relative).lexically_normal().string());
  }
}

}  // namespace

Discovered discover_files(const std::vector<std::string>& paths, const DiscoveryOptions& options) {
  Discovered d;
  std::set<std::string> seen;
  for (const auto& path : paths) {
    std::error_code ec;
    fs::file_status st = fs::status(path, ec);
    if (ec || !fs::exists(st)) {
      // Kept as a file: the engine reports it as input-unreadable with the system's reason.
      if (seen.insert(path).second) d.files.push_back(path);
      continue;
    }
    if (fs::is_directory(st)) {
      std::vector<std::string> found;
      walk(fs::path(path), fs::path(path), "", GitIgnore{}, options, found);
      for (auto& f : found) {
        if (seen.insert(f).second) d.files.push_back(std::move(f));
      }
    } else if (seen.insert(path).second) {
      d.files.push_back(path);
    }
  }
  return d;
}

}  // namespace havpnc::lint
