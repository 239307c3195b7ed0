#include "runtime/sctp/stream.h"

namespace havpnc::sctp {

std::string_view to_string(Stream stream) {
  return stream == Stream::Bulk ? "bulk" : "update";
}

std::optional<Stream> stream_from_id(std::uint16_t id) {
  if (id == stream_id(Stream::Bulk)) return Stream::Bulk;
  if (id == stream_id(Stream::Update)) return Stream::Update;
  return std::nullopt;
}

}  // namespace havpnc::sctp
