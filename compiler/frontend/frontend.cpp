#include "compiler/frontend/frontend.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <type_traits>

#include "compiler/frontend/line_accounting.h"
#include "IosLexer.h"
#include "compiler/frontend/model_builder.h"
#include "compiler/frontend/tree.h"
#include "compiler/model/redact.h"
#include "grammar/config_parser.h"
#include "grammar/source_text.h"

namespace havpnc::frontend {

namespace {

template <typename Method>
struct MemberClass;
template <typename C, typename R, typename... A>
struct MemberClass<R (C::*)(A...)> {
  using type = C;
};

model::Diagnostic file_diagnostic(model::FileId file, std::string rule, model::Severity severity,
                                  std::string message, std::uint32_t line = 0, std::uint32_t col = 0) {
  model::SourceRange at{file, line, col, line, col};
  return {std::move(rule), severity, std::move(message), at, {}};
}

model::Device failed(model::Device device, std::string message) {
  device.status = model::ParseStatus::Failed;
  device.diagnostics.push_back(
      file_diagnostic(device.file, "input-unreadable", model::Severity::Error, std::move(message)));
  return device;
}

// Rules whose contexts the builder has no enter/exit method for: the generated enterRule
// and exitRule would only dynamic_cast the listener and call an empty base method, twice
// per context, and these are most contexts of an ACL or interface line. The asserts fail
// to compile the day ModelBuilder starts handling one of them (its override changes the
// member pointer's class), so a new handler is never silently skipped.
template <typename Method>
constexpr bool from_base_listener = std::is_same_v<typename MemberClass<Method>::type, grammar::IosParserBaseListener>;
#define HAVPNC_NOT_HANDLED(Ctx)                                                    \
  static_assert(from_base_listener<decltype(&ModelBuilder::enter##Ctx)>);          \
  static_assert(from_base_listener<decltype(&ModelBuilder::exit##Ctx)>)
HAVPNC_NOT_HANDLED(Statement);
HAVPNC_NOT_HANDLED(Name);
HAVPNC_NOT_HANDLED(Rest);
HAVPNC_NOT_HANDLED(AclExtended);
HAVPNC_NOT_HANDLED(AclStandard);
HAVPNC_NOT_HANDLED(AclRemark);
HAVPNC_NOT_HANDLED(Acl_address);
HAVPNC_NOT_HANDLED(Acl_port);
HAVPNC_NOT_HANDLED(Acl_option);
HAVPNC_NOT_HANDLED(Interface_child);
#undef HAVPNC_NOT_HANDLED
// ... and the check does see an override:
static_assert(!from_base_listener<decltype(&ModelBuilder::enterAcl_child)>);

bool has_handler(std::size_t rule) {
  using P = grammar::IosParser;
  switch (rule) {
    case P::RuleStatement:
    case P::RuleName:
    case P::RuleRest:
    case P::RuleAcl_entry:
    case P::RuleAcl_address:
    case P::RuleAcl_port:
    case P::RuleAcl_option:
    case P::RuleInterface_child:
      return false;
    default:
      return true;
  }
}

// One walk per tree: the builder reads values, the accountant classifies each line by the
// rule its NEWLINE ends. Contexts that caught a syntax error belong to a given-up line and
// are skipped whole; their lines reach the accountant as errors.
void walk(antlr4::ParserRuleContext* ctx, ModelBuilder& builder, LineAccountant& lines) {
  if (ctx->exception != nullptr) return;
  const bool handled = has_handler(ctx->getRuleIndex());
  if (handled) ctx->enterRule(&builder);
  for (antlr4::tree::ParseTree* child : ctx->children) {
    if (!is_terminal(child)) {
      walk(static_cast<antlr4::ParserRuleContext*>(child), builder, lines);
      continue;
    }
    const antlr4::Token* token = static_cast<antlr4::tree::TerminalNode*>(child)->getSymbol();
    if (token->getType() == grammar::IosLexer::NEWLINE) lines.on_line_end(ctx, token);
  }
  if (handled) ctx->exitRule(&builder);
}

model::Device parse_decoded(model::Device device, std::u32string text) {
  grammar::ConfigParser parser(std::move(text), device.path);
  LineAccountant lines(parser.text());
  ModelBuilder builder(device, parser);
  while (const auto* trees = parser.next_chunk()) {
    for (antlr4::ParserRuleContext* tree : *trees) walk(tree, builder, lines);
    lines.add_errors(parser.errors());
    for (const auto& c : parser.comments()) {
      device.comments.push_back({{device.file, static_cast<std::uint32_t>(c.line),
                                  static_cast<std::uint32_t>(c.column), static_cast<std::uint32_t>(c.line),
                                  static_cast<std::uint32_t>(c.column + c.text.size() - 1)},
                                 c.text});
    }
  }
  builder.finish();

  std::vector<std::uint32_t> unrecognized;
  std::uint64_t unaccounted = 0;
  device.lines = lines.finish(&unrecognized, &unaccounted);
  for (std::uint32_t line : unrecognized) {
    auto [begin, end] = lines.line_span(line);
    model::UnrecognizedLine u;
    u.text = model::redact_secrets(parser.text_of_chars(begin, end));
    std::size_t first = u.text.find_first_not_of(" \t");
    std::size_t last = u.text.find_last_not_of(" \t");
    u.range = {device.file, line, static_cast<std::uint32_t>(first == std::string::npos ? 1 : first + 1), line,
               static_cast<std::uint32_t>(last == std::string::npos ? 1 : last + 1)};
    device.unrecognized.push_back(std::move(u));
  }
  if (unaccounted != 0) {
    device.diagnostics.push_back(file_diagnostic(
        device.file, "internal-unaccounted-lines", model::Severity::Warning,
        std::to_string(unaccounted) + " lines were not classified by the grammar (reported as unrecognized)"));
  }
  device.status = device.lines.unrecognized == 0 ? model::ParseStatus::Passed
                                                 : model::ParseStatus::PartiallyUnrecognized;
  return device;
}

// `owner`, when given, holds `bytes` and is released once decoded: a large config is then
// in memory once as UTF-32 (what ANTLR reads), not also as UTF-8.
model::Device parse_bytes(model::Device device, std::string_view bytes, std::string* owner) {
  if (grammar::looks_binary(bytes)) {
    return failed(std::move(device), device.path + ": not a text file (binary content)");
  }
  const bool empty = bytes.empty();
  grammar::DecodedText decoded = grammar::decode_utf8_lenient(bytes);
  if (owner != nullptr) std::string().swap(*owner);
  for (const auto& issue : decoded.invalid_utf8) {
    device.diagnostics.push_back(file_diagnostic(device.file, "input-encoding", model::Severity::Warning,
                                                 "invalid UTF-8 (read as U+FFFD)", issue.line, issue.column));
  }
  if (empty) {
    device.diagnostics.push_back(
        file_diagnostic(device.file, "input-empty", model::Severity::Info, device.path + ": the file is empty"));
  }
  return parse_decoded(std::move(device), std::move(decoded.text));
}

}  // namespace

model::Device parse_text(std::string_view bytes, const std::string& path, model::FileId file) {
  model::Device device;
  device.file = file;
  device.path = path;
  return parse_bytes(std::move(device), bytes, nullptr);
}

model::Device parse_file(const std::string& path, model::SourceFiles& files, const ParseOptions& options) {
  model::Device device;
  device.file = files.add(path);
  device.path = path;
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    const int error_number = errno;  // before any string is built
    return failed(std::move(device), path + ": cannot open: " + std::strerror(error_number));
  }
  if (S_ISDIR(st.st_mode)) return failed(std::move(device), path + ": is a directory, not a config file");
  if (!S_ISREG(st.st_mode)) return failed(std::move(device), path + ": not a regular file");
  if (static_cast<std::uint64_t>(st.st_size) > options.max_file_bytes) {
    return failed(std::move(device), path + ": " + std::to_string(st.st_size) + " bytes is larger than the " +
                                         std::to_string(options.max_file_bytes) + "-byte limit");
  }
  std::string bytes(static_cast<std::size_t>(st.st_size), '\0');
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int error_number = errno;
    return failed(std::move(device), path + ": cannot open: " + std::strerror(error_number));
  }
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (in.gcount() != static_cast<std::streamsize>(bytes.size())) {
    return failed(std::move(device), path + ": read error (the file changed while being read?)");
  }
  return parse_bytes(std::move(device), bytes, &bytes);
}

}  // namespace havpnc::frontend
