#include "compiler/frontend/value_reader.h"

#include "IosLexer.h"
#include "compiler/frontend/tree.h"

namespace havpnc::frontend {

using model::Located;
using model::SourceRange;

std::string ValueReader::text(const antlr4::Token* token) {
  return token == nullptr ? std::string() : token->getText();
}

SourceRange ValueReader::range(const antlr4::Token* first, const antlr4::Token* last) const {
  SourceRange r;
  if (first == nullptr) return r;
  if (last == nullptr) last = first;
  r.file = file_;
  r.line = static_cast<std::uint32_t>(first->getLine());
  r.col = static_cast<std::uint32_t>(first->getCharPositionInLine() + 1);
  r.end_line = static_cast<std::uint32_t>(last->getLine());
  const std::size_t start = last->getStartIndex();
  const std::size_t stop = last->getStopIndex();
  const std::size_t length = (stop >= start && stop != static_cast<std::size_t>(-1)) ? stop - start + 1 : 0;
  r.end_col = static_cast<std::uint32_t>(last->getCharPositionInLine() + (length == 0 ? 1 : length));
  return r;
}

SourceRange ValueReader::range(const antlr4::Token* token) const { return range(token, token); }

SourceRange ValueReader::range(const antlr4::ParserRuleContext* ctx) const {
  const antlr4::Token* first = ctx->start;
  const antlr4::Token* last = ctx->stop;
  if (first != nullptr && first->getType() == grammar::IosLexer::INDENT) {
    // The line's range starts at its first word, not at the margin.
    for (auto* child : ctx->children) {
      if (is_terminal(child)) {
        const antlr4::Token* symbol = static_cast<antlr4::tree::TerminalNode*>(child)->getSymbol();
        if (symbol->getType() != grammar::IosLexer::INDENT) {
          first = symbol;
          break;
        }
      } else {
        first = static_cast<antlr4::ParserRuleContext*>(child)->getStart();
        break;
      }
    }
  }
  SourceRange r = range(first, last);
  if (last != nullptr && last->getType() == grammar::IosLexer::NEWLINE) {
    r.end_line = static_cast<std::uint32_t>(last->getLine());
    r.end_col = static_cast<std::uint32_t>(std::max<std::size_t>(last->getCharPositionInLine(), 1));
  }
  return r;
}

void ValueReader::invalid(const SourceRange& at, std::string message) {
  diagnostics_.push_back({"syntax-invalid", model::Severity::Error, std::move(message), at, {}});
}

std::optional<Located<std::uint32_t>> ValueReader::number(const antlr4::Token* token,
                                                          std::uint64_t min, std::uint64_t max,
                                                          const char* what) {
  if (token == nullptr) return std::nullopt;
  const std::string t = token->getText();
  std::uint64_t value = 0;
  bool overflow = t.empty() || t.size() > 19;
  for (char c : t) {
    if (c < '0' || c > '9') {
      overflow = true;
      break;
    }
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (overflow || value < min || value > max) {
    invalid(range(token), std::string(what) + " '" + t + "' is out of range " +
                              std::to_string(min) + "-" + std::to_string(max));
    return std::nullopt;
  }
  return Located<std::uint32_t>::configured(static_cast<std::uint32_t>(value), range(token));
}

std::optional<Located<model::Ipv4>> ValueReader::address(const antlr4::Token* token,
                                                         const char* what) {
  if (token == nullptr) return std::nullopt;
  auto parsed = model::Ipv4::parse(token->getText());
  if (!parsed) {
    invalid(range(token), std::string(what) + " '" + token->getText() + "' is not an IPv4 address");
    return std::nullopt;
  }
  return Located<model::Ipv4>::configured(*parsed, range(token));
}

std::optional<Located<int>> ValueReader::mask(const antlr4::Token* token, const char* what) {
  auto a = address(token, what);
  if (!a) return std::nullopt;
  auto length = model::prefix_length_of_mask(a->value);
  if (!length) {
    invalid(a->range, std::string(what) + " '" + token->getText() +
                          "' is not a contiguous subnet mask");
    return std::nullopt;
  }
  return Located<int>::configured(*length, a->range);
}

std::optional<Located<model::Ipv4>> ValueReader::wildcard(const antlr4::Token* token) {
  return address(token, "wildcard");
}

}  // namespace havpnc::frontend
