#pragma once
// The contract every exchange task (main mode now; quick mode, informational, DPD next)
// follows, after strongSwan's task_t: build() produces the next datagram this side sends,
// process() consumes one the peer sent. Both return a step: what to send, what to log, and
// whether the exchange needs more messages, is done, or failed (with a reason).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/core/log_record.h"
#include "runtime/ike/bytes.h"

namespace havpnc::ike {

enum class TaskStatus { NeedMore, Done, Failed };

enum class IkeErrorCode {
  Malformed,              // the datagram did not decode
  UnexpectedMessage,      // wrong exchange, cookie, message ID, flags, or call order
  MissingPayload,         // a payload the exchange requires is absent
  NoProposalChosen,       // no local policy matched / the reply does not match our offer
  InvalidKeyExchange,     // KE of wrong length or not a group element
  InvalidNonce,           // nonce outside 8..256 bytes (RFC 2409 §5)
  AuthenticationFailed,   // HASH_I/HASH_R mismatch or undecryptable MM5/MM6: PSK mismatch
  PeerNotification,       // the peer sent an error notification instead of a reply
  Internal,               // we could not encode our own message
};
std::string_view to_string(IkeErrorCode c);

struct IkeError {
  IkeErrorCode code = IkeErrorCode::Internal;
  std::string text;  // never contains key material
};

struct TaskStep {
  TaskStatus status = TaskStatus::NeedMore;
  std::optional<Bytes> send;  // datagram for the peer's current endpoint
  std::vector<LogRecord> logs;
  std::optional<IkeError> error;
};

}  // namespace havpnc::ike
