#pragma once
// ISAKMP payload bodies (RFC 2408 §3.4-3.16, RFC 2407 §4.6, RFC 3947 §3.2). Each struct is
// the payload without its 4-byte generic header; message.h chains them. Proposal and
// Transform live only inside an SA (RFC 2408 §3.5/3.6), so they are not top-level payloads.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "runtime/ike/attributes.h"
#include "runtime/ike/bytes.h"
#include "runtime/ike/constants.h"
#include "runtime/ike/decode_error.h"
#include "runtime/ike/result.h"

namespace havpnc::ike {

using Ipv4 = std::array<std::uint8_t, 4>;

struct Transform {
  std::uint8_t number = 1;
  std::uint8_t id = kTransformKeyIke;
  Attributes attributes;
  friend bool operator==(const Transform&, const Transform&) = default;
};

struct Proposal {
  std::uint8_t number = 1;
  std::uint8_t protocol = static_cast<std::uint8_t>(ProtocolId::Isakmp);
  Bytes spi;  // empty in phase 1 (RFC 2409 §5: cookies are the SPI), 4 bytes for ESP
  std::vector<Transform> transforms;
  friend bool operator==(const Proposal&, const Proposal&) = default;
};

struct SaPayload {
  std::uint32_t doi = kDoiIpsec;
  std::uint32_t situation = kSituationIdentityOnly;
  std::vector<Proposal> proposals;
  friend bool operator==(const SaPayload&, const SaPayload&) = default;
};

struct KePayload {
  Bytes data;
  friend bool operator==(const KePayload&, const KePayload&) = default;
};

struct IdPayload {
  std::uint8_t id_type = static_cast<std::uint8_t>(IdType::Ipv4Addr);
  std::uint8_t protocol = 0;  // RFC 2407 §4.6.2: 0 = any, 17 = UDP
  std::uint16_t port = 0;
  Bytes data;

  static IdPayload ipv4(Ipv4 addr, std::uint8_t protocol = 0, std::uint16_t port = 0);
  static IdPayload ipv4_subnet(Ipv4 addr, Ipv4 mask, std::uint8_t protocol = 0,
                               std::uint16_t port = 0);
  static IdPayload fqdn(const std::string& name, std::uint8_t protocol = 0,
                        std::uint16_t port = 0);
  friend bool operator==(const IdPayload&, const IdPayload&) = default;
};

struct HashPayload {
  Bytes data;
  friend bool operator==(const HashPayload&, const HashPayload&) = default;
};

struct NoncePayload {
  Bytes data;
  friend bool operator==(const NoncePayload&, const NoncePayload&) = default;
};

struct NotificationPayload {
  std::uint32_t doi = kDoiIpsec;
  std::uint8_t protocol = static_cast<std::uint8_t>(ProtocolId::Isakmp);
  std::uint16_t type = 0;  // NotifyType, kept raw: unknown types must be ignorable
  Bytes spi;
  Bytes data;
  friend bool operator==(const NotificationPayload&, const NotificationPayload&) = default;
};

struct DeletePayload {
  std::uint32_t doi = kDoiIpsec;
  std::uint8_t protocol = static_cast<std::uint8_t>(ProtocolId::Esp);
  std::uint8_t spi_size = 4;
  std::vector<Bytes> spis;  // each exactly spi_size bytes
  friend bool operator==(const DeletePayload&, const DeletePayload&) = default;
};

struct VendorIdPayload {
  Bytes data;
  friend bool operator==(const VendorIdPayload&, const VendorIdPayload&) = default;
};

struct NatDPayload {
  Bytes hash;
  friend bool operator==(const NatDPayload&, const NatDPayload&) = default;
};

// Payload types havpnc does not interpret (CERT, SIG, NAT-OA, private use): carried through
// so a task can answer INVALID-PAYLOAD-TYPE or ignore them, as RFC 2408 §5.1 allows.
struct UnknownPayload {
  std::uint8_t type = 0;
  Bytes body;
  friend bool operator==(const UnknownPayload&, const UnknownPayload&) = default;
};

using PayloadBody =
    std::variant<SaPayload, KePayload, IdPayload, HashPayload, NoncePayload, NotificationPayload,
                 DeletePayload, VendorIdPayload, NatDPayload, UnknownPayload>;

struct Payload {
  PayloadBody body;
  // The body bytes as they arrived (empty for payloads we built). HASH_I/HASH_R cover the
  // initiator's SA body and the ID body byte-exact as received (RFC 2409 §5), not our
  // re-encoding of them.
  Bytes received_body;

  PayloadType type() const;
  friend bool operator==(const Payload& a, const Payload& b) { return a.body == b.body; }
};

// The body without the generic header; nullopt if a length or count field would overflow.
std::optional<Bytes> encode_payload_body(const PayloadBody& body);

// `body` excludes the generic header; `base_offset` is its offset in the datagram.
Expected<PayloadBody, DecodeError> decode_payload_body(PayloadType type, ByteView body,
                                                       std::size_t base_offset);

}  // namespace havpnc::ike
