// ConfigParser cuts a config into chunks only where no stanza can continue, so the trees,
// syntax errors and comments must not depend on the chunk size. kChunkLines is chosen for
// speed (see config_parser.h); this proves the choice cannot change a parse, by parsing the
// samples, the corpus and the bench generator's configs at several chunk sizes.
#include <gtest/gtest.h>

#include <sstream>

#include "bench/lint/config_generator.h"
#include "config_corpus.h"
#include "grammar/config_parser.h"

namespace havpnc::grammar {
namespace {

// Everything a parse hands the model builder, as text: each statement's tree with the text
// of its tokens and their positions, then the syntax errors, then the comments (errors and
// comments come per chunk, the builder reads them by line).
std::string parse_dump(const std::string& bytes, std::size_t chunk_lines, std::size_t* chunks) {
  ConfigParser parser(decode_utf8_lenient(bytes).text, "chunking", chunk_lines);
  std::ostringstream trees_out, errors_out, comments_out;
  *chunks = 0;
  while (const auto* trees = parser.next_chunk()) {
    ++*chunks;
    for (auto* tree : *trees) {
      trees_out << tree->getRuleIndex() << ' ' << tree->toStringTree() << " @" << tree->getStart()->getLine() << ':'
                << tree->getStart()->getCharPositionInLine() << '-'
                << (tree->getStop() != nullptr ? tree->getStop()->getLine() : 0) << '\n';
    }
    for (const auto& e : parser.errors()) {
      errors_out << "error " << e.line << ' ' << e.end_line << ' ' << e.column << ' ' << e.offending << '\n';
    }
    for (const auto& c : parser.comments()) comments_out << "comment " << c.line << ' ' << c.column << ' ' << c.text << '\n';
  }
  return trees_out.str() + errors_out.str() + comments_out.str();
}

// The whole input in one chunk is the reference; 1 line cuts at every possible place.
void expect_chunk_size_irrelevant(const std::string& bytes, const std::string& what) {
  std::size_t whole_chunks = 0;
  const std::string whole = parse_dump(bytes, std::size_t(1) << 40, &whole_chunks);
  EXPECT_LE(whole_chunks, 1u) << what;
  for (std::size_t lines : {std::size_t(1), std::size_t(7), ConfigParser::kChunkLines, std::size_t(2048)}) {
    std::size_t chunks = 0;
    EXPECT_EQ(parse_dump(bytes, lines, &chunks), whole) << what << " at " << lines << " lines per chunk";
  }
}

TEST(Chunking, SamplesParseAlikeAtEveryChunkSize) {
  EXPECT_GT(testing::for_each_config(testing::samples_root(), expect_chunk_size_irrelevant), 3u);
}

TEST(Chunking, CorpusParsesAlikeAtEveryChunkSize) {
  const auto corpus = testing::corpus_root();
  if (!corpus) GTEST_SKIP() << "skipped: ../shared not present";
  EXPECT_GT(testing::for_each_config(*corpus, expect_chunk_size_irrelevant), 0u);
}

TEST(Chunking, GeneratedConfigsParseAlikeAtEveryChunkSize) {
  for (std::size_t i = 0; i < 3; ++i) expect_chunk_size_irrelevant(bench::generate_device(i, 40000), "device " + std::to_string(i));
}

TEST(Chunking, SmallChunksReallyCut) {
  // Guards the test itself: a parser that ignored chunk_lines would pass the above.
  std::size_t chunks = 0;
  parse_dump(bench::generate_device(0, 40000), 1, &chunks);
  EXPECT_GT(chunks, 50u);
}

TEST(Chunking, BrokenLinesAndFlatStanzasAcrossCuts) {
  const std::string text =
      "hostname R1\n"
      "interface GigabitEthernet0/0\n"
      "ip address 10.0.0.1 255.255.255.0\n"        // flat: still the interface's child
      "standby 1 ip\n"
      "crypto isakmp policy 10\n"
      " encr aes 256 bogus trailing words\n"       // a broken child line
      " hash sha\n"
      "! a comment between stanzas\n"
      "ip access-list extended A\n"
      " permit udp any any eq 500\n"
      " permit nonsense\n"
      "totally unknown command\n"
      " stray indented line\n"
      "end\n";
  expect_chunk_size_irrelevant(text, "edge cases");
}

}  // namespace
}  // namespace havpnc::grammar
