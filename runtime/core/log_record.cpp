#include "runtime/core/log_record.h"

namespace havpnc {

std::string LogRecord::format() const {
  return "%" + facility + "-" + std::to_string(static_cast<int>(severity)) + "-" + mnemonic +
         ": " + text;
}

bool operator==(const LogRecord& a, const LogRecord& b) {
  return a.facility == b.facility && a.severity == b.severity && a.mnemonic == b.mnemonic &&
         a.text == b.text;
}

}  // namespace havpnc
