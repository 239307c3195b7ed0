#pragma once
// The SSO association's SCTP streams (RFC 4960 §6.5: ordered delivery is per stream, so a
// lost or large bulk-sync message never holds back an incremental update on its own stream).
#include <cstdint>
#include <optional>
#include <string_view>

namespace havpnc::sctp {

enum class Stream : std::uint16_t {
  Bulk = 0,    // bulk sync when a standby joins: many, possibly large records
  Update = 1,  // incremental records (SA add/delete, sequence checkpoints): small, urgent
};

inline constexpr std::uint16_t kStreamCount = 2;

std::string_view to_string(Stream stream);
// nullopt for a stream id havpnc does not use (a peer may open more streams than we do).
std::optional<Stream> stream_from_id(std::uint16_t id);
inline std::uint16_t stream_id(Stream s) { return static_cast<std::uint16_t>(s); }

}  // namespace havpnc::sctp
