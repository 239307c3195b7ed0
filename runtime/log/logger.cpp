#include "runtime/log/logger.h"

namespace havpnc::log {

std::string printable(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u > 0x7E) c = '.';
  }
  return out;
}

Logger::Logger(WallClock clock) : clock_(std::move(clock)) {}

void Logger::log(const LogRecord& record) {
  if (static_cast<int>(record.severity) > static_cast<int>(level_)) return;
  LogRecord safe{printable(record.facility), record.severity, printable(record.mnemonic),
                 printable(record.text)};
  if (secrets_.contains_secret(record.facility) || secrets_.contains_secret(record.mnemonic) ||
      secrets_.contains_secret(record.text)) {
    // Say that something was withheld (an operator must know a line is missing), but not
    // even which record: its facility or mnemonic could be the carrier.
    ++counters_.withheld;
    safe = LogRecord{"LOG", Severity::Error, "SECRET_WITHHELD",
                     "a log message was withheld because it contained key material"};
  }
  const std::string bare = safe.format();
  const std::string stamped = ios_timestamp(clock_()) + ": " + bare;
  for (const auto& sink : sinks_) sink->write(safe.severity, stamped, bare);
  ++counters_.written;
}

}  // namespace havpnc::log
