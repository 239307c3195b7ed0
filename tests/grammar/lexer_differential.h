#pragma once
// Runs the generated IosLexer and the hand-written LineLexer over the same decoded text and
// describes the first token where they differ (type, text, start/stop, line, column,
// channel); empty when the streams are identical up to and including EOF.
#include <string>
#include <string_view>

namespace havpnc::grammar::testing {

std::string first_lexer_difference(std::string_view bytes);

}  // namespace havpnc::grammar::testing
