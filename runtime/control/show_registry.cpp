#include "runtime/control/show_registry.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace havpnc::control {

struct ShowRegistry::Node {
  std::map<std::string, std::unique_ptr<Node>> children;
  const ShowCommand* command = nullptr;
};

namespace {

struct Token {
  std::string text;  // lower-cased
  std::size_t column = 0;
  std::size_t end = 0;
};

std::vector<Token> tokenize(std::string_view line) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (i >= line.size()) break;
    Token t;
    t.column = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t')
      t.text.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(line[i++]))));
    t.end = i;
    tokens.push_back(std::move(t));
  }
  return tokens;
}

bool valid_word(std::string_view word) {
  return !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string invalid_input(std::string_view line, std::size_t column) {
  return std::string(line) + "\n" + std::string(column, ' ') +
         "^\n% Invalid input detected at '^' marker.";
}

ShowRegistry::ShowRegistry() : root_(std::make_unique<Node>()) {}
ShowRegistry::~ShowRegistry() = default;

void ShowRegistry::add(ShowCommand command) {
  const auto tokens = tokenize(command.words);
  if (tokens.empty()) throw std::invalid_argument("show command without words");
  if (!command.text) throw std::invalid_argument("show command without a text form: " + command.words);
  std::string canonical;
  for (const auto& t : tokens) {
    if (!valid_word(t.text) || t.text != command.words.substr(t.column, t.end - t.column))
      throw std::invalid_argument("show command word must be lower-case [a-z0-9-]: " + t.text);
    canonical += (canonical.empty() ? "" : " ") + t.text;
  }
  if (commands_.count(canonical)) throw std::invalid_argument("duplicate show command: " + canonical);
  command.words = canonical;
  const ShowCommand* stored = &commands_.emplace(canonical, std::move(command)).first->second;
  Node* node = root_.get();
  for (const auto& t : tokens) {
    auto& child = node->children[t.text];
    if (!child) child = std::make_unique<Node>();
    node = child.get();
  }
  node->command = stored;
}

ShowRegistry::Match ShowRegistry::match(std::string_view line) const {
  const auto tokens = tokenize(line);
  if (tokens.empty()) return {nullptr, "% Incomplete command."};
  const Node* node = root_.get();
  for (const Token& t : tokens) {
    auto exact = node->children.find(t.text);
    if (exact != node->children.end()) {
      node = exact->second.get();
      continue;
    }
    const Node* only = nullptr;
    std::size_t candidates = 0;
    for (auto it = node->children.lower_bound(t.text);
         it != node->children.end() && it->first.compare(0, t.text.size(), t.text) == 0; ++it) {
      ++candidates;
      only = it->second.get();
    }
    if (candidates == 0) return {nullptr, invalid_input(line, t.column)};
    if (candidates > 1)
      return {nullptr, "% Ambiguous command: \"" + std::string(trim(line.substr(0, t.end))) + "\""};
    node = only;
  }
  if (node->command == nullptr) return {nullptr, "% Incomplete command."};
  return {node->command, {}};
}

ShowReply ShowRegistry::execute(std::string_view line, Format format) const {
  const Match m = match(line);
  if (!m.command) return {false, m.error};
  try {
    if (format == Format::Json) {
      if (!m.command->json) return {false, "% JSON output is not available for \"" + m.command->words + "\""};
      return {true, m.command->json().dump(2) + "\n"};
    }
    return {true, m.command->text()};
  } catch (const std::exception& e) {
    return {false, "% Internal error in \"" + m.command->words + "\": " + e.what()};
  }
}

std::vector<const ShowCommand*> ShowRegistry::commands() const {
  std::vector<const ShowCommand*> out;
  for (const auto& [words, command] : commands_) out.push_back(&command);
  return out;
}

}  // namespace havpnc::control
