#pragma once
// Path globs for include/exclude lists, project-file suppressions and .gitignore lines:
// `*` and `?` stay inside one path segment, `**` spans any number of segments (gitignore
// semantics), `[abc]`/`[a-z]`/`[!a]` match one character.
#include <string_view>

namespace havpnc::lint {

// Matches a '/'-separated relative path against a pattern; both without a leading "./".
bool glob_match(std::string_view pattern, std::string_view path);

}  // namespace havpnc::lint
