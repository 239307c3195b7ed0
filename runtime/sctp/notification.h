#pragma once
// SCTP notifications (RFC 6458 §6.1) decoded into one neutral form. usrsctp and Linux lay out
// `struct sctp_assoc_change` the same way but number the types and states differently, so
// each backend passes its own constants. The bytes come from the local stack, but they are
// still parsed as untrusted: every length is checked before a field is read.
#include <cstdint>
#include <optional>
#include <span>

namespace havpnc::sctp {

struct NotificationConstants {
  std::uint16_t assoc_change;    // SCTP_ASSOC_CHANGE
  std::uint16_t shutdown_event;  // SCTP_SHUTDOWN_EVENT
  std::uint16_t sender_dry;      // SCTP_SENDER_DRY_EVENT (RFC 6458 §6.1.9)
  std::uint16_t comm_up, comm_lost, restart, shutdown_comp, cant_str_assoc;
};

enum class AssocState { CommUp, CommLost, Restart, ShutdownComplete, CannotStart, Other };

struct Notification {
  // SenderDry: nothing of ours is queued in the stack or unacknowledged.
  enum class Kind { AssocChange, PeerShutdown, SenderDry, Other } kind = Kind::Other;
  AssocState state = AssocState::Other;
  std::uint16_t error = 0;  // sac_error: an RFC 4960 §3.3.10 cause code, 0 if none
  std::uint16_t outbound_streams = 0, inbound_streams = 0;
  // RFC 6458 §6.1.1: sac_info carries the ABORT chunk when the association ended by one.
  bool abort_chunk = false;
};

// nullopt: shorter than the header it claims, or a length field beyond the buffer.
std::optional<Notification> decode_notification(std::span<const std::uint8_t> bytes,
                                                const NotificationConstants& constants);

}  // namespace havpnc::sctp
