#pragma once
// The small, strict YAML subset `.havpnc.yaml` is written in (docs/lint.md, "Project file"):
// block mappings and block sequences by indentation, flow sequences of scalars (`[a, b]`),
// plain, 'single' and "double" quoted scalars, `#` comments. Anything else — anchors, tags,
// multi-line scalars, flow mappings, tabs for indentation, duplicate keys — is an error with
// its line number, never a guess: a lint configuration read wrongly would silently hide
// findings.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace havpnc::lint::yaml {

struct MapEntry;

struct Node {
  enum class Kind { Scalar, Map, Seq } kind = Kind::Scalar;
  std::string scalar;
  std::vector<MapEntry> map;  // in file order
  std::vector<Node> seq;
  int line = 0;

  const Node* find(std::string_view key) const;
};

struct MapEntry {
  std::string key;
  Node value;
};

struct ParseError {
  int line = 0;
  std::string message;
};

struct ParseResult {
  std::optional<Node> root;  // a Map; absent on error
  std::optional<ParseError> error;
};

ParseResult parse(std::string_view text);

}  // namespace havpnc::lint::yaml
