#pragma once
// Reads typed values out of parse-tree tokens: positions, numbers with IOS ranges, IPv4
// addresses and masks. An out-of-range or malformed value becomes a `syntax-invalid`
// diagnostic at the token and the caller gets nullopt — never a silent default.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "antlr4-runtime.h"
#include "compiler/model/device.h"

namespace havpnc::frontend {

class ValueReader {
 public:
  ValueReader(model::FileId file, std::vector<model::Diagnostic>& diagnostics)
      : file_(file), diagnostics_(diagnostics) {}

  model::SourceRange range(const antlr4::Token* token) const;
  // From the first token of `ctx` to the last one before its end of line.
  model::SourceRange range(const antlr4::ParserRuleContext* ctx) const;
  model::SourceRange range(const antlr4::Token* first, const antlr4::Token* last) const;

  std::optional<model::Located<std::uint32_t>> number(const antlr4::Token* token,
                                                      std::uint64_t min, std::uint64_t max,
                                                      const char* what);
  std::optional<model::Located<model::Ipv4>> address(const antlr4::Token* token, const char* what);
  // A subnet mask: contiguous ones (255.255.255.0).
  std::optional<model::Located<int>> mask(const antlr4::Token* token, const char* what);
  // An ACL wildcard: contiguous zeros then ones (0.0.0.255). IOS accepts discontiguous
  // wildcards in ACLs, so this only checks the address form.
  std::optional<model::Located<model::Ipv4>> wildcard(const antlr4::Token* token);

  void invalid(const model::SourceRange& at, std::string message);

  static std::string text(const antlr4::Token* token);

 private:
  model::FileId file_;
  std::vector<model::Diagnostic>& diagnostics_;
};

}  // namespace havpnc::frontend
