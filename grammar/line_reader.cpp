#include "grammar/line_reader.h"

#include <algorithm>
#include <string>
#include <unordered_map>

#include "IosLexer.h"

namespace havpnc::grammar {

namespace {

std::size_t token_type_of(std::string_view keyword) {
  static const std::unordered_map<std::string, std::size_t> by_name = [] {
    std::unordered_map<std::string, std::size_t> m;
    const antlr4::dfa::Vocabulary& vocabulary = IosLexer(nullptr).getVocabulary();
    for (std::size_t t = 1; t <= vocabulary.getMaxTokenType(); ++t) {
      m.emplace(vocabulary.getSymbolicName(t), t);
    }
    return m;
  }();
  std::string name = "K_";
  for (char c : keyword) name += (c == '-') ? '_' : static_cast<char>(std::toupper(c));
  auto it = by_name.find(name);
  return it == by_name.end() ? 0 : it->second;
}

bool is_word_like(std::size_t type) {
  return type == IosLexer::WORD || type == IosLexer::UINT || type == IosLexer::IPV4;
}

std::unique_ptr<antlr4::CommonToken> synthetic(std::size_t type, const antlr4::Token& at,
                                               std::size_t start, std::size_t stop,
                                               std::size_t column) {
  auto t = std::make_unique<antlr4::CommonToken>(type);
  t->setLine(at.getLine());
  t->setCharPositionInLine(column);
  t->setStartIndex(start);
  t->setStopIndex(stop);
  t->setText("");
  return t;
}

}  // namespace

const CommandTree& LineReader::command_tree() {
  static const std::unique_ptr<CommandTree> tree =
      CommandTree::build(CommandTree::ios_patterns(), token_type_of);
  return *tree;
}

LineReader::LineReader(antlr4::TokenSource& lexer, const std::u32string& text) : lexer_(lexer), text_(text) {}

bool LineReader::next_line(std::vector<std::unique_ptr<antlr4::Token>>& out,
                           std::vector<std::unique_ptr<antlr4::Token>>* hidden, LineInfo& info) {
  info = LineInfo{};
  const std::size_t begin = out.size();
  for (;;) {  // until a line that is neither blank nor a comment
    if (!read_raw_line(out, hidden)) return false;
    antlr4::Token& first = *out[begin];
    if (first.getType() == IosLexer::WORD && text_[first.getStartIndex()] == U'!') {
      // A `!` comment line: the parser never sees it; its text goes to the comments.
      if (hidden != nullptr) {
        const antlr4::Token& last = *out[out.size() - 2];  // the word before the line break
        auto comment = std::make_unique<antlr4::CommonToken>(&first);
        comment->setType(IosLexer::COMMENT);
        comment->setStopIndex(last.getStopIndex());
        comment->setText(first.getInputStream()->getText(
            antlr4::misc::Interval(first.getStartIndex(), last.getStopIndex())));
        hidden->push_back(std::move(comment));
      }
      out.resize(begin);
      continue;
    }
    break;
  }

  antlr4::Token& first = *out[begin];
  info.empty = false;
  info.line = first.getLine();
  info.first_type = first.getType();
  if (is_word_like(first.getType())) {
    if (first.getCharPositionInLine() > 0) {
      info.indented = true;
      const std::size_t column = first.getCharPositionInLine();
      const std::size_t line_start = first.getStartIndex() - column;
      out.insert(out.begin() + static_cast<std::ptrdiff_t>(begin),
                 synthetic(IosLexer::INDENT, first, line_start, first.getStartIndex() - 1, 0));
    }
    type_keywords(out, begin + (info.indented ? 1 : 0));
    info.first_type = out[begin + (info.indented ? 1 : 0)]->getType();
  }
  return true;
}

bool LineReader::read_raw_line(std::vector<std::unique_ptr<antlr4::Token>>& out,
                               std::vector<std::unique_ptr<antlr4::Token>>* hidden) {
  if (exhausted_) return false;
  const std::size_t begin = out.size();
  for (;;) {
    std::unique_ptr<antlr4::Token> t = lexer_.nextToken();
    const std::size_t type = t->getType();
    if (type == antlr4::Token::EOF) {
      exhausted_ = true;
      if (out.size() == begin) return false;
      // The file's last line has no line break: give the parser the one it expects.
      const antlr4::Token& last = *out.back();
      out.push_back(synthetic(IosLexer::NEWLINE, last, last.getStopIndex() + 1, last.getStopIndex(),
                              last.getCharPositionInLine()));
      return true;
    }
    if (t->getChannel() != antlr4::Token::DEFAULT_CHANNEL) {
      if (hidden != nullptr) hidden->push_back(std::move(t));
      continue;
    }
    if (type == IosLexer::NEWLINE) {
      if (out.size() == begin) continue;  // a blank line: not the parser's business
      out.push_back(std::move(t));
      return true;
    }
    out.push_back(std::move(t));
  }
}

void LineReader::type_keywords(std::vector<std::unique_ptr<antlr4::Token>>& line,
                               std::size_t begin) {
  using Node = CommandTree::Node;
  std::vector<const Node*> active{&command_tree().root()};
  std::vector<const Node*> next;
  for (std::size_t i = begin; i < line.size() && !active.empty(); ++i) {
    auto* token = static_cast<antlr4::CommonToken*>(line[i].get());
    const std::size_t type = token->getType();
    if (type == IosLexer::NEWLINE) break;
    next.clear();

    // IOS prefers a keyword over a parameter wherever both could match.
    std::size_t keyword_type = 0;
    bool matched_keyword = false;
    if (type == IosLexer::WORD) {
      // Keywords are short ASCII words; anything else cannot match one.
      char word[32];
      const std::size_t length = token->getStopIndex() - token->getStartIndex() + 1;
      bool ascii = length < sizeof(word);
      for (std::size_t k = 0; ascii && k < length; ++k) {
        const char32_t c = text_[token->getStartIndex() + k];
        ascii = c < 0x80;
        word[k] = static_cast<char>(c);
      }
      const std::string_view text = ascii ? std::string_view(word, length) : std::string_view();
      for (const Node* node : active) {
        if (node->untyped_rest) continue;
        const auto& candidates = node->tail ? node->tail_keywords : node->keywords;
        if (const CommandTree::Keyword* k = CommandTree::match(candidates, text)) {
          matched_keyword = true;
          if (k->token_type != 0) keyword_type = k->token_type;
          next.push_back(node->tail ? node : k->next);
        }
      }
    }
    if (matched_keyword) {
      if (keyword_type != 0) token->setType(keyword_type);
    } else {
      for (const Node* node : active) {
        if (node->untyped_rest) return;  // the rest of the line is free text
        if (node->tail) {
          next.push_back(node);
          continue;
        }
        if (type == IosLexer::UINT && node->number != nullptr) next.push_back(node->number);
        if (type == IosLexer::IPV4 && node->address != nullptr) next.push_back(node->address);
        if (is_word_like(type) && node->word != nullptr) next.push_back(node->word);
      }
    }
    std::sort(next.begin(), next.end());
    next.erase(std::unique(next.begin(), next.end()), next.end());
    active.swap(next);
  }
}

}  // namespace havpnc::grammar
