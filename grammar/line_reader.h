#pragma once
// Reads one IOS line at a time from the lexer and gives its keywords their token types by
// walking the command tree (IOS's own rule: a keyword is whatever unique prefix of a
// keyword possible at that point of the line). It also makes the line structure explicit
// for the parser: an INDENT token before an indented line, blank and `!` lines taken out,
// and a NEWLINE after a last line that lacks one.
#include <cstddef>
#include <memory>
#include <vector>

#include "antlr4-runtime.h"
#include "grammar/command_tree.h"

namespace havpnc::grammar {

struct LineInfo {
  std::size_t line = 0;             // 1-based line of the first token
  std::size_t first_type = 0;       // token type of the first token (after INDENT)
  bool indented = false;
  bool empty = true;                // blank or comment only: nothing reaches the parser
};

class LineReader {
 public:
  // `text` is what the lexer reads (keywords are matched on it without converting tokens).
  // `lexer` is IosLexer or LineLexer, which make the same tokens.
  LineReader(antlr4::TokenSource& lexer, const std::u32string& text);

  // Appends the next line's parser tokens to `out` and the line's hidden tokens (comments)
  // to `hidden`. Returns false once the input is exhausted (nothing appended).
  bool next_line(std::vector<std::unique_ptr<antlr4::Token>>& out,
                 std::vector<std::unique_ptr<antlr4::Token>>* hidden, LineInfo& info);

  // The tree built from command_patterns.inc and the lexer's vocabulary; built once.
  static const CommandTree& command_tree();

 private:
  // The tokens of the next line that has any, NEWLINE last; false at the end of input.
  bool read_raw_line(std::vector<std::unique_ptr<antlr4::Token>>& out,
                     std::vector<std::unique_ptr<antlr4::Token>>* hidden);
  void type_keywords(std::vector<std::unique_ptr<antlr4::Token>>& line, std::size_t begin);

  antlr4::TokenSource& lexer_;
  const std::u32string& text_;
  bool exhausted_ = false;
};

}  // namespace havpnc::grammar
