#pragma once
// Where formatted log lines go. The console sink gets the IOS timestamp prefix; syslog
// stamps its own time, so it gets the bare `%FAC-SEV-MNEMONIC: text`, at the record's
// severity, with facility local7 (the IOS `logging facility` default).
#include <mutex>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/core/log_record.h"

namespace havpnc::log {

class LogSink {
 public:
  virtual ~LogSink() = default;
  // `stamped`: "*Dec 11 21:44:26.123: %HSRP-5-...", `bare`: "%HSRP-5-...".
  virtual void write(Severity severity, std::string_view stamped, std::string_view bare) = 0;
};

class StreamSink final : public LogSink {
 public:
  explicit StreamSink(std::ostream& out) : out_(out) {}
  void write(Severity severity, std::string_view stamped, std::string_view bare) override;

 private:
  std::ostream& out_;
};

class SyslogSink final : public LogSink {
 public:
  // `ident` must outlive the sink (openlog keeps the pointer).
  explicit SyslogSink(const std::string& ident);
  ~SyslogSink() override;
  SyslogSink(const SyslogSink&) = delete;
  SyslogSink& operator=(const SyslogSink&) = delete;
  void write(Severity severity, std::string_view stamped, std::string_view bare) override;

 private:
  std::string ident_;
};

// Keeps lines in memory: tests, and a future `show logging` buffer.
class MemorySink final : public LogSink {
 public:
  void write(Severity severity, std::string_view stamped, std::string_view bare) override;
  std::vector<std::string> lines() const;  // stamped

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> lines_;
};

}  // namespace havpnc::log
