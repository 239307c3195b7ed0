#include "lint/glob.h"

namespace havpnc::lint {

namespace {

// `[...]` at pattern[p]; returns the index after ']' and whether `c` matched, or npos when
// the bracket never closes (then '[' is an ordinary character).
std::size_t match_class(std::string_view pattern, std::size_t p, char c, bool& matched) {
  std::size_t i = p + 1;
  bool negate = false;
  if (i < pattern.size() && (pattern[i] == '!' || pattern[i] == '^')) {
    negate = true;
    ++i;
  }
  bool any = false;
  bool first = true;
  for (; i < pattern.size(); ++i) {
    if (pattern[i] == ']' && !first) {
      matched = any != negate;
      return i + 1;
    }
    first = false;
    if (i + 2 < pattern.size() && pattern[i + 1] == '-' && pattern[i + 2] != ']') {
      if (c >= pattern[i] && c <= pattern[i + 2]) any = true;
      i += 2;
    } else if (pattern[i] == c) {
      any = true;
    }
  }
  return std::string_view::npos;
}

// Iterative matcher with one backtrack point per kind of star; recursion only for `**`,
// whose depth is bounded by the number of `**` in the pattern.
bool match(std::string_view pattern, std::string_view path) {
  std::size_t p = 0, s = 0;
  std::size_t star_p = std::string_view::npos, star_s = 0;
  while (s < path.size() || p < pattern.size()) {
    if (p + 1 < pattern.size() && pattern[p] == '*' && pattern[p + 1] == '*') {
      // `**/` matches zero or more whole segments; a trailing `**` matches everything.
      std::size_t rest = p + 2;
      if (rest < pattern.size() && pattern[rest] == '/') ++rest;
      if (rest >= pattern.size()) return true;
      for (std::size_t i = s; i <= path.size(); ++i) {
        if ((i == s || path[i - 1] == '/') && match(pattern.substr(rest), path.substr(i))) return true;
      }
      return false;
    }
    if (p < pattern.size() && s < path.size()) {
      char pc = pattern[p];
      if (pc == '*') {
        star_p = p++;
        star_s = s;
        continue;
      }
      if (pc == '?' && path[s] != '/') {
        ++p;
        ++s;
        continue;
      }
      if (pc == '[' && path[s] != '/') {
        bool matched = false;
        std::size_t next = match_class(pattern, p, path[s], matched);
        if (next != std::string_view::npos) {
          if (matched) {
            p = next;
            ++s;
            continue;
          }
        } else if (path[s] == '[') {
          ++p;
          ++s;
          continue;
        }
      } else if (pc == '\\' && p + 1 < pattern.size() && pattern[p + 1] == path[s]) {
        p += 2;
        ++s;
        continue;
      } else if (pc != '?' && pc != '[' && pc == path[s]) {
        ++p;
        ++s;
        continue;
      }
    } else if (p < pattern.size() && pattern[p] == '*') {
      star_p = p++;
      star_s = s;
      continue;
    }
    // Backtrack: let the last single star eat one more character, never a '/'.
    if (star_p != std::string_view::npos && star_s < path.size() && path[star_s] != '/') {
      p = star_p + 1;
      s = ++star_s;
      continue;
    }
    return false;
  }
  return true;
}

}  // namespace

bool glob_match(std::string_view pattern, std::string_view path) { return match(pattern, path); }

}  // namespace havpnc::lint
