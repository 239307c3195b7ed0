#include "runtime/sctp/association.h"

namespace havpnc::sctp {

std::string_view to_string(DownReason reason) {
  switch (reason) {
    case DownReason::RetransmissionLimit: return "retransmission limit exceeded";
    case DownReason::PeerAborted: return "aborted by peer";
    case DownReason::PeerShutdown: return "shut down by peer";
    case DownReason::CannotStart: return "cannot start association";
    case DownReason::PeerRestarted: return "peer restarted";
    case DownReason::LocalError: return "local error";
    case DownReason::Stopped: return "stopped";
  }
  return "unknown";
}

}  // namespace havpnc::sctp
