#include "grammar/line_lexer.h"

#include "IosLexer.h"

namespace havpnc::grammar {

namespace {

bool blank(char32_t c) { return c == U' ' || c == U'\t'; }
bool line_break(char32_t c) { return c == U'\r' || c == U'\n'; }
bool digit(char32_t c) { return c >= U'0' && c <= U'9'; }
bool banner_kind_char(char32_t c) { return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') || c == U'-'; }

// DIGITS '.' DIGITS '.' DIGITS '.' DIGITS over exactly [begin, end).
bool ipv4(const std::u32string& s, std::size_t begin, std::size_t end) {
  std::size_t i = begin;
  for (int part = 0; part < 4; ++part) {
    if (part > 0) {
      if (i >= end || s[i] != U'.') return false;
      ++i;
    }
    const std::size_t first = i;
    while (i < end && digit(s[i])) ++i;
    if (i == first) return false;
  }
  return i == end;
}

}  // namespace

LineLexer::LineLexer(Utf32Stream& input) : input_(input), text_(input.text()) {}

antlr4::TokenFactory<antlr4::CommonToken>* LineLexer::getTokenFactory() {
  return antlr4::CommonTokenFactory::DEFAULT.get();
}

bool LineLexer::at_line_start(std::size_t token_start) const {
  for (std::size_t i = token_start; i > 0; --i) {
    const char32_t c = text_[i - 1];
    if (line_break(c)) return true;
    if (!blank(c)) return false;
  }
  return true;
}

bool LineLexer::at_banner_delimiter(std::size_t i) const {
  if (banner_delimiter_.empty()) return false;
  for (std::size_t k = 0; k < banner_delimiter_.size(); ++k) {
    if (!in_range(i + k) || text_[i + k] != static_cast<unsigned char>(banner_delimiter_[k])) return false;
  }
  return true;
}

void LineLexer::advance_to(std::size_t end) {
  for (; pos_ < end; ++pos_) {
    if (text_[pos_] == U'\n') {
      ++line_;
      column_ = 0;
    } else {
      ++column_;
    }
  }
}

std::unique_ptr<antlr4::Token> LineLexer::make(std::size_t type, std::size_t start, std::size_t line,
                                               std::size_t column) {
  auto t = std::make_unique<antlr4::CommonToken>(std::make_pair(static_cast<antlr4::TokenSource*>(this),
                                                                static_cast<antlr4::CharStream*>(&input_)),
                                                 type, antlr4::Token::DEFAULT_CHANNEL, start, pos_ - 1);
  t->setLine(line);
  t->setCharPositionInLine(column);
  return t;
}

std::size_t LineLexer::lex_default(std::size_t& type, Mode& next_mode) {
  const std::size_t p = pos_;
  const char32_t c = text_[p];
  if (blank(c)) {
    std::size_t e = p;
    while (in_range(e) && blank(text_[e])) ++e;
    type = 0;
    return e - p;
  }
  if (c == U'\n') {
    type = IosLexer::NEWLINE;
    return 1;
  }
  if (c == U'\r') {
    type = IosLexer::NEWLINE;
    return at(p + 1) == U'\n' ? 2 : 1;
  }
  // WORD is the longest run of non-blanks; IPV4 and UINT win a tie by rule order.
  std::size_t e = p;
  while (in_range(e) && !blank(text_[e]) && !line_break(text_[e])) ++e;
  const std::size_t word = e - p;
  type = IosLexer::WORD;
  std::size_t length = word;
  if (ipv4(text_, p, e)) {
    type = IosLexer::IPV4;
  } else {
    std::size_t d = p;
    while (d < e && digit(text_[d])) ++d;
    if (d == e) type = IosLexer::UINT;
  }

  // `banner KIND` and `certificate ...` at the start of a line are longer than the word and
  // so win; they only compete when their keyword is the whole word or is followed by a blank.
  static constexpr char32_t kBanner[] = U"banner";
  static constexpr char32_t kCertificate[] = U"certificate";
  auto starts_with = [&](const char32_t* keyword, std::size_t n) {
    if (p + n > text_.size()) return false;
    for (std::size_t k = 0; k < n; ++k) {
      if (text_[p + k] != keyword[k]) return false;
    }
    return true;
  };
  if (c == U'b' && starts_with(kBanner, 6) && blank(at(p + 6)) && in_range(p + 6)) {
    std::size_t i = p + 6;
    while (in_range(i) && blank(text_[i])) ++i;
    const std::size_t kind = i;
    while (in_range(i) && banner_kind_char(text_[i])) ++i;
    if (i > kind && at_line_start(p)) {
      while (in_range(i) && blank(text_[i])) ++i;
      type = IosLexer::BANNER_START;
      next_mode = Mode::BannerDelimiter;
      return i - p;
    }
  }
  if (c == U'c' && starts_with(kCertificate, 11) && (word == 11 || blank(at(p + 11))) && at_line_start(p)) {
    std::size_t i = p + 11;
    if (in_range(i) && blank(text_[i])) {
      while (in_range(i) && !line_break(text_[i])) ++i;
    }
    type = IosLexer::CERTIFICATE_START;
    next_mode = Mode::Certificate;
    return i - p;
  }
  return length;
}

std::unique_ptr<antlr4::Token> LineLexer::nextToken() {
  for (;;) {
    const std::size_t start = pos_;
    const std::size_t line = line_;
    const std::size_t column = column_;
    if (!in_range(pos_)) {
      // Lexer::emitEOF: an empty token at the end, stop one before start.
      auto t = std::make_unique<antlr4::CommonToken>(std::make_pair(static_cast<antlr4::TokenSource*>(this),
                                                                    static_cast<antlr4::CharStream*>(&input_)),
                                                     antlr4::Token::EOF, antlr4::Token::DEFAULT_CHANNEL, pos_,
                                                     pos_ - 1);
      t->setLine(line);
      t->setCharPositionInLine(column);
      return t;
    }
    const char32_t c = text_[pos_];
    switch (mode_) {
      case Mode::Default: {
        std::size_t type = 0;
        Mode next_mode = Mode::Default;
        const std::size_t length = lex_default(type, next_mode);
        advance_to(start + length);
        if (type == 0) continue;  // BLANK -> skip
        mode_ = next_mode;
        return make(type, start, line, column);
      }
      case Mode::BannerDelimiter: {
        if (c == U'\n' || (c == U'\r' && at(pos_ + 1) == U'\n')) {
          // BANNER_MISSING_DELIMITER -> type(NEWLINE), popMode
          advance_to(start + (c == U'\r' ? 2 : 1));
          banner_delimiter_.clear();
          mode_ = Mode::Default;
          return make(IosLexer::NEWLINE, start, line, column);
        }
        if (c == U'\r') {
          // A lone CR: ANTLR gives up on it and the character after it, and stays in this mode.
          advance_to(std::min(start + 2, text_.size()));
          continue;
        }
        if (blank(c)) {
          advance_to(start + 1);  // no rule matches: one character is dropped
          continue;
        }
        advance_to(start + ((c == U'^' && at(pos_ + 1) == U'C') ? 2 : 1));
        banner_delimiter_ = input_.getText(antlr4::misc::Interval(start, pos_ - 1));
        mode_ = Mode::BannerBody;
        return make(IosLexer::BANNER_DELIMITER, start, line, column);
      }
      case Mode::BannerBody: {
        if (line_break(c)) {
          advance_to(start + ((c == U'\r' && at(pos_ + 1) == U'\n') ? 2 : 1));
          return make(IosLexer::BANNER_NEWLINE, start, line, column);
        }
        if (at_banner_delimiter(pos_)) {
          advance_to(start + ((c == U'^' && at(pos_ + 1) == U'C') ? 2 : 1));
          mode_ = Mode::Default;
          return make(IosLexer::BANNER_END, start, line, column);
        }
        std::size_t e = pos_;
        while (in_range(e) && !line_break(text_[e]) && !at_banner_delimiter(e)) ++e;
        advance_to(e);
        return make(IosLexer::BANNER_TEXT, start, line, column);
      }
      case Mode::Certificate: {
        if (line_break(c)) {
          advance_to(start + ((c == U'\r' && at(pos_ + 1) == U'\n') ? 2 : 1));
          return make(IosLexer::NEWLINE, start, line, column);
        }
        std::size_t e = pos_;
        while (in_range(e) && !line_break(text_[e])) ++e;
        // CERTIFICATE_QUIT only when it is the whole rest of the line; else the longer hex.
        std::size_t i = pos_;
        while (i < e && blank(text_[i])) ++i;
        bool quit = i + 4 <= e && text_.compare(i, 4, U"quit") == 0;
        if (quit) {
          i += 4;
          while (i < e && blank(text_[i])) ++i;
          quit = i == e;
        }
        advance_to(e);
        if (quit) {
          mode_ = Mode::Default;
          return make(IosLexer::CERTIFICATE_QUIT, start, line, column);
        }
        return make(IosLexer::CERTIFICATE_HEX, start, line, column);
      }
    }
  }
}

}  // namespace havpnc::grammar
