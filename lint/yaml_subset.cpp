#include "lint/yaml_subset.h"

#include <set>

namespace havpnc::lint::yaml {

const Node* Node::find(std::string_view key) const {
  for (const auto& [k, v] : map) {
    if (k == key) return &v;
  }
  return nullptr;
}

namespace {

struct Line {
  int number = 0;
  int indent = 0;
  std::string text;  // without indentation and comment, right-trimmed
};

struct Failure {
  ParseError error;
};

[[noreturn]] void fail(int line, std::string message) { throw Failure{{line, std::move(message)}}; }

std::string rtrim(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.pop_back();
  return s;
}

// Strips a `#` comment that starts a line or follows whitespace, outside quotes.
std::string strip_comment(const std::string& s, int line) {
  char quote = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (quote != 0) {
      if (quote == '"' && c == '\\') {
        ++i;
      } else if (c == quote) {
        if (quote == '\'' && i + 1 < s.size() && s[i + 1] == '\'') {
          ++i;
        } else {
          quote = 0;
        }
      }
      continue;
    }
    if (c == '"' || c == '\'') {
      if (i == 0 || s[i - 1] == ' ' || s[i - 1] == '[' || s[i - 1] == ',' || s[i - 1] == '-' || s[i - 1] == ':') quote = c;
    } else if (c == '#' && (i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t')) {
      return s.substr(0, i);
    }
  }
  if (quote != 0) fail(line, "unterminated quoted string");
  return s;
}

std::vector<Line> split_lines(std::string_view text) {
  std::vector<Line> out;
  int number = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t nl = text.find('\n', pos);
    std::string raw(text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos));
    ++number;
    pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
    std::size_t indent = 0;
    while (indent < raw.size() && raw[indent] == ' ') ++indent;
    if (indent < raw.size() && raw[indent] == '\t') fail(number, "tab used for indentation (use spaces)");
    std::string body = rtrim(strip_comment(raw.substr(indent), number));
    if (body.empty()) continue;
    if (number == 1 && body == "---") continue;
    if (body == "---" || body == "...") fail(number, "multiple YAML documents are not supported");
    out.push_back({number, static_cast<int>(indent), body});
  }
  return out;
}

std::string unquote(std::string_view s, int line) {
  if (s.empty()) return {};
  if (s.front() == '"') {
    if (s.size() < 2 || s.back() != '"') fail(line, "unterminated double-quoted string");
    std::string out;
    for (std::size_t i = 1; i + 1 < s.size(); ++i) {
      char c = s[i];
      if (c == '\\') {
        if (i + 2 >= s.size()) fail(line, "dangling backslash in string");
        char e = s[++i];
        switch (e) {
          case '\\': out += '\\'; break;
          case '"': out += '"'; break;
          case 'n': out += '\n'; break;
          case 't': out += '\t'; break;
          default: fail(line, std::string("unsupported escape \\") + e);
        }
      } else if (c == '"') {
        fail(line, "text after the closing quote");
      } else {
        out += c;
      }
    }
    return out;
  }
  if (s.front() == '\'') {
    if (s.size() < 2 || s.back() != '\'') fail(line, "unterminated single-quoted string");
    std::string out;
    for (std::size_t i = 1; i + 1 < s.size(); ++i) {
      if (s[i] == '\'') {
        if (i + 2 < s.size() && s[i + 1] == '\'') {
          out += '\'';
          ++i;
        } else {
          fail(line, "text after the closing quote");
        }
      } else {
        out += s[i];
      }
    }
    return out;
  }
  static const std::string kReserved = "&*!|>%@`{";
  if (kReserved.find(s.front()) != std::string::npos) {
    fail(line, std::string("'") + s.front() + "' (anchors, aliases, tags, block or flow mappings) is not supported");
  }
  return std::string(s);
}

Node scalar(std::string_view s, int line) {
  Node n;
  n.kind = Node::Kind::Scalar;
  n.line = line;
  if (!s.empty() && s.front() == '[') {
    if (s.back() != ']') fail(line, "flow sequence without closing ']'");
    n.kind = Node::Kind::Seq;
    std::string_view inner = s.substr(1, s.size() - 2);
    // Split on commas outside quotes.
    std::size_t start = 0;
    char quote = 0;
    for (std::size_t i = 0; i <= inner.size(); ++i) {
      if (i < inner.size() && quote != 0) {
        if (inner[i] == quote) quote = 0;
        continue;
      }
      if (i < inner.size() && (inner[i] == '"' || inner[i] == '\'')) {
        quote = inner[i];
        continue;
      }
      if (i == inner.size() || inner[i] == ',') {
        std::string item(inner.substr(start, i - start));
        std::size_t a = item.find_first_not_of(' ');
        std::size_t b = item.find_last_not_of(' ');
        item = a == std::string::npos ? std::string() : item.substr(a, b - a + 1);
        if (item.empty()) {
          if (i == inner.size() && n.seq.empty() && inner.find_first_not_of(' ') == std::string_view::npos) break;
          fail(line, "empty item in flow sequence");
        }
        if (item.front() == '[') fail(line, "nested flow sequences are not supported");
        n.seq.push_back(scalar(item, line));
        start = i + 1;
      }
    }
    return n;
  }
  n.scalar = unquote(s, line);
  return n;
}

