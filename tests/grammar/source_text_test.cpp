#include <gtest/gtest.h>

#include "grammar/source_text.h"

namespace havpnc::grammar {
namespace {

TEST(SourceText, DecodesUtf8AndReplacesInvalidSequencesWithTheirPosition) {
  const std::string bytes = "a\xC3\xA9" "b\n" "x\xFFy\n" "\xE2\x82\xAC\n" "\xC0\xAF\n";  // é, bad, €, overlong
  DecodedText d = decode_utf8_lenient(bytes);
  EXPECT_EQ(d.text, U"a\u00e9b\nx\uFFFDy\n\u20ac\n\uFFFD\uFFFD\n");
  ASSERT_EQ(d.invalid_utf8.size(), 2u);
  EXPECT_EQ(d.invalid_utf8[0].line, 2u);
  EXPECT_EQ(d.invalid_utf8[0].column, 2u);
  EXPECT_EQ(d.invalid_utf8[1].line, 4u);
  EXPECT_EQ(d.invalid_utf8_count, 3u);
}

TEST(SourceText, TruncatedSequenceAtEndOfInput) {
  DecodedText d = decode_utf8_lenient("ok\xE2\x82");
  EXPECT_EQ(d.text, U"ok\uFFFD\uFFFD");
}

TEST(SourceText, BinaryDetection) {
  EXPECT_TRUE(looks_binary(std::string("hostname\0R1", 11)));
  EXPECT_TRUE(looks_binary(std::string(100, '\x01')));
  EXPECT_FALSE(looks_binary("hostname R1\r\n\tinterface Gi0/0\n"));
  EXPECT_FALSE(looks_binary("banner motd \x03 hi \x03\n"));  // a real ^C byte
  EXPECT_FALSE(looks_binary(""));
}

TEST(SourceText, Utf32StreamTextIsAntlrsOnEveryInterval) {
  // The ASCII fast path must give what ANTLR's own conversion gives, for every interval,
  // reversed and out-of-range ones included (those go to ANTLR).
  const std::string bytes = "ip a\xC3\xA9 \xE2\x82\xAC\n description x\xF0\x9F\x98\x80y\n!";
  Utf32Stream ours(decode_utf8_lenient(bytes).text, "ours");
  antlr4::ANTLRInputStream reference(bytes);
  const auto size = static_cast<ssize_t>(reference.size());
  ASSERT_EQ(static_cast<ssize_t>(ours.size()), size);
  for (ssize_t a = -2; a <= size + 1; ++a) {
    for (ssize_t b = -2; b <= size + 1; ++b) {
      const antlr4::misc::Interval interval(a, b);
      EXPECT_EQ(ours.getText(interval), reference.getText(interval)) << a << ".." << b;
    }
  }
  EXPECT_EQ(ours.getText(antlr4::misc::Interval(ssize_t(0), ssize_t(1))), "ip");
}

}  // namespace
}  // namespace havpnc::grammar
