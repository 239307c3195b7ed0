#pragma once
// The frontend: config bytes → typed Device. It never throws for bad input and never
// aborts on a line it does not understand: unreadable or binary files come back with status
// `failed` and a diagnostic; unknown lines are kept as `unrecognized` with their text.
#include <string>
#include <string_view>

#include "compiler/model/device.h"

namespace havpnc::frontend {

struct ParseOptions {
  // Files larger than this are refused (status failed) instead of exhausting memory.
  std::uint64_t max_file_bytes = 1ull << 30;
};

// Reads and parses one file. `files` gives the device its FileId.
model::Device parse_file(const std::string& path, model::SourceFiles& files,
                         const ParseOptions& options = {});

// Parses config text already in memory (tests, fuzzing, stdin).
model::Device parse_text(std::string_view bytes, const std::string& path, model::FileId file);

}  // namespace havpnc::frontend
