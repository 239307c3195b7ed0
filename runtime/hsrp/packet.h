#pragma once
// HSRP messages as values, and the codec for both wire versions.
//
// v1 (RFC 2281 §5.1): a fixed 20-byte header, optionally followed by Cisco's 30-byte MD5
// Authentication TLV (the 50-byte shape Wireshark and John the Ripper recognise).
// v2 (Cisco, no RFC): a Group State TLV followed by a Text or MD5 Authentication TLV.
// Field layouts are in /work/shared/design/PROTOCOLS.md §1.1-1.2 and are commented at each
// offset in codec_v1.cpp / codec_v2.cpp.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "runtime/hsrp/types.h"

namespace havpnc::hsrp {

inline constexpr std::uint16_t kUdpPort = 1985;
inline constexpr Ipv4 kV1Multicast = 0xE0000002;  // 224.0.0.2, all routers (RFC 2281 §5)
inline constexpr Ipv4 kV2Multicast = 0xE0000066;  // 224.0.0.102 (Cisco HSRPv2)

inline constexpr std::size_t kV1HeaderSize = 20;
inline constexpr std::size_t kMd5TlvSize = 30;    // 2-byte TLV header + 28
inline constexpr std::size_t kGroupStateTlvSize = 42;  // 2-byte TLV header + 40
inline constexpr std::size_t kTextTlvSize = 10;   // 2-byte TLV header + 8

struct TextAuth {
  std::array<std::uint8_t, 8> data{};
};

// Cisco's MD5 Authentication TLV (type 4, length 28).
struct Md5Auth {
  std::uint8_t algorithm = 1;  // 1 = MD5
  std::uint8_t padding = 0;
  std::uint16_t flags = 0;
  Ipv4 sender_ip = 0;
  std::uint32_t key_id = 0;
  std::array<std::uint8_t, 16> digest{};
  // Where the digest sits in the bytes it was decoded from: the receiver recomputes the
  // digest over exactly those bytes with these 16 zeroed. Not part of equality.
  std::size_t digest_offset = 0;
};

struct Packet {
  Version version = Version::V1;
  Opcode opcode = Opcode::Hello;
  State state = State::Initial;
  // Always milliseconds here; v1 carries whole seconds (RFC 2281 §5.1), v2 milliseconds.
  std::uint32_t hello_ms = 3000;
  std::uint32_t hold_ms = 10000;
  std::uint32_t priority = 100;  // one octet in v1, 32 bits in v2
  std::uint16_t group = 0;       // 0-255 in v1, 0-4095 in v2
  MacAddress identifier{};       // v2 only: the sender's interface MAC
  Ipv4 virtual_ip = 0;           // 0.0.0.0 = not configured, learn it (RFC 2281 §5.1)
  std::optional<TextAuth> text_auth;
  std::optional<Md5Auth> md5_auth;
};

bool operator==(const Packet& a, const Packet& b);

enum class DecodeError : std::uint8_t {
  Truncated,        // shorter than the smallest valid message or a TLV runs past the end
  BadLength,        // a length that no valid message has (v1 not 20/50, TLV length wrong)
  BadVersion,       // v1 version octet not 0, v2 Group State version not 2
  BadOpcode,        // not Hello/Coup/Resign (includes Cisco's opcode 3 Advertise)
  BadState,         // a state code the version does not define
  BadField,         // other out-of-range field: group > 4095, IP version not 4, MD5 algorithm
  UnknownTlv,       // a v2 TLV type the codec does not know
  DuplicateTlv,     // two Group State or two authentication TLVs
  MissingGroupState // a v2 message without its Group State TLV
};
inline constexpr std::size_t kDecodeErrorCount = 9;

std::string_view decode_error_name(DecodeError error);

struct DecodeResult {
  std::optional<Packet> packet;
  DecodeError error = DecodeError::Truncated;  // meaningful only when !packet
};

// The UDP payload of a v1 message (sent to 224.0.0.2) or a v2 message (224.0.0.102); the
// receiver knows which from the destination group, as Wireshark does.
DecodeResult decode_v1(std::span<const std::uint8_t> bytes);
DecodeResult decode_v2(std::span<const std::uint8_t> bytes);
DecodeResult decode(Version version, std::span<const std::uint8_t> bytes);

// Encodes `packet` in its own version. The MD5 digest is written as stored; use
// auth.h's sign() to fill it. v1 timers are truncated to whole seconds and capped at 255.
std::vector<std::uint8_t> encode(const Packet& packet);

}  // namespace havpnc::hsrp
