#include <gtest/gtest.h>

#include <set>

#include "IosLexer.h"
#include "grammar/command_tree.h"
#include "grammar/line_reader.h"

namespace havpnc::grammar {
namespace {

TEST(CommandTree, EveryKeywordTokenIsTypedBySomePatternAndBack) {
  const CommandTree& tree = LineReader::command_tree();
  std::set<std::string> typed(tree.typed_keywords().begin(), tree.typed_keywords().end());
  typed.insert("no");
  const antlr4::dfa::Vocabulary& vocabulary = IosLexer(nullptr).getVocabulary();
  std::set<std::string> tokens;
  for (std::size_t t = 1; t <= vocabulary.getMaxTokenType(); ++t) {
    std::string name = vocabulary.getSymbolicName(t);
    if (name.rfind("K_", 0) != 0) continue;
    std::string keyword;
    for (char c : name.substr(2)) keyword += c == '_' ? '-' : static_cast<char>(std::tolower(c));
    tokens.insert(keyword);
  }
  // "inter-device" and friends: the token name cannot tell '-' from '_', and IOS uses '-'.
  EXPECT_EQ(tokens, typed);
}

TEST(CommandTree, MalformedPatternsAreRejectedWithTheirText) {
  auto type_of = [](std::string_view) -> std::size_t { return 1; };
  EXPECT_THROW(CommandTree::build({"crypto [map"}, type_of), std::logic_error);
  EXPECT_THROW(CommandTree::build({"crypto {map|"}, type_of), std::logic_error);
  EXPECT_THROW(CommandTree::build({"crypto <bogus>"}, type_of), std::logic_error);
  EXPECT_THROW(CommandTree::build({"Crypto"}, type_of), std::logic_error);
  EXPECT_THROW(CommandTree::build({"a <rest> b"}, type_of), std::logic_error);
  auto no_token = [](std::string_view) -> std::size_t { return 0; };
  EXPECT_THROW(CommandTree::build({"crypto"}, no_token), std::logic_error);
}

TEST(CommandTree, AbbreviationIsUniquePrefixAmongSiblings) {
  auto type_of = [](std::string_view) -> std::size_t { return 1; };
  auto tree = CommandTree::build({"interface <w>", "ip routing", "ipc zone", "inbound"}, type_of);
  const auto& top = tree->root().keywords;
  EXPECT_EQ(CommandTree::match(top, "int")->text, "interface");
  EXPECT_EQ(CommandTree::match(top, "INTERFACE")->text, "interface");  // IOS ignores case
  EXPECT_EQ(CommandTree::match(top, "ip")->text, "ip");                // exact beats prefix of ipc
  EXPECT_EQ(CommandTree::match(top, "ipc")->text, "ipc");
  EXPECT_EQ(CommandTree::match(top, "in"), nullptr);                  // interface or inbound
  EXPECT_EQ(CommandTree::match(top, "inb")->text, "inbound");
  EXPECT_EQ(CommandTree::match(top, "i"), nullptr);
  EXPECT_EQ(CommandTree::match(top, "interfaces"), nullptr);          // longer than the keyword
}

}  // namespace
}  // namespace havpnc::grammar
