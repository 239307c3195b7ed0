#pragma once
// What SSO needs from the `ipc zone default` association, and nothing more: the SCTP
// transport (runtime/sctp/) turns these actions into sends and its socket events into these
// events. Sans-IO on both sides of the line, so tests connect two SSO nodes with a queue.
//
// One SSO record per SCTP message (message boundaries are kept, RFC 4960 §1.5.2); records
// within a stream arrive in order, records of different streams may overtake each other
// (RFC 4960 §6.5). Two streams, numbered as runtime/sctp/stream.h numbers them, so a bulk
// sync of thousands of SAs never delays an update or a status report queued behind it
// (issue 7; strongSwan's UDP resync lesson, STYLE.md). The channel hellos and RF status
// reports travel on the update stream: small, urgent, and the hello must be first.
#include <cstdint>
#include <span>
#include <vector>

namespace havpnc::sso {

enum class Stream : std::uint16_t {
  Bulk = 0,    // bulk sync after a standby joins
  Update = 1,  // channel hellos, RF status, incremental SA changes, sequence checkpoints
};
inline constexpr std::uint16_t kStreamCount = 2;

// Action: send `bytes` as one message on `stream`. The transport must deliver reliably and in
// order per stream, or report AssociationDown.
struct SendRecord {
  Stream stream = Stream::Update;
  std::vector<std::uint8_t> bytes;
};

// Events from the transport.
struct AssociationUp {};
struct AssociationDown {};
struct RecordReceived {
  std::uint16_t stream = 0;  // raw: a hostile peer may use any stream number
  std::span<const std::uint8_t> bytes;
};

}  // namespace havpnc::sso
