#pragma once
// The ISAKMP message (RFC 2408 §3.1-3.2): a 28-byte header and a chain of payloads linked by
// next-payload fields. Decoding is two steps because IKEv1 encrypts everything after the
// header (E flag): decode_header() validates the header and hands back the body untouched;
// the body is decoded with decode_payload_chain() once it is plaintext (protection.h).
#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "runtime/ike/bytes.h"
#include "runtime/ike/constants.h"
#include "runtime/ike/decode_error.h"
#include "runtime/ike/payloads.h"
#include "runtime/ike/result.h"

namespace havpnc::ike {

using Cookie = std::array<std::uint8_t, kCookieSize>;

struct Header {
  Cookie initiator_cookie{};
  Cookie responder_cookie{};
  PayloadType next_payload = PayloadType::None;
  std::uint8_t version = kIsakmpVersion;
  ExchangeType exchange = ExchangeType::IdentityProtection;
  std::uint8_t flags = 0;
  std::uint32_t message_id = 0;
  std::uint32_t length = 0;  // whole message incl. header; set by the encoder

  bool encrypted() const { return (flags & kFlagEncryption) != 0; }
  friend bool operator==(const Header&, const Header&) = default;
};

struct Message {
  Header header;
  std::vector<Payload> payloads;

  template <typename T>
  const T* find() const {
    for (const auto& p : payloads)
      if (const T* t = std::get_if<T>(&p.body)) return t;
    return nullptr;
  }
  template <typename T>
  std::vector<const T*> find_all() const {
    std::vector<const T*> out;
    for (const auto& p : payloads)
      if (const T* t = std::get_if<T>(&p.body)) out.push_back(t);
    return out;
  }
  // The payload entry itself, for access to received_body.
  const Payload* find_payload(PayloadType type) const;

  friend bool operator==(const Message&, const Message&) = default;
};

// A datagram whose header is valid; `body` is everything after the header up to
// header.length, still encrypted if header.encrypted().
struct RawMessage {
  Header header;
  ByteView body;
};

// Checks version, length against the datagram, and the header's own fields. A datagram
// longer than header.length is malformed too: IKE over UDP carries exactly one message.
Expected<RawMessage, DecodeError> decode_header(ByteView datagram);

// How the chain may end: unencrypted bodies must end exactly at the last payload; decrypted
// bodies carry block padding after it (RFC 2409 Appendix B), which is ignored.
enum class ChainEnd { Exact, AllowPadding };

// `base_offset` is where `body` starts in the datagram, so errors point at real bytes.
Expected<std::vector<Payload>, DecodeError> decode_payload_chain(PayloadType first, ByteView body,
                                                                 std::size_t base_offset,
                                                                 ChainEnd end);

// Header + chain for a plaintext message; refuses (Encrypted) if the E flag is set.
Expected<Message, DecodeError> decode_message(ByteView datagram);

// The chained payloads with generic headers; nullopt if a length would overflow.
std::optional<Bytes> encode_payload_chain(const std::vector<Payload>& payloads);
// Header with next_payload taken from the first payload and length from `body_length`.
Bytes encode_header(const Header& header, PayloadType first, std::size_t body_length);
// A plaintext message; header.next_payload and header.length are computed.
std::optional<Bytes> encode_message(const Message& message);

}  // namespace havpnc::ike
