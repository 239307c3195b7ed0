#include "runtime/sctp/notification.h"

#include <cstring>

namespace havpnc::sctp {

namespace {

// Host byte order: the notification is a C struct written by the local stack.
std::uint16_t u16(std::span<const std::uint8_t> b, std::size_t at) {
  std::uint16_t v;
  std::memcpy(&v, b.data() + at, sizeof v);
  return v;
}
std::uint32_t u32(std::span<const std::uint8_t> b, std::size_t at) {
  std::uint32_t v;
  std::memcpy(&v, b.data() + at, sizeof v);
  return v;
}

// sn_type(2) sn_flags(2) sn_length(4)
constexpr std::size_t kHeader = 8;
// + sac_state(2) sac_error(2) sac_outbound_streams(2) sac_inbound_streams(2) sac_assoc_id(4)
constexpr std::size_t kAssocChange = kHeader + 12;
constexpr std::uint8_t kAbortChunkType = 6;  // RFC 4960 §3.3.7

}  // namespace

std::optional<Notification> decode_notification(std::span<const std::uint8_t> bytes,
                                                const NotificationConstants& c) {
  if (bytes.size() < kHeader) return std::nullopt;
  const std::uint16_t type = u16(bytes, 0);
  const std::uint32_t length = u32(bytes, 4);
  if (length < kHeader || length > bytes.size()) return std::nullopt;
  const auto body = bytes.first(length);
  Notification n;
  if (type == c.shutdown_event) {
    n.kind = Notification::Kind::PeerShutdown;
    return n;
  }
  if (type == c.sender_dry) {
    n.kind = Notification::Kind::SenderDry;
    return n;
  }
  if (type != c.assoc_change) return n;
  if (body.size() < kAssocChange) return std::nullopt;
  n.kind = Notification::Kind::AssocChange;
  const std::uint16_t state = u16(body, 8);
  n.error = u16(body, 10);
  n.outbound_streams = u16(body, 12);
  n.inbound_streams = u16(body, 14);
  if (state == c.comm_up) n.state = AssocState::CommUp;
  else if (state == c.comm_lost) n.state = AssocState::CommLost;
  else if (state == c.restart) n.state = AssocState::Restart;
  else if (state == c.shutdown_comp) n.state = AssocState::ShutdownComplete;
  else if (state == c.cant_str_assoc) n.state = AssocState::CannotStart;
  n.abort_chunk = body.size() > kAssocChange && body[kAssocChange] == kAbortChunkType;
  return n;
}

}  // namespace havpnc::sctp
