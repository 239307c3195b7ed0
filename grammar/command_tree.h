#pragma once
// The keyword skeleton of the IOS commands the grammar knows (command_patterns.inc), as a
// tree walked word by word. IOS accepts any prefix of a keyword that no other keyword
// possible at that point of the line shares; the tree knows those siblings, so it can say
// whether `in` means `inbound` after `replay-interval` (it does) and whether `int` means
// `interface` at the start of a line (it does).
#include <cstddef>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace havpnc::grammar {

class CommandTree {
 public:
  struct Node;

  struct Keyword {
    std::string text;            // lower case, as IOS prints it
    std::size_t min_length = 0;  // shortest accepted abbreviation
    std::size_t token_type = 0;  // 0: an IOS keyword havpnc does not model (stays WORD)
    Node* next = nullptr;
  };

  struct Node {
    std::vector<Keyword> keywords;
    Node* number = nullptr;
    Node* address = nullptr;
    Node* word = nullptr;
    // A tail takes the rest of the line; its keywords may appear anywhere in it, in any order.
    bool tail = false;
    bool untyped_rest = false;
    std::vector<Keyword> tail_keywords;
  };

  // `type_of` maps a keyword ("replay-interval") to its token type (K_REPLAY_INTERVAL).
  // Throws std::logic_error when a pattern is malformed or names a keyword the vocabulary
  // lacks: both are programming errors caught by the first test run.
  static std::unique_ptr<CommandTree> build(
      const std::vector<std::string>& patterns,
      const std::function<std::size_t(std::string_view)>& type_of);

  const Node& root() const { return *root_; }

  // The keyword a word stands for among `candidates`, or nullptr when it stands for none or
  // is ambiguous. An exact match wins over abbreviations (`ip` is not short for `ipc`).
  static const Keyword* match(const std::vector<Keyword>& candidates, std::string_view word);

  // Keywords havpnc gives a token type, in pattern order without duplicates.
  const std::vector<std::string>& typed_keywords() const { return typed_keywords_; }

  // The patterns of command_patterns.inc.
  static const std::vector<std::string>& ios_patterns();

 private:
  CommandTree() = default;
  Node* new_node();

  friend class PatternCompiler;
  std::vector<std::unique_ptr<Node>> nodes_;
  Node* root_ = nullptr;
  std::vector<std::string> typed_keywords_;
};

}  // namespace havpnc::grammar
