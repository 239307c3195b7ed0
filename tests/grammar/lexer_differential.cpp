#include "lexer_differential.h"

#include <memory>

#include "IosLexer.h"
#include "grammar/line_lexer.h"
#include "grammar/source_text.h"

namespace havpnc::grammar::testing {

namespace {

std::string describe(const antlr4::Token& t) {
  return "type " + std::to_string(t.getType()) + " [" + std::to_string(t.getStartIndex()) + "," +
         std::to_string(t.getStopIndex()) + "] line " + std::to_string(t.getLine()) + " col " +
         std::to_string(t.getCharPositionInLine()) + " channel " + std::to_string(t.getChannel()) + " text '" +
         t.getText() + "'";
}

}  // namespace

std::string first_lexer_difference(std::string_view bytes) {
  const std::u32string text = decode_utf8_lenient(bytes).text;
  Utf32Stream generated_input(text, "a");
  Utf32Stream hand_input(text, "b");
  IosLexer generated(&generated_input);
  generated.removeErrorListeners();
  LineLexer hand(hand_input);
  // Every character ends up in at most one token, so this bounds a runaway loop.
  for (std::size_t n = 0; n <= text.size() + 1; ++n) {
    std::unique_ptr<antlr4::Token> a = generated.nextToken();
    std::unique_ptr<antlr4::Token> b = hand.nextToken();
    if (a->getType() != b->getType() || a->getStartIndex() != b->getStartIndex() ||
        a->getStopIndex() != b->getStopIndex() || a->getLine() != b->getLine() ||
        a->getCharPositionInLine() != b->getCharPositionInLine() || a->getChannel() != b->getChannel() ||
        a->getText() != b->getText()) {
      return "token " + std::to_string(n) + ": IosLexer " + describe(*a) + " / LineLexer " + describe(*b);
    }
    if (a->getType() == antlr4::Token::EOF) {
      // Both stay at EOF, as the parser may ask again.
      if (hand.nextToken()->getType() != antlr4::Token::EOF) return "LineLexer continues after EOF";
      return {};
    }
  }
  return "no EOF after every character was read";
}

}  // namespace havpnc::grammar::testing
