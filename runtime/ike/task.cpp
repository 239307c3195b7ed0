#include "runtime/ike/task.h"

namespace havpnc::ike {

std::string_view to_string(IkeErrorCode c) {
  switch (c) {
    case IkeErrorCode::Malformed: return "malformed";
    case IkeErrorCode::UnexpectedMessage: return "unexpected-message";
    case IkeErrorCode::MissingPayload: return "missing-payload";
    case IkeErrorCode::NoProposalChosen: return "no-proposal-chosen";
    case IkeErrorCode::InvalidKeyExchange: return "invalid-key-exchange";
    case IkeErrorCode::InvalidNonce: return "invalid-nonce";
    case IkeErrorCode::AuthenticationFailed: return "authentication-failed";
    case IkeErrorCode::PeerNotification: return "peer-notification";
    case IkeErrorCode::Internal: return "internal";
  }
  return "unknown";
}

}  // namespace havpnc::ike
