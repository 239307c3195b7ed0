#pragma once
// The one place log records become text. Protocol cores return LogRecords; the host hands
// them here. The logger stamps the wall time (injectable for tests), neutralises control
// characters so a peer-supplied string cannot forge a second log line, withholds any record
// that carries a registered secret, and fans out to the sinks.
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "runtime/core/log_record.h"
#include "runtime/log/ios_timestamp.h"
#include "runtime/log/secret_filter.h"
#include "runtime/log/sinks.h"

namespace havpnc::log {

struct LoggerCounters {
  std::uint64_t written = 0;
  std::uint64_t withheld = 0;  // contained a registered secret
};

class Logger {
 public:
  using WallClock = std::function<WallTime()>;

  explicit Logger(WallClock clock = [] { return std::chrono::system_clock::now(); });

  void add_sink(std::shared_ptr<LogSink> sink) { sinks_.push_back(std::move(sink)); }
  SecretFilter& secrets() { return secrets_; }
  // Records less severe than `level` (a higher number) are dropped, as `logging console N`.
  void set_level(Severity level) { level_ = level; }

  void log(const LogRecord& record);
  const LoggerCounters& counters() const { return counters_; }

 private:
  WallClock clock_;
  std::vector<std::shared_ptr<LogSink>> sinks_;
  SecretFilter secrets_;
  Severity level_ = Severity::Debug;
  LoggerCounters counters_;
};

// Printable ASCII kept; every other byte becomes '.', so one record is one line.
std::string printable(std::string_view text);

}  // namespace havpnc::log
