#pragma once
// Parses a whole config in chunks of lines: ANTLR keeps every token of its input and every
// node of its tree, which for a 100 MB config would be gigabytes. A chunk ends only where a
// stanza cannot continue (a line at the left margin that no stanza takes as a child), so
// every stanza is parsed whole, and each chunk's tree is freed once it has been read.
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "IosParser.h"
#include "antlr4-runtime.h"
#include "grammar/line_error_strategy.h"
#include "grammar/line_lexer.h"
#include "grammar/line_reader.h"
#include "grammar/source_text.h"

namespace havpnc::grammar {

struct Comment {
  std::size_t line;
  std::size_t column;  // 1-based
  std::string text;    // including the leading '!'
};

class ConfigParser {
 public:
  // `chunk_lines`: see kChunkLines; only tests choose another (the trees do not depend on it).
  ConfigParser(std::u32string text, std::string source_name, std::size_t chunk_lines = kChunkLines);
  ~ConfigParser();

  // The next chunk's top-level trees (one per statement), or nullptr at the end of the
  // input. The trees, errors and comments stay valid until the next call.
  const std::vector<antlr4::ParserRuleContext*>* next_chunk();

  const std::vector<SyntaxError>& errors() const;
  const std::vector<Comment>& comments() const { return comments_; }

  // The exact source text between two tokens (descriptions keep their spacing).
  std::string text_between(const antlr4::Token* first, const antlr4::Token* last) const;
  // The decoded input.
  const std::u32string& text() const;
  // The source text of characters [begin, end).
  std::string text_of_chars(std::size_t begin, std::size_t end) const;

  // Lines per chunk before the parser looks for a place to cut. Small on purpose: a chunk's
  // tokens and tree are thousands of small allocations freed together, and when they fit in
  // the cache glibc's malloc reuses them hot; at 2048 lines the frees (and the
  // malloc_consolidate runs they trigger) cost ~30% of a lint run over 200 KB configs
  // (bench_lint, N = 100, --jobs 1: 3.2 s CPU at 2048 lines, 2.3 s at 32; 8-64 are alike).
  static constexpr std::size_t kChunkLines = 32;

 private:
  struct Chunk;

  Utf32Stream input_;
  std::unique_ptr<LineLexer> lexer_;
  LineReader reader_;
  std::unique_ptr<Chunk> chunk_;
  std::vector<std::unique_ptr<antlr4::Token>> carried_line_;  // first line of the next chunk
  std::size_t chunk_lines_;
  bool done_ = false;
  std::vector<Comment> comments_;
};

}  // namespace havpnc::grammar
