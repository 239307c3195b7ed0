#include "grammar/source_text.h"

#include <algorithm>

namespace havpnc::grammar {

namespace {
constexpr char32_t kReplacement = 0xFFFD;
constexpr std::size_t kMaxReportedIssues = 16;
}  // namespace

DecodedText decode_utf8_lenient(std::string_view bytes) {
  DecodedText out;
  out.text.reserve(bytes.size());
  std::uint32_t line = 1, column = 1;
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t n = bytes.size();
  std::size_t i = 0;
  auto bad = [&] {
    if (out.invalid_utf8.size() < kMaxReportedIssues &&
        (out.invalid_utf8.empty() || out.invalid_utf8.back().line != line)) {
      out.invalid_utf8.push_back({line, column});
    }
    ++out.invalid_utf8_count;
    out.text.push_back(kReplacement);
    ++column;
    ++i;
  };
  while (i < n) {
    unsigned char c = p[i];
    if (c < 0x80) {
      // A lone CR (classic Mac line ends) becomes LF: ANTLR counts lines and columns by LF.
      if (c == '\r' && (i + 1 >= n || p[i + 1] != '\n')) c = '\n';
      out.text.push_back(c);
      ++i;
      if (c == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
      continue;
    }
    std::size_t len;
    char32_t cp;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      bad();
      continue;
    }
    if (i + len > n) {
      bad();
      continue;
    }
    bool ok = true;
    for (std::size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) {
        ok = false;
        break;
      }
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are invalid UTF-8 (RFC 3629 §3).
    static constexpr char32_t kMinForLength[] = {0, 0, 0x80, 0x800, 0x10000};
    if (!ok || cp < kMinForLength[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      bad();
      continue;
    }
    out.text.push_back(cp);
    i += len;
    ++column;
  }
  return out;
}

bool looks_binary(std::string_view bytes) {
  const std::size_t n = std::min<std::size_t>(bytes.size(), 64 * 1024);
  std::size_t control = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    if (c == 0) return true;
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != 0x03 /* ^C */) {
      ++control;
    }
  }
  return n > 0 && control * 10 > n;  // more than 10% control characters
}

Utf32Stream::Utf32Stream(std::u32string text, std::string source_name)
    : source_name_(std::move(source_name)) {
  _data = std::move(text);
  p = 0;
}

std::string Utf32Stream::getText(const antlr4::misc::Interval& interval) {
  if (interval.a < 0 || interval.b < interval.a || static_cast<std::size_t>(interval.b) >= _data.size()) {
    return ANTLRInputStream::getText(interval);
  }
  const char32_t* begin = _data.data() + interval.a;
  const char32_t* end = _data.data() + interval.b + 1;
  std::string out(static_cast<std::size_t>(end - begin), '\0');
  for (std::size_t i = 0; begin + i != end; ++i) {
    if (begin[i] >= 0x80) return ANTLRInputStream::getText(interval);
    out[i] = static_cast<char>(begin[i]);
  }
  return out;
}

}  // namespace havpnc::grammar
