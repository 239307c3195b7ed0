#include "compiler/frontend/line_accounting.h"

#include <algorithm>

#include "IosLexer.h"
#include "IosParser.h"
#include "compiler/frontend/tree.h"

namespace havpnc::frontend {

namespace {

using P = grammar::IosParser;

antlr4::ParserRuleContext* as_rule(antlr4::tree::ParseTree* node) {
  return is_terminal(node) ? nullptr : static_cast<antlr4::ParserRuleContext*>(node);
}

bool is_blank(char32_t c) { return c == U' ' || c == U'\t' || c == U'\f' || c == U'\v'; }

// An unknown line inside a stanza is the `INDENT ~(...) rest` alternative of a *_child rule,
// the only one whose direct children include the free `rest`.
bool is_unknown_child(antlr4::ParserRuleContext* ctx) {
  if (ctx->getRuleIndex() == P::RuleUnrecognized_line || ctx->getRuleIndex() == P::RuleStray_indented_line) {
    return true;
  }
  switch (ctx->getRuleIndex()) {
    case P::RuleInterface_child: case P::RuleAcl_child: case P::RuleIsakmp_policy_child:
    case P::RuleKeyring_child: case P::RuleTransform_set_child: case P::RuleCrypto_map_child:
    case P::RuleTrack_child: case P::RuleIpc_zone_child: case P::RuleAssociation_child:
    case P::RuleInter_device_child: case P::RuleChassis_redundancy_child:
      break;
    default:
      return false;
  }
  for (auto* child : ctx->children) {
    if (auto* rule = as_rule(child); rule != nullptr && rule->getRuleIndex() == P::RuleRest) return true;
  }
  return false;
}

}  // namespace

LineAccountant::LineAccountant(const std::u32string& text) : text_(&text) {
  line_starts_.push_back(0);
  for (std::size_t i = 0; i < text.size(); ++i) {
    // "\r\n" and a lone "\r" end a line, as the lexer's NEWLINE does.
    if (text[i] == U'\n' || (text[i] == U'\r' && (i + 1 >= text.size() || text[i + 1] != U'\n'))) {
      line_starts_.push_back(i + 1);
    }
  }
  // A final line break does not start another line.
  if (line_starts_.size() > 1 && line_starts_.back() == text.size()) line_starts_.pop_back();
  if (text.empty()) line_starts_.clear();
  uses_.assign(line_starts_.size(), LineUse::Unseen);
}

std::pair<std::size_t, std::size_t> LineAccountant::line_span(std::uint32_t line) const {
  const std::u32string& text = *text_;
  const std::size_t begin = line_starts_.at(line - 1);
  std::size_t end = line < line_starts_.size() ? line_starts_[line] : text.size();
  while (end > begin && (text[end - 1] == U'\n' || text[end - 1] == U'\r')) --end;
  return {begin, end};
}

void LineAccountant::mark(std::size_t first, std::size_t last, LineUse use) {
  for (std::size_t line = first; line <= last && line >= 1 && line <= uses_.size(); ++line) {
    uses_[line - 1] = use;
  }
}

void LineAccountant::mark_text_lines(std::size_t first, std::size_t last, LineUse use) {
  for (std::size_t line = first; line <= last && line >= 1 && line <= uses_.size(); ++line) {
    auto [begin, end] = line_span(static_cast<std::uint32_t>(line));
    while (begin < end && is_blank((*text_)[begin])) ++begin;
    if (begin == end || (*text_)[begin] == U'!') continue;
    uses_[line - 1] = use;
  }
}

void LineAccountant::on_line_end(antlr4::ParserRuleContext* ctx, const antlr4::Token* newline) {
  const std::size_t line = newline->getLine();
  const std::size_t start_line = ctx->getStart()->getLine();
  LineUse use = LineUse::Typed;
  if (is_unknown_child(ctx)) {
    use = LineUse::Unrecognized;
  } else if (ctx->getRuleIndex() == P::RuleCertificate || ctx->getRuleIndex() == P::RuleIgnored_line ||
             ctx->getRuleIndex() == P::RuleIf_ignored) {
    use = LineUse::Ignored;  // certificates, and boilerplate with no bearing on HA IPsec
  } else if ((ctx->getRuleIndex() == P::RuleLine_stanza || ctx->getRuleIndex() == P::RuleIsakmp_profile_stanza ||
              ctx->getRuleIndex() == P::RuleIpsec_profile_stanza) &&
             line != start_line) {
    use = LineUse::Ignored;  // recognised blocks whose settings havpnc does not model
  }
  if (use == LineUse::Typed && ctx->getRuleIndex() == P::RuleBanner) {
    // A banner's NEWLINE ends a rule that began lines earlier; its blank and `!` lines
    // stay blank and comment lines, as a reader counting lines would count them.
    mark_text_lines(start_line, line, use);
  } else {
    mark(line, line, use);
  }
}

void LineAccountant::add_errors(const std::vector<grammar::SyntaxError>& errors) {
  for (const auto& e : errors) mark(e.line, std::max(e.line, e.end_line), LineUse::Unrecognized);
}

model::LineAccounting LineAccountant::finish(std::vector<std::uint32_t>* unrecognized_lines,
                                             std::uint64_t* unaccounted) {
  const std::u32string& text = *text_;
  model::LineAccounting totals;
  totals.total = uses_.size();
  *unaccounted = 0;
  for (std::size_t i = 0; i < uses_.size(); ++i) {
    if (uses_[i] == LineUse::Unseen) {
      auto [begin, end] = line_span(static_cast<std::uint32_t>(i + 1));
      while (begin < end && is_blank(text[begin])) ++begin;
      if (begin == end) {
        uses_[i] = LineUse::Blank;
      } else if (text[begin] == U'!') {
        uses_[i] = LineUse::Comment;
      } else {
        uses_[i] = LineUse::Unrecognized;
        ++*unaccounted;
      }
    }
    switch (uses_[i]) {
      case LineUse::Blank: ++totals.blank; break;
      case LineUse::Comment: ++totals.comment; break;
      case LineUse::Typed: ++totals.typed; break;
      case LineUse::Ignored: ++totals.ignored; break;
      case LineUse::Unrecognized:
        ++totals.unrecognized;
        unrecognized_lines->push_back(static_cast<std::uint32_t>(i + 1));
        break;
      case LineUse::Unseen: break;
    }
  }
  return totals;
}

}  // namespace havpnc::frontend
