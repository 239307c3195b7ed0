#include <gtest/gtest.h>

#include "IosLexer.h"
#include "grammar/line_reader.h"
#include "grammar/source_text.h"

namespace havpnc::grammar {
namespace {

struct Line {
  std::vector<std::string> types;
  LineInfo info;
};

std::vector<Line> read(const std::string& config) {
  Utf32Stream input(decode_utf8_lenient(config).text, "test");
  IosLexer lexer(&input);
  LineReader reader(lexer, input.text());
  std::vector<Line> lines;
  for (;;) {
    std::vector<std::unique_ptr<antlr4::Token>> tokens;
    Line line;
    if (!reader.next_line(tokens, nullptr, line.info)) break;
    for (const auto& t : tokens) line.types.push_back(std::string(lexer.getVocabulary().getSymbolicName(t->getType())));
    lines.push_back(std::move(line));
  }
  return lines;
}

using Types = std::vector<std::string>;

TEST(LineReader, TypesKeywordsAfterParametersByPosition) {
  // The seed writes `in`/`out` where IOS prints inbound/outbound.
  auto lines = read("crypto map MAP2 redundancy replay-interval in 1000 out 1000\n");
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].types, (Types{"K_CRYPTO", "K_MAP", "WORD", "K_REDUNDANCY", "K_REPLAY_INTERVAL",
                                   "K_INBOUND", "UINT", "K_OUTBOUND", "UINT", "NEWLINE"}));
}

TEST(LineReader, AbbreviatedInterfaceAndIndent) {
  auto lines = read("int g0/1\n ip add 6.6.156.10 255.255.255.0\n");
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].types, (Types{"K_INTERFACE", "WORD", "NEWLINE"}));
  EXPECT_EQ(lines[1].types, (Types{"INDENT", "K_IP", "K_ADDRESS", "IPV4", "IPV4", "NEWLINE"}));
  EXPECT_TRUE(lines[1].info.indented);
}

TEST(LineReader, UnmodelledSiblingKeepsAbbreviationsHonest) {
  // `crypto key generate rsa` must not be read as `crypto keyring`.
  auto lines = read("crypto key generate rsa\ncrypto keyr KR\n");
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].types[0], "K_CRYPTO");
  EXPECT_EQ(lines[0].types[1], "WORD");
  EXPECT_EQ(lines[1].types[1], "K_KEYRING");
}

TEST(LineReader, NoRestartsTheWalk) {
  auto lines = read("no crypto engine onboard 0\nno shut\n");
  EXPECT_EQ(lines[0].types, (Types{"K_NO", "K_CRYPTO", "K_ENGINE", "K_ONBOARD", "UINT", "NEWLINE"}));
  EXPECT_EQ(lines[1].types, (Types{"K_NO", "K_SHUTDOWN", "NEWLINE"}));
}

TEST(LineReader, FreeTextIsNeverTyped) {
  auto lines = read("interface Gi0/0\n description crypto map to the ip world\n");
  EXPECT_EQ(lines[1].types,
            (Types{"INDENT", "K_DESCRIPTION", "WORD", "WORD", "WORD", "WORD", "WORD", "WORD", "NEWLINE"}));
}

TEST(LineReader, BlankAndCommentLinesDoNotReachTheParser) {
  auto lines = read("!\n\n   \nhostname R1\n ! indented comment\nend");
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].types, (Types{"K_HOSTNAME", "WORD", "NEWLINE"}));
  // The last line has no line break: the reader supplies one.
  EXPECT_EQ(lines[1].types, (Types{"K_END", "NEWLINE"}));
}

TEST(LineReader, UnknownCommandStaysWords) {
  auto lines = read("router ospf 1\n");
  EXPECT_EQ(lines[0].types[0], "WORD");
  EXPECT_EQ(lines[0].info.first_type, static_cast<std::size_t>(IosLexer::WORD));
}

}  // namespace
}  // namespace havpnc::grammar
