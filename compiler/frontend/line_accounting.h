#pragma once
// Decides, for every physical line of a config, how the parse used it, so that no line is
// dropped without a trace: each ends up blank, comment, typed, ignored or unrecognized.
#include <cstdint>
#include <string>
#include <vector>

#include "antlr4-runtime.h"
#include "compiler/model/device.h"
#include "grammar/line_error_strategy.h"

namespace havpnc::frontend {

enum class LineUse : std::uint8_t { Unseen, Blank, Comment, Typed, Ignored, Unrecognized };

class LineAccountant {
 public:
  // `text` must stay alive and unchanged while the accountant is used.
  explicit LineAccountant(const std::u32string& text);

  // Classifies a line from the rule whose NEWLINE ends it.
  void on_line_end(antlr4::ParserRuleContext* ctx, const antlr4::Token* newline);
  void add_errors(const std::vector<grammar::SyntaxError>& errors);

  // Fills in blank and comment lines from the text and returns the totals; lines still
  // unseen are counted as unrecognized so they are reported rather than lost.
  model::LineAccounting finish(std::vector<std::uint32_t>* unrecognized_lines, std::uint64_t* unaccounted);

  std::size_t line_count() const { return uses_.size(); }
  // [begin, end) character offsets of a line without its line break.
  std::pair<std::size_t, std::size_t> line_span(std::uint32_t line) const;

 private:
  void mark(std::size_t first, std::size_t last, LineUse use);
  void mark_text_lines(std::size_t first, std::size_t last, LineUse use);

  const std::u32string* text_;          // the parser's copy; outlives this accountant's use
  std::vector<LineUse> uses_;           // index 0 is line 1
  std::vector<std::size_t> line_starts_;
};

}  // namespace havpnc::frontend
