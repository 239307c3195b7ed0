#pragma once
// IOS show commands by their words, matched the way the IOS parser matches them: each word
// may be abbreviated to any unique prefix (`sh standby br`), an exact word wins over longer
// ones that share its prefix, an ambiguous prefix is refused (`% Ambiguous command: "sh s"`),
// an unknown word is marked with a caret under where it starts, and a command that stops
// short is `% Incomplete command.` Components register their commands at start; handlers run
// on the io_context thread, so they may read component state without locks.
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace havpnc::control {

enum class Format : std::uint8_t { Text, Json };

struct ShowReply {
  bool ok = true;
  std::string body;  // IOS text, a JSON document, or an IOS-style error ("% ...")
};

struct ShowCommand {
  std::string words;  // canonical, lower case: "show standby brief"
  std::string help;   // one line, for `havpnc show --list`
  std::function<std::string()> text;
  std::function<nlohmann::json()> json;  // may be empty: no JSON form
};

class ShowRegistry {
 public:
  ShowRegistry();
  ~ShowRegistry();
  ShowRegistry(const ShowRegistry&) = delete;
  ShowRegistry& operator=(const ShowRegistry&) = delete;

  // Throws std::invalid_argument for empty or duplicate word lists, words that are not
  // lower-case [a-z0-9-], or a command without a text handler: registration is our code.
  void add(ShowCommand command);

  struct Match {
    const ShowCommand* command = nullptr;  // set when the line names exactly one command
    std::string error;                     // the IOS-style message otherwise
  };
  Match match(std::string_view line) const;

  // match() + run the handler; a handler that throws becomes an error reply.
  ShowReply execute(std::string_view line, Format format) const;

  std::vector<const ShowCommand*> commands() const;  // sorted by words

 private:
  struct Node;
  std::unique_ptr<Node> root_;
  std::map<std::string, ShowCommand> commands_;
};

// IOS's caret report: the line, a caret under column `column` (0-based), the message.
std::string invalid_input(std::string_view line, std::size_t column);

}  // namespace havpnc::control
