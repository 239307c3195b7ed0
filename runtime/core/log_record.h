#pragma once
// A log line in IOS form: %FACILITY-SEVERITY-MNEMONIC: text. Protocol cores emit these as
// actions; the engine decides where they go (stderr, syslog) and stamps the time.
#include <string>

namespace havpnc {

// IOS severities (0 emergencies .. 7 debugging), the same numbers syslog uses.
enum class Severity : int {
  Emergency = 0, Alert = 1, Critical = 2, Error = 3,
  Warning = 4, Notice = 5, Informational = 6, Debug = 7,
};

struct LogRecord {
  std::string facility;   // "HSRP", "CRYPTO", "TRACK", ...
  Severity severity = Severity::Notice;
  std::string mnemonic;   // "STATECHANGE", "IPSEC_SA_HA_STATUS", ...
  std::string text;       // never a secret: callers pass names, addresses, SPIs only

  // "%HSRP-5-STATECHANGE: GigabitEthernet0/1 Grp 2 state Standby -> Active"
  std::string format() const;
};

bool operator==(const LogRecord& a, const LogRecord& b);

}  // namespace havpnc
