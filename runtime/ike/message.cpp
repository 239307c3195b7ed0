#include "runtime/ike/message.h"

#include <algorithm>

namespace havpnc::ike {

const Payload* Message::find_payload(PayloadType type) const {
  for (const auto& p : payloads)
    if (p.type() == type) return &p;
  return nullptr;
}

Expected<RawMessage, DecodeError> decode_header(ByteView datagram) {
  ByteReader r(datagram);
  Header h;
  ByteView icky, rcky;
  std::uint8_t next = 0, exchange = 0;
  if (!r.bytes(kCookieSize, icky) || !r.bytes(kCookieSize, rcky) || !r.u8(next) ||
      !r.u8(h.version) || !r.u8(exchange) || !r.u8(h.flags) || !r.u32(h.message_id) ||
      !r.u32(h.length)) {
    return unexpected(DecodeError{DecodeErrorCode::Truncated, PayloadType::None, 0,
                                  "header needs 28 bytes, datagram has " +
                                      std::to_string(datagram.size())});
  }
  std::copy(icky.begin(), icky.end(), h.initiator_cookie.begin());
  std::copy(rcky.begin(), rcky.end(), h.responder_cookie.begin());
  h.next_payload = static_cast<PayloadType>(next);
  h.exchange = static_cast<ExchangeType>(exchange);
  // RFC 2408 §5.1: a major version we do not speak is dropped; minor versions are tolerated.
  if ((h.version >> 4) != 1) {
    return unexpected(DecodeError{DecodeErrorCode::BadVersion, PayloadType::None, 17,
                                  "ISAKMP version " + std::to_string(h.version >> 4) + "." +
                                      std::to_string(h.version & 0xf) + " is not 1.x"});
  }
  if (h.length < kHeaderSize || h.length != datagram.size()) {
    return unexpected(DecodeError{DecodeErrorCode::BadLength, PayloadType::None, 24,
                                  "header length " + std::to_string(h.length) +
                                      " but datagram has " + std::to_string(datagram.size()) +
                                      " bytes"});
  }
  return RawMessage{h, datagram.subspan(kHeaderSize, h.length - kHeaderSize)};
}

Expected<std::vector<Payload>, DecodeError> decode_payload_chain(PayloadType first, ByteView body,
                                                                 std::size_t base_offset,
                                                                 ChainEnd end) {
  std::vector<Payload> payloads;
  ByteReader r(body);
  PayloadType type = first;
  while (type != PayloadType::None) {
    std::size_t at = base_offset + r.position();
    std::uint8_t next = 0, reserved = 0;
    std::uint16_t length = 0;
    if (!r.u8(next) || !r.u8(reserved) || !r.u16(length)) {
      return unexpected(DecodeError{DecodeErrorCode::Truncated, type, at,
                                    "generic payload header needs 4 bytes, " +
                                        std::to_string(body.size() - (at - base_offset)) +
                                        " remain"});
    }
    ByteView payload_body;
    if (length < kGenericHeaderSize || !r.bytes(length - kGenericHeaderSize, payload_body)) {
      return unexpected(DecodeError{DecodeErrorCode::BadLength, type, at,
                                    "payload length " + std::to_string(length) + " with " +
                                        std::to_string(body.size() - (at - base_offset)) +
                                        " bytes left in message"});
    }
    auto decoded = decode_payload_body(type, payload_body, at + kGenericHeaderSize);
    if (!decoded) return unexpected(decoded.error());
    payloads.push_back(Payload{std::move(*decoded), to_bytes(payload_body)});
    type = static_cast<PayloadType>(next);
  }
  if (end == ChainEnd::Exact && r.remaining() != 0) {
    return unexpected(DecodeError{DecodeErrorCode::TrailingData, PayloadType::None,
                                  base_offset + r.position(),
                                  std::to_string(r.remaining()) +
                                      " bytes after the last payload"});
  }
  return payloads;
}

Expected<Message, DecodeError> decode_message(ByteView datagram) {
  auto raw = decode_header(datagram);
  if (!raw) return unexpected(raw.error());
  if (raw->header.encrypted()) {
    return unexpected(DecodeError{DecodeErrorCode::Encrypted, PayloadType::None, 19,
                                  "E flag set: body must be decrypted first"});
  }
  auto chain =
      decode_payload_chain(raw->header.next_payload, raw->body, kHeaderSize, ChainEnd::Exact);
  if (!chain) return unexpected(chain.error());
  return Message{raw->header, std::move(*chain)};
}

std::optional<Bytes> encode_payload_chain(const std::vector<Payload>& payloads) {
  ByteWriter w;
  for (std::size_t i = 0; i < payloads.size(); ++i) {
    auto body = encode_payload_body(payloads[i].body);
    if (!body) return std::nullopt;
    PayloadType next = i + 1 < payloads.size() ? payloads[i + 1].type() : PayloadType::None;
    w.u8(static_cast<std::uint8_t>(next));
    w.u8(0);
    w.u16(static_cast<std::uint16_t>(body->size() + kGenericHeaderSize));
    w.bytes(*body);
  }
  return w.take();
}

Bytes encode_header(const Header& h, PayloadType first, std::size_t body_length) {
  ByteWriter w;
  w.bytes(h.initiator_cookie);
  w.bytes(h.responder_cookie);
  w.u8(static_cast<std::uint8_t>(first));
  w.u8(h.version);
  w.u8(static_cast<std::uint8_t>(h.exchange));
  w.u8(h.flags);
  w.u32(h.message_id);
  w.u32(static_cast<std::uint32_t>(kHeaderSize + body_length));
  return w.take();
}

std::optional<Bytes> encode_message(const Message& m) {
  auto chain = encode_payload_chain(m.payloads);
  if (!chain || chain->size() > 0xffffffffULL - kHeaderSize) return std::nullopt;
  PayloadType first = m.payloads.empty() ? PayloadType::None : m.payloads.front().type();
  Bytes out = encode_header(m.header, first, chain->size());
  out.insert(out.end(), chain->begin(), chain->end());
  return out;
}

}  // namespace havpnc::ike
