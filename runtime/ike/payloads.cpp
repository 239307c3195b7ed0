#include "runtime/ike/payloads.h"

#include <type_traits>

namespace havpnc::ike {

IdPayload IdPayload::ipv4(Ipv4 addr, std::uint8_t protocol, std::uint16_t port) {
  return IdPayload{static_cast<std::uint8_t>(IdType::Ipv4Addr), protocol, port,
                   Bytes(addr.begin(), addr.end())};
}

IdPayload IdPayload::ipv4_subnet(Ipv4 addr, Ipv4 mask, std::uint8_t protocol,
                                 std::uint16_t port) {
  Bytes data(addr.begin(), addr.end());
  data.insert(data.end(), mask.begin(), mask.end());
  return IdPayload{static_cast<std::uint8_t>(IdType::Ipv4AddrSubnet), protocol, port,
                   std::move(data)};
}

IdPayload IdPayload::fqdn(const std::string& name, std::uint8_t protocol, std::uint16_t port) {
  return IdPayload{static_cast<std::uint8_t>(IdType::Fqdn), protocol, port,
                   to_bytes(as_view(name))};
}

PayloadType Payload::type() const {
  return std::visit(
      [](const auto& p) -> PayloadType {
        using T = std::decay_t<decltype(p)>;
        if constexpr (std::is_same_v<T, SaPayload>) return PayloadType::SecurityAssociation;
        else if constexpr (std::is_same_v<T, KePayload>) return PayloadType::KeyExchange;
        else if constexpr (std::is_same_v<T, IdPayload>) return PayloadType::Identification;
        else if constexpr (std::is_same_v<T, HashPayload>) return PayloadType::Hash;
        else if constexpr (std::is_same_v<T, NoncePayload>) return PayloadType::Nonce;
        else if constexpr (std::is_same_v<T, NotificationPayload>) return PayloadType::Notification;
        else if constexpr (std::is_same_v<T, DeletePayload>) return PayloadType::Delete;
        else if constexpr (std::is_same_v<T, VendorIdPayload>) return PayloadType::VendorId;
        else if constexpr (std::is_same_v<T, NatDPayload>) return PayloadType::NatDiscovery;
        else return static_cast<PayloadType>(p.type);
      },
      body);
}

// ---------------------------------------------------------------------------------------
// Encoding

namespace {

bool encode_transform(const Transform& t, bool last, ByteWriter& out) {
  std::size_t start = out.size();
  out.u8(last ? 0 : static_cast<std::uint8_t>(PayloadType::Transform));
  out.u8(0);
  out.u16(0);
  out.u8(t.number);
  out.u8(t.id);
  out.u16(0);  // RESERVED2
  if (!encode_attributes(t.attributes, out)) return false;
  std::size_t len = out.size() - start;
  if (len > 0xffff) return false;
  out.put_u16_at(start + 2, static_cast<std::uint16_t>(len));
  return true;
}

bool encode_proposal(const Proposal& p, bool last, ByteWriter& out) {
  if (p.spi.size() > 0xff || p.transforms.size() > 0xff) return false;
  std::size_t start = out.size();
  out.u8(last ? 0 : static_cast<std::uint8_t>(PayloadType::Proposal));
  out.u8(0);
  out.u16(0);
  out.u8(p.number);
  out.u8(p.protocol);
  out.u8(static_cast<std::uint8_t>(p.spi.size()));
  out.u8(static_cast<std::uint8_t>(p.transforms.size()));
  out.bytes(p.spi);
  for (std::size_t i = 0; i < p.transforms.size(); ++i)
    if (!encode_transform(p.transforms[i], i + 1 == p.transforms.size(), out)) return false;
  std::size_t len = out.size() - start;
  if (len > 0xffff) return false;
  out.put_u16_at(start + 2, static_cast<std::uint16_t>(len));
  return true;
}

}  // namespace

std::optional<Bytes> encode_payload_body(const PayloadBody& body) {
  ByteWriter w;
  bool ok = std::visit(
      [&w](const auto& p) -> bool {
        using T = std::decay_t<decltype(p)>;
        if constexpr (std::is_same_v<T, SaPayload>) {
          w.u32(p.doi);
          w.u32(p.situation);
          for (std::size_t i = 0; i < p.proposals.size(); ++i)
            if (!encode_proposal(p.proposals[i], i + 1 == p.proposals.size(), w)) return false;
          return true;
        } else if constexpr (std::is_same_v<T, IdPayload>) {
          w.u8(p.id_type);
          w.u8(p.protocol);
          w.u16(p.port);
          w.bytes(p.data);
          return true;
        } else if constexpr (std::is_same_v<T, NotificationPayload>) {
          if (p.spi.size() > 0xff) return false;
          w.u32(p.doi);
          w.u8(p.protocol);
          w.u8(static_cast<std::uint8_t>(p.spi.size()));
          w.u16(p.type);
          w.bytes(p.spi);
          w.bytes(p.data);
          return true;
        } else if constexpr (std::is_same_v<T, DeletePayload>) {
          if (p.spis.size() > 0xffff) return false;
          w.u32(p.doi);
          w.u8(p.protocol);
          w.u8(p.spi_size);
          w.u16(static_cast<std::uint16_t>(p.spis.size()));
          for (const auto& spi : p.spis) {
            if (spi.size() != p.spi_size) return false;
            w.bytes(spi);
          }
          return true;
        } else if constexpr (std::is_same_v<T, NatDPayload>) {
          w.bytes(p.hash);
          return true;
        } else if constexpr (std::is_same_v<T, UnknownPayload>) {
          w.bytes(p.body);
          return true;
        } else {
          w.bytes(p.data);  // KE, HASH, NONCE, VID: opaque data only
          return true;
        }
      },
      body);
  if (!ok || w.size() + kGenericHeaderSize > 0xffff) return std::nullopt;
  return w.take();
}

// ---------------------------------------------------------------------------------------
// Decoding

namespace {

DecodeError error(DecodeErrorCode code, PayloadType pt, std::size_t offset, std::string text) {
  return DecodeError{code, pt, offset, std::move(text)};
}

// One link of a Proposal or Transform chain inside its parent (RFC 2408 §3.5, §3.6).
struct ChainItem {
  std::uint8_t next = 0;
  ByteView body;
  std::size_t body_offset = 0;
};

Expected<ChainItem, DecodeError> read_chain_item(ByteReader& r, std::size_t base,
                                                 PayloadType self, std::size_t min_body) {
  std::size_t at = base + r.position();
  std::uint8_t next = 0, reserved = 0;
  std::uint16_t length = 0;
  if (!r.u8(next) || !r.u8(reserved) || !r.u16(length)) {
    return unexpected(error(DecodeErrorCode::Truncated, self, at,
                            std::string(to_string(self)) + " header needs 4 bytes"));
  }
  if (length < kGenericHeaderSize + min_body) {
    return unexpected(error(DecodeErrorCode::BadLength, self, at,
                            std::string(to_string(self)) + " length " + std::to_string(length) +
                                " below minimum " + std::to_string(kGenericHeaderSize + min_body)));
  }
  ChainItem item;
  item.next = next;
  item.body_offset = base + r.position();
  if (!r.bytes(length - kGenericHeaderSize, item.body)) {
    return unexpected(error(DecodeErrorCode::BadLength, self, at,
                            std::string(to_string(self)) + " length " + std::to_string(length) +
                                " exceeds " + std::to_string(r.remaining() + kGenericHeaderSize) +
                                " remaining in parent"));
  }
  return item;
}

Expected<Transform, DecodeError> decode_transform(const ChainItem& item) {
  ByteReader r(item.body);
  Transform t;
  std::uint16_t reserved2 = 0;
  r.u8(t.number);
  r.u8(t.id);
  r.u16(reserved2);  // the 4-byte minimum was checked by read_chain_item
  auto attrs = decode_attributes(r.rest(), item.body_offset + 4);
  if (!attrs) return unexpected(attrs.error());
  t.attributes = std::move(*attrs);
  return t;
}

Expected<Proposal, DecodeError> decode_proposal(const ChainItem& item) {
  ByteReader r(item.body);
  Proposal p;
  std::uint8_t spi_size = 0, count = 0;
  r.u8(p.number);
  r.u8(p.protocol);
  r.u8(spi_size);
  r.u8(count);
  ByteView spi;
  if (!r.bytes(spi_size, spi)) {
    return unexpected(error(DecodeErrorCode::BadLength, PayloadType::Proposal,
                            item.body_offset + 2,
                            "SPI size " + std::to_string(spi_size) + " exceeds proposal"));
  }
  p.spi = to_bytes(spi);
  if (count == 0) {
    return unexpected(error(DecodeErrorCode::CountMismatch, PayloadType::Proposal,
                            item.body_offset + 3, "proposal announces no transforms"));
  }
  std::uint8_t next = static_cast<std::uint8_t>(PayloadType::Transform);
  while (r.remaining() > 0) {
    if (next != static_cast<std::uint8_t>(PayloadType::Transform)) {
      return unexpected(error(DecodeErrorCode::BadNesting, PayloadType::Transform,
                              item.body_offset + r.position(),
                              "bytes after the last transform (next payload " +
                                  std::to_string(next) + ")"));
    }
    auto ti = read_chain_item(r, item.body_offset, PayloadType::Transform, 4);
    if (!ti) return unexpected(ti.error());
    if (ti->next != 0 && ti->next != static_cast<std::uint8_t>(PayloadType::Transform)) {
      return unexpected(error(DecodeErrorCode::BadNesting, PayloadType::Transform,
                              ti->body_offset - 4,
                              "transform chained to payload type " + std::to_string(ti->next)));
    }
    auto t = decode_transform(*ti);
    if (!t) return unexpected(t.error());
    p.transforms.push_back(std::move(*t));
    next = ti->next;
  }
  if (next != 0) {
    return unexpected(error(DecodeErrorCode::Truncated, PayloadType::Proposal,
                            item.body_offset + item.body.size(),
                            "last transform announces another one"));
  }
  if (p.transforms.size() != count) {
    return unexpected(error(DecodeErrorCode::CountMismatch, PayloadType::Proposal,
                            item.body_offset + 3,
                            "#transforms says " + std::to_string(count) + ", found " +
                                std::to_string(p.transforms.size())));
  }
  return p;
}

Expected<PayloadBody, DecodeError> decode_sa(ByteView body, std::size_t base) {
  constexpr auto pt = PayloadType::SecurityAssociation;
  ByteReader r(body);
  SaPayload sa;
  if (!r.u32(sa.doi) || !r.u32(sa.situation)) {
    return unexpected(error(DecodeErrorCode::Truncated, pt, base,
                            "DOI and situation need 8 bytes, have " + std::to_string(body.size())));
  }
  // RFC 2407 §4.2: only the IPsec DOI defines the situation and proposal layout we parse.
  if (sa.doi != kDoiIpsec) {
    return unexpected(error(DecodeErrorCode::UnsupportedDoi, pt, base,
                            "DOI " + std::to_string(sa.doi) + " is not IPsec (1)"));
  }
  // Secrecy/integrity situations append labeled-domain fields nobody deploys (RFC 2407 §4.6.1).
  if (sa.situation != kSituationIdentityOnly) {
    return unexpected(error(DecodeErrorCode::UnsupportedSituation, pt, base + 4,
                            "situation " + std::to_string(sa.situation) +
                                " is not SIT_IDENTITY_ONLY"));
  }
  std::uint8_t next = static_cast<std::uint8_t>(PayloadType::Proposal);
  while (r.remaining() > 0) {
    if (next != static_cast<std::uint8_t>(PayloadType::Proposal)) {
      return unexpected(error(DecodeErrorCode::BadNesting, PayloadType::Proposal,
                              base + r.position(), "bytes after the last proposal"));
    }
    auto pi = read_chain_item(r, base, PayloadType::Proposal, 4);
    if (!pi) return unexpected(pi.error());
    if (pi->next != 0 && pi->next != static_cast<std::uint8_t>(PayloadType::Proposal)) {
      return unexpected(error(DecodeErrorCode::BadNesting, PayloadType::Proposal,
                              pi->body_offset - 4,
                              "proposal chained to payload type " + std::to_string(pi->next)));
    }
    auto p = decode_proposal(*pi);
    if (!p) return unexpected(p.error());
    sa.proposals.push_back(std::move(*p));
    next = pi->next;
  }
  if (sa.proposals.empty()) {
    return unexpected(error(DecodeErrorCode::CountMismatch, pt, base + 8, "SA has no proposal"));
  }
  if (next != 0) {
    return unexpected(error(DecodeErrorCode::Truncated, pt, base + body.size(),
                            "last proposal announces another one"));
  }
  return PayloadBody{std::move(sa)};
}

std::size_t expected_id_length(std::uint8_t id_type) {
  switch (static_cast<IdType>(id_type)) {
    case IdType::Ipv4Addr: return 4;
    case IdType::Ipv4AddrSubnet:
    case IdType::Ipv4AddrRange: return 8;
    case IdType::Ipv6Addr: return 16;
    case IdType::Ipv6AddrSubnet:
    case IdType::Ipv6AddrRange: return 32;
    default: return 0;  // variable length
  }
}

Expected<PayloadBody, DecodeError> decode_id(ByteView body, std::size_t base) {
  constexpr auto pt = PayloadType::Identification;
  ByteReader r(body);
  IdPayload id;
  if (!r.u8(id.id_type) || !r.u8(id.protocol) || !r.u16(id.port)) {
    return unexpected(error(DecodeErrorCode::Truncated, pt, base,
                            "ID needs 4 bytes of type/protocol/port"));
  }
  id.data = to_bytes(r.rest());
  std::size_t want = expected_id_length(id.id_type);
  if (want != 0 && id.data.size() != want) {
    return unexpected(error(DecodeErrorCode::BadIdentification, pt, base + 4,
                            "ID type " + std::to_string(id.id_type) + " needs " +
                                std::to_string(want) + " data bytes, has " +
                                std::to_string(id.data.size())));
  }
  if (want == 0 && id.data.empty()) {
    return unexpected(error(DecodeErrorCode::BadIdentification, pt, base + 4,
                            "ID type " + std::to_string(id.id_type) + " with empty data"));
  }
  return PayloadBody{std::move(id)};
}

Expected<PayloadBody, DecodeError> decode_notification(ByteView body, std::size_t base) {
  constexpr auto pt = PayloadType::Notification;
  ByteReader r(body);
  NotificationPayload n;
  std::uint8_t spi_size = 0;
  if (!r.u32(n.doi) || !r.u8(n.protocol) || !r.u8(spi_size) || !r.u16(n.type)) {
    return unexpected(error(DecodeErrorCode::Truncated, pt, base,
                            "notification needs 8 bytes before the SPI, has " +
                                std::to_string(body.size())));
  }
  ByteView spi;
  if (!r.bytes(spi_size, spi)) {
    return unexpected(error(DecodeErrorCode::BadLength, pt, base + 5,
                            "SPI size " + std::to_string(spi_size) + " exceeds payload"));
  }
  n.spi = to_bytes(spi);
  n.data = to_bytes(r.rest());
  return PayloadBody{std::move(n)};
}

Expected<PayloadBody, DecodeError> decode_delete(ByteView body, std::size_t base) {
  constexpr auto pt = PayloadType::Delete;
  ByteReader r(body);
  DeletePayload d;
  std::uint16_t count = 0;
  if (!r.u32(d.doi) || !r.u8(d.protocol) || !r.u8(d.spi_size) || !r.u16(count)) {
    return unexpected(error(DecodeErrorCode::Truncated, pt, base,
                            "delete needs 8 bytes before the SPIs, has " +
                                std::to_string(body.size())));
  }
  if (count == 0 || d.spi_size == 0) {
    return unexpected(error(DecodeErrorCode::CountMismatch, pt, base + 5,
                            "delete with " + std::to_string(count) + " SPIs of size " +
                                std::to_string(d.spi_size)));
  }
  if (r.remaining() != std::size_t{count} * d.spi_size) {
    return unexpected(error(DecodeErrorCode::CountMismatch, pt, base + 6,
                            std::to_string(count) + " SPIs of " + std::to_string(d.spi_size) +
                                " bytes need " + std::to_string(std::size_t{count} * d.spi_size) +
                                ", have " + std::to_string(r.remaining())));
  }
  for (std::uint16_t i = 0; i < count; ++i) {
    ByteView spi;
    r.bytes(d.spi_size, spi);
    d.spis.push_back(to_bytes(spi));
  }
  return PayloadBody{std::move(d)};
}

}  // namespace

Expected<PayloadBody, DecodeError> decode_payload_body(PayloadType type, ByteView body,
                                                       std::size_t base_offset) {
  switch (type) {
    case PayloadType::SecurityAssociation: return decode_sa(body, base_offset);
    case PayloadType::Identification: return decode_id(body, base_offset);
    case PayloadType::Notification: return decode_notification(body, base_offset);
    case PayloadType::Delete: return decode_delete(body, base_offset);
    case PayloadType::KeyExchange: return PayloadBody{KePayload{to_bytes(body)}};
    case PayloadType::Hash: return PayloadBody{HashPayload{to_bytes(body)}};
    case PayloadType::Nonce: return PayloadBody{NoncePayload{to_bytes(body)}};
    case PayloadType::VendorId: return PayloadBody{VendorIdPayload{to_bytes(body)}};
    case PayloadType::NatDiscovery: return PayloadBody{NatDPayload{to_bytes(body)}};
    case PayloadType::Proposal:
    case PayloadType::Transform:
      return unexpected(error(DecodeErrorCode::BadNesting, type, base_offset,
                              std::string(to_string(type)) + " outside an SA payload"));
    case PayloadType::None:
      return unexpected(error(DecodeErrorCode::BadNesting, type, base_offset,
                              "payload of type NONE"));
    default:
      return PayloadBody{UnknownPayload{static_cast<std::uint8_t>(type), to_bytes(body)}};
  }
}

}  // namespace havpnc::ike
