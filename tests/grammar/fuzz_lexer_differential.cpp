// libFuzzer: LineLexer must make exactly IosLexer's tokens (type, text, start/stop, line,
// column, channel) on any input. A difference is a bug in LineLexer: it is printed and the
// process traps so libFuzzer keeps the input.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "lexer_differential.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string difference = havpnc::grammar::testing::first_lexer_difference(
      std::string_view(reinterpret_cast<const char*>(data), size));
  if (!difference.empty()) {
    std::fprintf(stderr, "lexer difference: %s\n", difference.c_str());
    __builtin_trap();
  }
  return 0;
}
