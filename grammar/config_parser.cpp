#include "grammar/config_parser.h"

#include "IosLexer.h"

namespace havpnc::grammar {

namespace {

// IosParser whose token matches stop while a given-up line unwinds, so a rule that was
// halfway through it cannot take a token of the next line.
class LineParser : public IosParser {
 public:
  LineParser(antlr4::TokenStream* input, LineErrorStrategy& strategy)
      : IosParser(input), strategy_(strategy) {}

  antlr4::Token* match(size_t type) override {
    if (strategy_.unwinding(this)) throw antlr4::InputMismatchException(this);
    return IosParser::match(type);
  }

 private:
  LineErrorStrategy& strategy_;
};

// A line at the left margin that starts a top-level command which is never a stanza child:
// every open stanza ends before it, so a chunk may end there too.
bool starts_top_level(const LineInfo& line) {
  if (line.indented) return false;
  switch (line.first_type) {
    case IosLexer::WORD:
    case IosLexer::IPV4:
    case IosLexer::BANNER_START:
    case IosLexer::K_INTERFACE:
    case IosLexer::K_HOSTNAME:
    case IosLexer::K_VERSION:
    case IosLexer::K_LINE:
    case IosLexer::K_IPC:
    case IosLexer::K_TRACK:
    case IosLexer::K_REDUNDANCY:
    case IosLexer::K_ACCESS_LIST:
    case IosLexer::K_END:
      return true;
    default:
      return false;
  }
}

}  // namespace

struct ConfigParser::Chunk {
  std::unique_ptr<antlr4::ListTokenSource> source;
  std::unique_ptr<antlr4::CommonTokenStream> tokens;
  std::shared_ptr<LineErrorStrategy> strategy;
  std::unique_ptr<LineParser> parser;
  std::vector<antlr4::ParserRuleContext*> trees;
};

ConfigParser::ConfigParser(std::u32string text, std::string source_name, std::size_t chunk_lines)
    : input_(std::move(text), std::move(source_name)),
      lexer_(std::make_unique<LineLexer>(input_)),
      reader_(*lexer_, input_.text()),
      chunk_lines_(chunk_lines) {}

ConfigParser::~ConfigParser() = default;

const std::vector<SyntaxError>& ConfigParser::errors() const {
  static const std::vector<SyntaxError> none;
  return chunk_ ? chunk_->strategy->errors() : none;
}

const std::vector<antlr4::ParserRuleContext*>* ConfigParser::next_chunk() {
  chunk_.reset();
  comments_.clear();
  if (done_) return nullptr;

  std::vector<std::unique_ptr<antlr4::Token>> tokens;
  std::vector<std::unique_ptr<antlr4::Token>> hidden;
  std::size_t lines = 0;
  if (!carried_line_.empty()) {
    for (auto& t : carried_line_) tokens.push_back(std::move(t));
    carried_line_.clear();
    ++lines;
  }
  for (;;) {
    std::vector<std::unique_ptr<antlr4::Token>> line;
    LineInfo info;
    if (!reader_.next_line(line, &hidden, info)) {
      done_ = true;
      break;
    }
    if (lines >= chunk_lines_ && starts_top_level(info)) {
      carried_line_ = std::move(line);
      break;
    }
    for (auto& t : line) tokens.push_back(std::move(t));
    ++lines;
  }
  for (auto& h : hidden) {
    if (h->getType() == IosLexer::COMMENT) {
      comments_.push_back({h->getLine(), h->getCharPositionInLine() + 1, h->getText()});
    }
  }
  if (tokens.empty() && done_) return nullptr;

  auto chunk = std::make_unique<Chunk>();
  chunk->source = std::make_unique<antlr4::ListTokenSource>(std::move(tokens));
  chunk->tokens = std::make_unique<antlr4::CommonTokenStream>(chunk->source.get());
  chunk->strategy = std::make_shared<LineErrorStrategy>();
  chunk->parser = std::make_unique<LineParser>(chunk->tokens.get(), *chunk->strategy);
  chunk->parser->removeErrorListeners();
  chunk->parser->setErrorHandler(chunk->strategy);
  chunk->parser->setBuildParseTree(true);
  // SLL: decisions here are LL(k) on token types by construction; full-context prediction
  // would only re-examine the few deliberate ambiguities (flat configs) at great cost.
  chunk->parser->getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
      antlr4::atn::PredictionMode::SLL);
  antlr4::TokenStream& input = *chunk->tokens;
  while (input.LA(1) != antlr4::Token::EOF) {
    const std::size_t before = input.index();
    chunk->strategy->resume();
    if (input.LA(1) == IosLexer::INDENT) {
      chunk->trees.push_back(chunk->parser->stray_indented_line());
    } else {
      chunk->trees.push_back(chunk->parser->statement());
    }
    if (input.index() == before) {
      // No rule consumed anything (cannot happen with the current grammar): skip the line
      // rather than loop, and say where.
      antlr4::Token* t = input.LT(1);
      chunk->strategy->record({t->getLine(), t->getLine(), t->getCharPositionInLine() + 1, t->getText()});
      while (input.LA(1) != IosLexer::NEWLINE && input.LA(1) != antlr4::Token::EOF) input.consume();
      if (input.LA(1) == IosLexer::NEWLINE) input.consume();
    }
  }
  chunk_ = std::move(chunk);
  return &chunk_->trees;
}

std::string ConfigParser::text_between(const antlr4::Token* first,
                                       const antlr4::Token* last) const {
  if (first == nullptr || last == nullptr) return {};
  const std::size_t start = first->getStartIndex();
  const std::size_t stop = last->getStopIndex();
  if (stop == static_cast<std::size_t>(-1) || stop < start) return {};
  return text_of_chars(start, stop + 1);
}

const std::u32string& ConfigParser::text() const { return input_.text(); }

std::string ConfigParser::text_of_chars(std::size_t begin, std::size_t end) const {
  if (end <= begin) return {};
  // getText is not const in the runtime, though it only reads.
  return const_cast<Utf32Stream&>(input_).getText(antlr4::misc::Interval(begin, end - 1));
}

}  // namespace havpnc::grammar
