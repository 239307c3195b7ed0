#include "runtime/log/sinks.h"

#include <syslog.h>

namespace havpnc::log {

void StreamSink::write(Severity, std::string_view stamped, std::string_view) {
  out_ << stamped << '\n';
  out_.flush();
}

SyslogSink::SyslogSink(const std::string& ident) : ident_(ident) {
  openlog(ident_.c_str(), LOG_PID | LOG_NDELAY, LOG_LOCAL7);
}

SyslogSink::~SyslogSink() { closelog(); }

void SyslogSink::write(Severity severity, std::string_view, std::string_view bare) {
  const std::string line(bare);
  syslog(LOG_LOCAL7 | static_cast<int>(severity), "%s", line.c_str());
}

void MemorySink::write(Severity, std::string_view stamped, std::string_view) {
  std::lock_guard lock(mutex_);
  lines_.emplace_back(stamped);
}

std::vector<std::string> MemorySink::lines() const {
  std::lock_guard lock(mutex_);
  return lines_;
}

}  // namespace havpnc::log
