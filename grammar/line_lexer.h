#pragma once
// A hand-written lexer that produces exactly the token stream of the generated IosLexer
// (type, start/stop, line, column, channel, text read back from the input) for any decoded
// input. It exists for speed: IosLexer.g4 is a handful of character classes, yet ANTLR's
// lexer simulator takes a lock and a DFA-edge lookup per character and was a third of all
// parse time on 200 KB configs (bench/parse). The grammar file stays the specification:
// tests/grammar proves the two agree on samples, the corpus, generated configs and fuzz
// input (fuzz_lexer_differential), so a change to IosLexer.g4 must be made here too.
#include <cstddef>
#include <memory>
#include <string>

#include "antlr4-runtime.h"
#include "grammar/source_text.h"

namespace havpnc::grammar {

class LineLexer final : public antlr4::TokenSource {
 public:
  // `input` must outlive the lexer; tokens read their text back from it, as ANTLR's do.
  explicit LineLexer(Utf32Stream& input);

  std::unique_ptr<antlr4::Token> nextToken() override;
  std::size_t getLine() const override { return line_; }
  std::size_t getCharPositionInLine() override { return column_; }
  antlr4::CharStream* getInputStream() override { return &input_; }
  std::string getSourceName() override { return input_.getSourceName(); }
  antlr4::TokenFactory<antlr4::CommonToken>* getTokenFactory() override;

 private:
  // IosLexer's modes: the default one, and the regions that are not made of IOS words.
  enum class Mode { Default, BannerDelimiter, BannerBody, Certificate };

  char32_t at(std::size_t i) const { return i < text_.size() ? text_[i] : 0; }
  bool in_range(std::size_t i) const { return i < text_.size(); }
  bool at_line_start(std::size_t token_start) const;
  bool at_banner_delimiter(std::size_t i) const;
  // Moves over [pos_, end) the way ANTLR's simulator does: a '\n' starts a line.
  void advance_to(std::size_t end);
  std::unique_ptr<antlr4::Token> make(std::size_t type, std::size_t start, std::size_t line, std::size_t column);

  // Length of the default-mode token at pos_ and its type; 0 for a skipped blank run.
  std::size_t lex_default(std::size_t& type, Mode& next_mode);

  Utf32Stream& input_;
  const std::u32string& text_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
  std::size_t column_ = 0;
  Mode mode_ = Mode::Default;
  // Like IosLexer::bannerDelimiter: the UTF-8 bytes of the delimiter, compared against code
  // points one byte at a time (so a non-ASCII delimiter never matches, exactly as there).
  std::string banner_delimiter_;
};

}  // namespace havpnc::grammar
