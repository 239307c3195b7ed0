#pragma once
// `havpnc show`'s side of the control protocol: blocking, with a timeout, and suspicious of
// the server (a malformed header or an oversized body is an error, not a crash).
#include <string>

#include "runtime/control/protocol.h"
#include "runtime/core/time.h"

namespace havpnc::control {

struct ClientResult {
  bool transport_ok = false;  // false: could not connect / malformed answer (see error)
  bool ok = false;            // the server's verdict
  std::string body;
  std::string error;
};

ClientResult query(const std::string& path, const Request& request,
                   Duration timeout = seconds(10));

}  // namespace havpnc::control
