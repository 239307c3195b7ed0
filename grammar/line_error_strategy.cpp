#include "grammar/line_error_strategy.h"

#include <string_view>

#include "IosLexer.h"

namespace havpnc::grammar {

namespace {

// Rules that are parts of a line rather than a line: a failure inside them gives up the
// line that contains them.
bool is_part_of_line(std::string_view rule) {
  static constexpr std::string_view kParts[] = {
      "rest", "name", "acl_entry", "acl_address", "acl_port", "acl_option", "standby_command",
  };
  for (auto part : kParts) {
    if (rule == part) return true;
  }
  return rule.ends_with("_setting");
}

}  // namespace

bool LineErrorStrategy::is_line_rule(std::size_t rule_index, antlr4::Parser* parser) {
  if (line_rule_.empty()) line_rule_.assign(parser->getRuleNames().size(), -1);
  signed char& known = line_rule_.at(rule_index);
  if (known < 0) known = is_part_of_line(parser->getRuleNames()[rule_index]) ? 0 : 1;
  return known == 1;
}

void LineErrorStrategy::reset(antlr4::Parser* parser) {
  DefaultErrorStrategy::reset(parser);
  unwinding_ = false;
}

bool LineErrorStrategy::unwinding(antlr4::Parser* parser) const {
  return unwinding_ && parser->getContext() != nullptr &&
         static_cast<std::size_t>(parser->getContext()->depth()) > container_depth_;
}

void LineErrorStrategy::recover(antlr4::Parser* parser, std::exception_ptr) {
  if (unwinding(parser)) return;  // the line was already skipped by an inner rule

  antlr4::ParserRuleContext* line_ctx = parser->getContext();
  while (line_ctx->parent != nullptr && !is_line_rule(line_ctx->getRuleIndex(), parser)) {
    line_ctx = static_cast<antlr4::ParserRuleContext*>(line_ctx->parent);
  }
  antlr4::TokenStream* input = parser->getTokenStream();
  antlr4::Token* offending = input->LT(1);
  SyntaxError error;
  error.line = line_ctx->start != nullptr ? line_ctx->start->getLine() : offending->getLine();
  error.column = offending->getCharPositionInLine() + 1;
  if (offending->getType() != IosLexer::NEWLINE && offending->getType() != antlr4::Token::EOF) {
    error.offending = offending->getText();
  }
  // Straight from the stream: the skipped words need no tree nodes (a 10 MB junk line
  // would otherwise allocate one per word).
  while (input->LA(1) != IosLexer::NEWLINE && input->LA(1) != antlr4::Token::EOF) {
    input->consume();
  }
  error.end_line = input->LT(1)->getLine();
  if (input->LA(1) == IosLexer::NEWLINE) input->consume();
  errors_.push_back(std::move(error));

  unwinding_ = true;
  container_depth_ = line_ctx->depth() > 0 ? line_ctx->depth() - 1 : 0;
}

void LineErrorStrategy::sync(antlr4::Parser* parser) {
  // Never guess tokens; only stop rules of a given-up line from reading the next line.
  if (!unwinding_) return;
  if (unwinding(parser)) throw antlr4::InputMismatchException(parser);
  unwinding_ = false;
}

antlr4::Token* LineErrorStrategy::recoverInline(antlr4::Parser* parser) {
  throw antlr4::InputMismatchException(parser);
}

}  // namespace havpnc::grammar
