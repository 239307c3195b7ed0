// libFuzzer: the lint engine's parsers of user-written text — .havpnc.yaml (YAML subset and
// project-file schema), `! havpnc:` suppression comments, glob patterns, baseline JSON and
// the block-end scan — must return values or errors on any bytes, never crash or hang.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "lint/baseline.h"
#include "lint/glob.h"
#include "lint/project_file.h"
#include "lint/suppressions.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string error;
  (void)havpnc::lint::parse_project_config(text, "fuzz/.havpnc.yaml", &error);
  (void)havpnc::lint::parse_suppression_comment(text);
  (void)havpnc::lint::Baseline::parse(text, &error);
  (void)havpnc::lint::normalize_message(text);
  std::uint32_t next = 0;
  (void)havpnc::lint::block_end(text, 1 + static_cast<std::uint32_t>(size % 7), &next);
  // Split at the first newline: a pattern and a path; glob patterns come from project files.
  auto nl = text.find('\n');
  if (nl != std::string_view::npos && nl < 64) (void)havpnc::lint::glob_match(text.substr(0, nl), text.substr(nl + 1, 256));
  return 0;
}
