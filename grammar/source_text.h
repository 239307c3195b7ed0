#pragma once
// Turns the bytes of a config file into text the lexer can read, without ever refusing a
// real-world file: IOS banners and descriptions sometimes hold Latin-1 or broken UTF-8, so
// invalid sequences become U+FFFD and are reported with their line and column instead of
// aborting the parse (ANTLR's own UTF-8 loader throws on them). A lone CR becomes LF so
// that line numbers stay right in files with classic Mac line ends.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "antlr4-runtime.h"

namespace havpnc::grammar {

struct DecodeIssue {
  std::uint32_t line;
  std::uint32_t column;  // 1-based, in characters
};

struct DecodedText {
  std::u32string text;
  std::vector<DecodeIssue> invalid_utf8;  // the first few only: one per line is enough to fix it
  std::uint64_t invalid_utf8_count = 0;
};

DecodedText decode_utf8_lenient(std::string_view bytes);

// "Not text": NUL bytes or mostly control characters in the first 64 KiB, as `file` judges.
bool looks_binary(std::string_view bytes);

// An ANTLR char stream over text we decoded ourselves.
class Utf32Stream : public antlr4::ANTLRInputStream {
 public:
  Utf32Stream(std::u32string text, std::string source_name);
  std::string getSourceName() const override { return source_name_; }
  // Token and rule text. ASCII (nearly every config) is narrowed in one pass; anything else
  // goes through ANTLR's UTF-32 → UTF-8 conversion, which first copies the substring.
  std::string getText(const antlr4::misc::Interval& interval) override;
  const std::u32string& text() const { return _data; }

 private:
  std::string source_name_;
};

}  // namespace havpnc::grammar
