#pragma once
// Numbers from the IKEv1 registries, named as the RFCs name them. Only values havpnc acts on
// are listed; anything else still decodes (as a raw number) so unknown values can be refused
// by the negotiation layer with the right notification instead of a parse failure.
#include <cstdint>
#include <string_view>

namespace havpnc::ike {

// RFC 2408 §3.1: version 1.0 in one octet.
inline constexpr std::uint8_t kIsakmpVersion = 0x10;
inline constexpr std::size_t kHeaderSize = 28;
inline constexpr std::size_t kCookieSize = 8;
inline constexpr std::size_t kGenericHeaderSize = 4;

// RFC 2408 §3.1 exchange types (RFC 2409 §5 adds Quick Mode 32).
enum class ExchangeType : std::uint8_t {
  None = 0,
  Base = 1,
  IdentityProtection = 2,  // Main Mode
  AuthenticationOnly = 3,
  Aggressive = 4,
  Informational = 5,
  QuickMode = 32,
  NewGroupMode = 33,
};
std::string_view to_string(ExchangeType t);

// RFC 2408 §3.1 flags.
inline constexpr std::uint8_t kFlagEncryption = 0x01;
inline constexpr std::uint8_t kFlagCommit = 0x02;
inline constexpr std::uint8_t kFlagAuthenticationOnly = 0x04;

// RFC 2408 §3.1 next-payload values; NAT-D/NAT-OA from RFC 3947 §3.
enum class PayloadType : std::uint8_t {
  None = 0,
  SecurityAssociation = 1,
  Proposal = 2,
  Transform = 3,
  KeyExchange = 4,
  Identification = 5,
  Certificate = 6,
  CertificateRequest = 7,
  Hash = 8,
  Signature = 9,
  Nonce = 10,
  Notification = 11,
  Delete = 12,
  VendorId = 13,
  NatDiscovery = 20,
  NatOriginalAddress = 21,
};
std::string_view to_string(PayloadType t);

// RFC 2407 §4.2 / §4.3.
inline constexpr std::uint32_t kDoiIpsec = 1;
inline constexpr std::uint32_t kSituationIdentityOnly = 1;

// RFC 2407 §4.4.1 protocol identifiers.
enum class ProtocolId : std::uint8_t {
  Isakmp = 1,
  Ah = 2,
  Esp = 3,
  IpComp = 4,
};

// RFC 2409 Appendix A: the only phase-1 transform id.
inline constexpr std::uint8_t kTransformKeyIke = 1;
// RFC 2407 §4.4.4 ESP transform identifiers.
inline constexpr std::uint8_t kEspTransform3Des = 3;
inline constexpr std::uint8_t kEspTransformAes = 12;

// RFC 2409 Appendix A phase-1 attribute classes.
namespace p1attr {
inline constexpr std::uint16_t kEncryptionAlgorithm = 1;
inline constexpr std::uint16_t kHashAlgorithm = 2;
inline constexpr std::uint16_t kAuthenticationMethod = 3;
inline constexpr std::uint16_t kGroupDescription = 4;
inline constexpr std::uint16_t kLifeType = 11;
inline constexpr std::uint16_t kLifeDuration = 12;
inline constexpr std::uint16_t kKeyLength = 14;
}  // namespace p1attr

// RFC 2407 §4.5 phase-2 (IPsec DOI) attribute classes.
namespace p2attr {
inline constexpr std::uint16_t kSaLifeType = 1;
inline constexpr std::uint16_t kSaLifeDuration = 2;
inline constexpr std::uint16_t kGroupDescription = 3;
inline constexpr std::uint16_t kEncapsulationMode = 4;
inline constexpr std::uint16_t kAuthenticationAlgorithm = 5;
inline constexpr std::uint16_t kKeyLength = 6;
}  // namespace p2attr

// Life types: RFC 2409 App. A (phase 1) and RFC 2407 §4.5 (phase 2) share the numbers.
inline constexpr std::uint16_t kLifeTypeSeconds = 1;
inline constexpr std::uint16_t kLifeTypeKilobytes = 2;

// RFC 2407 §4.5 encapsulation modes; RFC 3947 §5 adds the UDP-encapsulated ones.
inline constexpr std::uint16_t kEncapsulationTunnel = 1;
inline constexpr std::uint16_t kEncapsulationTransport = 2;
inline constexpr std::uint16_t kEncapsulationUdpTunnel = 3;
inline constexpr std::uint16_t kEncapsulationUdpTransport = 4;

// RFC 2407 §4.5 authentication algorithm (phase 2).
inline constexpr std::uint16_t kAuthHmacMd5 = 1;
inline constexpr std::uint16_t kAuthHmacSha1 = 2;

// RFC 2409 Appendix A authentication methods.
inline constexpr std::uint16_t kAuthMethodPreSharedKey = 1;

// RFC 2407 §4.6.2.1 identification types.
enum class IdType : std::uint8_t {
  Ipv4Addr = 1,
  Fqdn = 2,
  UserFqdn = 3,
  Ipv4AddrSubnet = 4,
  Ipv6Addr = 5,
  Ipv6AddrSubnet = 6,
  Ipv4AddrRange = 7,
  Ipv6AddrRange = 8,
  DerAsn1Dn = 9,
  DerAsn1Gn = 10,
  KeyId = 11,
};

// RFC 2408 §3.14.1 error and status types, RFC 2407 §4.6.3 IPsec DOI status, RFC 3706 DPD.
enum class NotifyType : std::uint16_t {
  InvalidPayloadType = 1,
  InvalidCookie = 4,
  InvalidExchangeType = 7,
  InvalidFlags = 8,
  InvalidMessageId = 9,
  NoProposalChosen = 14,
  PayloadMalformed = 16,
  InvalidKeyInformation = 17,
  InvalidIdInformation = 18,
  InvalidHashInformation = 23,
  AuthenticationFailed = 24,
  Connected = 16384,
  ResponderLifetime = 24576,
  ReplayStatus = 24577,
  InitialContact = 24578,
  RUThere = 36136,
  RUThereAck = 36137,
};

}  // namespace havpnc::ike