// "key: value" → key, value (value may be empty). The key is plain or quoted.
std::optional<std::pair<std::string, std::string>> split_key(const std::string& text, int line) {
  std::size_t colon = std::string::npos;
  if (!text.empty() && (text.front() == '"' || text.front() == '\'')) {
    std::size_t close = text.find(text.front(), 1);
    if (close == std::string::npos) fail(line, "unterminated quoted key");
    if (close + 1 < text.size() && text[close + 1] == ':') colon = close + 1;
  } else {
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == ':' && (i + 1 == text.size() || text[i + 1] == ' ')) {
        colon = i;
        break;
      }
    }
  }
  if (colon == std::string::npos) return std::nullopt;
  std::string key = unquote(rtrim(text.substr(0, colon)), line);
  std::string value = text.substr(colon + 1);
  std::size_t a = value.find_first_not_of(' ');
  value = a == std::string::npos ? std::string() : value.substr(a);
  if (key.empty()) fail(line, "empty key");
  return std::pair{key, value};
}

class Parser {
 public:
  explicit Parser(std::vector<Line> lines) : lines_(std::move(lines)) {}

  Node document() {
    if (lines_.empty()) {
      Node empty;
      empty.kind = Node::Kind::Map;
      return empty;
    }
    if (lines_[0].indent != 0) fail(lines_[0].number, "the document must start at column 1");
    Node root = block(0);
    if (pos_ < lines_.size()) fail(lines_[pos_].number, "unexpected indentation");
    if (root.kind != Node::Kind::Map) fail(root.line, "the project file must be a mapping of keys");
    return root;
  }

 private:
  // A block node whose lines are all at exactly `indent`.
  Node block(int indent) {
    const Line& first = lines_[pos_];
    if (first.text == "-" || first.text.rfind("- ", 0) == 0) return sequence(indent);
    return mapping(indent);
  }

  Node mapping(int indent) {
    Node n;
    n.kind = Node::Kind::Map;
    n.line = lines_[pos_].number;
    std::set<std::string> keys;
    while (pos_ < lines_.size() && lines_[pos_].indent == indent) {
      const Line& l = lines_[pos_];
      if (l.text == "-" || l.text.rfind("- ", 0) == 0) fail(l.number, "a sequence item where a key was expected");
      auto kv = split_key(l.text, l.number);
      if (!kv) fail(l.number, "expected `key: value`");
      if (!keys.insert(kv->first).second) fail(l.number, "duplicate key '" + kv->first + "'");
      ++pos_;
      n.map.push_back({kv->first, value_after(kv->second, indent, l.number)});
    }
    return n;
  }

  // The value of `key:` or `- `: inline when present, else the deeper block that follows.
  // YAML lets a block sequence under a key sit at the key's own indentation.
  Node value_after(const std::string& inline_value, int indent, int line) {
    if (!inline_value.empty()) {
      if (pos_ < lines_.size() && lines_[pos_].indent > indent) {
        fail(lines_[pos_].number, "multi-line values are not supported");
      }
      return scalar(inline_value, line);
    }
    if (pos_ < lines_.size() && lines_[pos_].indent > indent) return block(lines_[pos_].indent);
    if (pos_ < lines_.size() && lines_[pos_].indent == indent &&
        (lines_[pos_].text == "-" || lines_[pos_].text.rfind("- ", 0) == 0)) {
      return sequence(indent);
    }
    Node empty;
    empty.line = line;
    return empty;  // `key:` alone is an empty scalar (null)
  }

  Node sequence(int indent) {
    Node n;
    n.kind = Node::Kind::Seq;
    n.line = lines_[pos_].number;
    while (pos_ < lines_.size() && lines_[pos_].indent == indent &&
           (lines_[pos_].text == "-" || lines_[pos_].text.rfind("- ", 0) == 0)) {
      Line& l = lines_[pos_];
      std::string rest = l.text == "-" ? std::string() : l.text.substr(2);
      std::size_t a = rest.find_first_not_of(' ');
      int item_indent = indent + 2 + (a == std::string::npos ? 0 : static_cast<int>(a));
      rest = a == std::string::npos ? std::string() : rest.substr(a);
      if (rest.empty()) {
        ++pos_;
        if (pos_ < lines_.size() && lines_[pos_].indent > indent) {
          n.seq.push_back(block(lines_[pos_].indent));
        } else {
          fail(l.number, "empty sequence item");
        }
        continue;
      }
      if (split_key(rest, l.number) && rest.front() != '[') {
        // `- key: value` opens a mapping whose further keys align with `key`.
        l.text = rest;
        l.indent = item_indent;
        n.seq.push_back(mapping(item_indent));
        continue;
      }
      ++pos_;
      if (pos_ < lines_.size() && lines_[pos_].indent > indent) {
        fail(lines_[pos_].number, "multi-line values are not supported");
      }
      n.seq.push_back(scalar(rest, l.number));
    }
    if (pos_ < lines_.size() && lines_[pos_].indent > indent) fail(lines_[pos_].number, "unexpected indentation");
    return n;
  }

  std::vector<Line> lines_;
  std::size_t pos_ = 0;
};

}  // namespace

ParseResult parse(std::string_view text) {
  ParseResult result;
  try {
    Parser parser(split_lines(text));
    result.root = parser.document();
  } catch (const Failure& f) {
    result.error = f.error;
  }
  return result;
}

}  // namespace havpnc::lint::yaml
