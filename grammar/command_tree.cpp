#include "grammar/command_tree.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace havpnc::grammar {

namespace {

// IOS needs at least this many letters before it takes a word as an abbreviation; a single
// letter is nearly always ambiguous on a real router, whose command set is larger than ours.
constexpr std::size_t kMinAbbreviation = 2;

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_prefix_ci(std::string_view word, std::string_view keyword) {
  if (word.size() > keyword.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(word[i])) != keyword[i]) return false;
  }
  return true;
}

// Commands recognised and deliberately ignored share one token type, K_IGNORED.
constexpr std::string_view kIgnoredKeyword = "ignored";

// One element of a pattern after optional parts and alternatives are expanded.
struct Element {
  enum Kind { Keyword, Number, Address, Word, Tail, Rest } kind;
  std::string keyword;  // Keyword
  bool typed = true;    // Keyword
  bool ignored = false;  // Keyword typed K_IGNORED
  std::vector<std::pair<std::string, bool>> tail_keywords;  // Tail
};
using Sequence = std::vector<Element>;

}  // namespace

// Compiles the small pattern language of command_patterns.inc into the tree.
class PatternCompiler {
 public:
  PatternCompiler(CommandTree& tree, const std::function<std::size_t(std::string_view)>& type_of)
      : tree_(tree), type_of_(type_of) {}

  void add(const std::string& pattern) {
    pattern_ = &pattern;
    pos_ = 0;
    std::vector<Sequence> variants = parse_sequence('\0');
    for (auto& variant : variants) insert(variant);
  }

  void finish() {
    CommandTree::Node* root = tree_.root_;
    // `no X` is X negated: after `no` the walk starts over at the top.
    root->keywords.push_back({"no", 2, type_of_("no"), root});
    for (auto& node : tree_.nodes_) {
      assign_abbreviations(node->keywords);
      assign_abbreviations(node->tail_keywords);
    }
  }

 private:
  [[noreturn]] void fail(const std::string& why) const {
    throw std::logic_error("command pattern \"" + *pattern_ + "\": " + why);
  }

  void skip_blanks() {
    while (pos_ < pattern_->size() && (*pattern_)[pos_] == ' ') ++pos_;
  }

  std::string read_word() {
    std::size_t start = pos_;
    while (pos_ < pattern_->size() && std::string_view("[]{}| ").find((*pattern_)[pos_]) ==
                                          std::string_view::npos) {
      ++pos_;
    }
    if (start == pos_) fail("expected a word at offset " + std::to_string(pos_));
    return pattern_->substr(start, pos_ - start);
  }

  // Parses until `close` (or the end) and returns every expansion of what it read.
  std::vector<Sequence> parse_sequence(char close) {
    std::vector<Sequence> variants(1);
    for (;;) {
      skip_blanks();
      if (pos_ >= pattern_->size()) {
        if (close != '\0') fail(std::string("missing '") + close + "'");
        return variants;
      }
      char c = (*pattern_)[pos_];
      if (c == close) {
        ++pos_;
        return variants;
      }
      std::vector<Sequence> choices;
      if (c == '[') {
        ++pos_;
        choices = parse_sequence(']');
        choices.emplace_back();  // absent
      } else if (c == '{') {
        ++pos_;
        for (;;) {
          skip_blanks();
          choices.push_back({keyword_element(read_word())});
          skip_blanks();
          if (pos_ >= pattern_->size()) fail("missing '}'");
          if ((*pattern_)[pos_] == '}') {
            ++pos_;
            break;
          }
          if ((*pattern_)[pos_] != '|') fail("expected '|' or '}'");
          ++pos_;
        }
      } else if (c == '*') {
        ++pos_;
        if (pos_ >= pattern_->size() || (*pattern_)[pos_] != '{') fail("expected '{' after '*'");
        ++pos_;
        Element tail{Element::Tail, {}, true, false, {}};
        for (;;) {
          skip_blanks();
          if (pos_ >= pattern_->size()) fail("missing '}'");
          if ((*pattern_)[pos_] == '}') {
            ++pos_;
            break;
          }
          Element k = keyword_element(read_word());
          tail.tail_keywords.emplace_back(k.keyword, k.typed);
        }
        choices.push_back({tail});
      } else {
        std::string word = read_word();
        if (word == "<n>") {
          choices.push_back({Element{Element::Number, {}, true, false, {}}});
        } else if (word == "<a>") {
          choices.push_back({Element{Element::Address, {}, true, false, {}}});
        } else if (word == "<w>") {
          choices.push_back({Element{Element::Word, {}, true, false, {}}});
        } else if (word == "<rest>") {
          choices.push_back({Element{Element::Rest, {}, true, false, {}}});
        } else if (word.front() == '<') {
          fail("unknown parameter " + word);
        } else {
          choices.push_back({keyword_element(word)});
        }
      }
      std::vector<Sequence> next;
      for (const auto& v : variants) {
        for (const auto& choice : choices) {
          Sequence s = v;
          s.insert(s.end(), choice.begin(), choice.end());
          next.push_back(std::move(s));
        }
      }
      variants = std::move(next);
    }
  }

