// LineLexer against the generated IosLexer: the same tokens on the samples, the corpus, the
// bench generator's configs and the lexer modes' edge cases.
#include <gtest/gtest.h>

#include "bench/lint/config_generator.h"
#include "config_corpus.h"
#include "lexer_differential.h"

namespace havpnc::grammar::testing {
namespace {

void expect_same_tokens(const std::string& bytes, const std::string& path) {
  EXPECT_EQ(first_lexer_difference(bytes), "") << path;
}

TEST(LineLexer, SameTokensAsIosLexerOnSamples) {
  EXPECT_GT(for_each_config(samples_root(), expect_same_tokens), 3u);
}

TEST(LineLexer, SameTokensAsIosLexerOnCorpus) {
  const auto corpus = corpus_root();
  if (!corpus) GTEST_SKIP() << "skipped: ../shared not present";
  EXPECT_GT(for_each_config(*corpus, expect_same_tokens), 0u);
}

TEST(LineLexer, SameTokensAsIosLexerOnGeneratedConfigs) {
  for (std::size_t i = 0; i < 6; ++i) {
    EXPECT_EQ(first_lexer_difference(bench::generate_device(i, 60000)), "") << "device " << i;
  }
}

TEST(LineLexer, SameTokensOnModeEdgeCases) {
  const char* cases[] = {
      "",
      "\n",
      "hostname R1",
      "hostname R1\r\n ip address 1.2.3.4 255.0.0.0\r\n",
      "1.2.3.4 1.2.3 1.2.3.4.5 12 12a a12 .1.2.3 1..2.3.4\n",
      "banner motd ^C\nhello\n^C\nhostname x\n",
      "banner motd ^Chello^C trailing\n",
      "banner exec #\r\nline # more\r\n",
      "banner motd\n",
      "banner motd   \r\nx\n",
      "banner   \nbanner\nbanner\n",
      "  banner motd x\nbody x\n",
      "x banner motd x\n",
      "banner motd1 x\n",
      "banner motd-x ^\n^C ^\n",
      "banner motd \xc3\xa9 body \xc3\xa9\n\xc3\xa9\n",
      "banner motd \t^",
      "banner motd ^C\nno end",
      "bannerx motd\n",
      "certificate ca 01\n  3082 0122\n  quit\nhostname y\n",
      "certificate\n quit \n",
      "certificate ca 01\n quit x\n quit\n",
      "certificate ca\n\n\n  \n quit",
      "  certificate self-signed 01\r\n  AB CD\r\n  quit\r\n",
      "x certificate 01\n",
      "certificatefoo\n",
      "\t\t \tword\t\n",
      "\xff\xfe bad \xc0\x80 utf8\n",
      "a\xf0\x9f\x98\x80 b \xe2\x82\xac\n",
      "\x03 ^C \x01\n",
  };
  for (const char* c : cases) EXPECT_EQ(first_lexer_difference(c), "") << c;
}

}  // namespace
}  // namespace havpnc::grammar::testing
