#pragma once
// Error handling for a line-oriented language: a line that starts like a known command but
// does not continue like one is given up as a whole — the rest of it is skipped, it is
// recorded as a syntax error with the offending word, and parsing resumes with the next
// line in the same stanza. ANTLR's default strategy instead guesses missing or extra tokens,
// which in IOS would glue the next line onto a broken one.
#include <cstddef>
#include <string>
#include <vector>

#include "antlr4-runtime.h"

namespace havpnc::grammar {

struct SyntaxError {
  std::size_t line = 0;    // the line given up
  std::size_t end_line = 0;  // its last line (a broken banner spans several)
  std::size_t column = 0;  // 1-based column of the word that did not fit
  std::string offending;   // that word ("" at the end of the line)
};

class LineErrorStrategy : public antlr4::DefaultErrorStrategy {
 public:
  void recover(antlr4::Parser* parser, std::exception_ptr e) override;
  void sync(antlr4::Parser* parser) override;
  antlr4::Token* recoverInline(antlr4::Parser* parser) override;
  void reportError(antlr4::Parser*, const antlr4::RecognitionException&) override {}
  void reset(antlr4::Parser* parser) override;

  // True while the rules that were inside the given-up line return to their stanza.
  bool unwinding(antlr4::Parser* parser) const;

  // A new top-level line starts: whatever was being given up is done.
  void resume() { unwinding_ = false; }
  // Records a line that ConfigParser skipped itself (no rule could even start on it).
  void record(SyntaxError error) { errors_.push_back(std::move(error)); }

  const std::vector<SyntaxError>& errors() const { return errors_; }
  void clear_errors() { errors_.clear(); }

 private:
  bool is_line_rule(std::size_t rule_index, antlr4::Parser* parser);

  bool unwinding_ = false;
  std::size_t container_depth_ = 0;
  std::vector<signed char> line_rule_;  // per rule index: -1 unknown, 0 nested, 1 line
  std::vector<SyntaxError> errors_;
};

}  // namespace havpnc::grammar