  Element keyword_element(std::string word) {
    Element e{Element::Keyword, {}, true, false, {}};
    if (!word.empty() && word.front() == '~') {
      e.typed = false;
      word.erase(0, 1);
    } else if (!word.empty() && word.front() == '=') {
      e.ignored = true;
      word.erase(0, 1);
    }
    if (word.empty() || word != lower(word)) fail("keywords are written in lower case: " + word);
    e.keyword = std::move(word);
    return e;
  }

  std::size_t token_for(const std::string& keyword, bool typed) {
    if (!typed) return 0;
    std::size_t type = type_of_(keyword);
    if (type == 0) fail("the lexer vocabulary has no token for keyword '" + keyword + "'");
    if (std::find(tree_.typed_keywords_.begin(), tree_.typed_keywords_.end(), keyword) ==
        tree_.typed_keywords_.end()) {
      tree_.typed_keywords_.push_back(keyword);
    }
    return type;
  }

  static CommandTree::Keyword* find(std::vector<CommandTree::Keyword>& list,
                                    const std::string& text) {
    for (auto& k : list) {
      if (k.text == text) return &k;
    }
    return nullptr;
  }

  void insert(const Sequence& sequence) {
    CommandTree::Node* node = tree_.root_;
    for (const Element& e : sequence) {
      if (node->tail || node->untyped_rest) fail("nothing may follow a tail");
      switch (e.kind) {
        case Element::Keyword: {
          CommandTree::Keyword* k = find(node->keywords, e.keyword);
          std::size_t type = e.ignored ? token_for(std::string(kIgnoredKeyword), true) : token_for(e.keyword, e.typed);
          if (k == nullptr) {
            node->keywords.push_back({e.keyword, 0, type, tree_.new_node()});
            k = &node->keywords.back();
          } else if (type != 0) {
            k->token_type = type;  // typed anywhere: typed here
          }
          node = k->next;
          break;
        }
        case Element::Number:
          node = child(node->number);
          break;
        case Element::Address:
          node = child(node->address);
          break;
        case Element::Word:
          node = child(node->word);
          break;
        case Element::Rest:
          node->untyped_rest = true;
          break;
        case Element::Tail:
          node->tail = true;
          for (const auto& [word, typed] : e.tail_keywords) {
            if (find(node->tail_keywords, word) == nullptr) {
              node->tail_keywords.push_back({word, 0, token_for(word, typed), nullptr});
            }
          }
          break;
      }
    }
  }

  CommandTree::Node* child(CommandTree::Node*& slot) {
    if (slot == nullptr) slot = tree_.new_node();
    return slot;
  }

  // The shortest prefix of each keyword that none of its siblings starts with.
  static void assign_abbreviations(std::vector<CommandTree::Keyword>& siblings) {
    for (auto& k : siblings) {
      std::size_t needed = 1;
      for (const auto& other : siblings) {
        if (&other == &k) continue;
        std::size_t common = 0;
        while (common < k.text.size() && common < other.text.size() &&
               k.text[common] == other.text[common]) {
          ++common;
        }
        needed = std::max(needed, common + 1);
      }
      k.min_length = std::min(k.text.size(), std::max(needed, kMinAbbreviation));
    }
  }

  CommandTree& tree_;
  const std::function<std::size_t(std::string_view)>& type_of_;
  const std::string* pattern_ = nullptr;
  std::size_t pos_ = 0;
};

CommandTree::Node* CommandTree::new_node() {
  nodes_.push_back(std::make_unique<Node>());
  return nodes_.back().get();
}

std::unique_ptr<CommandTree> CommandTree::build(
    const std::vector<std::string>& patterns,
    const std::function<std::size_t(std::string_view)>& type_of) {
  std::unique_ptr<CommandTree> tree(new CommandTree());
  tree->root_ = tree->new_node();
  PatternCompiler compiler(*tree, type_of);
  for (const auto& p : patterns) compiler.add(p);
  compiler.finish();
  return tree;
}

const CommandTree::Keyword* CommandTree::match(const std::vector<Keyword>& candidates,
                                               std::string_view word) {
  const Keyword* abbreviated = nullptr;
  std::size_t abbreviations = 0;
  for (const auto& k : candidates) {
    if (!is_prefix_ci(word, k.text)) continue;
    if (word.size() == k.text.size()) return &k;
    if (word.size() >= k.min_length) {
      abbreviated = &k;
      ++abbreviations;
    }
  }
  return abbreviations == 1 ? abbreviated : nullptr;
}

const std::vector<std::string>& CommandTree::ios_patterns() {
  static const std::vector<std::string> patterns = {
#include "grammar/command_patterns.inc"
  };
  return patterns;
}

}  // namespace havpnc::grammar
