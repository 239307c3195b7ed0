#pragma once
// HSRP authentication: RFC 2281 §5.1 clear text, and Cisco's MD5 (12.3(2)T+), which is the
// RFC 1828 "keyed MD5" construction (John the Ripper's hsrp_fmt_plug.c, PROTOCOLS.md §1.2):
//
//   digest = MD5( key || MD5-padding(key) || message-with-digest-zeroed || key )
//
// MD5-padding(key) is what MD5 itself would append to `key` alone (0x80, zeros, the key's bit
// length as 64-bit little endian), so key||padding fills whole 64-byte blocks. The message is
// the whole UDP payload as sent; in v1 its 8 text-auth octets are zero when MD5 is used.
#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "runtime/core/secret.h"
#include "runtime/hsrp/packet.h"

namespace havpnc::hsrp {

enum class AuthKind : std::uint8_t { Text, Md5 };

struct AuthConfig {
  AuthKind kind = AuthKind::Text;
  // IOS default when nothing is configured: the text "cisco" (RFC 2281 §5.1).
  Secret key{std::string_view{"cisco"}};
  std::uint32_t key_id = 0;  // the key-chain key number; 0 for `key-string`
};

using Md5Digest = std::array<std::uint8_t, 16>;

Md5Digest keyed_md5(const Secret& key, std::span<const std::uint8_t> message);

// The 8 octets text authentication carries: the key truncated or zero-padded to 8.
TextAuth text_auth_data(const Secret& key);

// Encodes `packet` carrying the authentication `auth` asks for; for MD5 the TLV names
// `sender_ip` and the digest is computed over the encoded bytes.
std::vector<std::uint8_t> encode_authenticated(Packet packet, const AuthConfig& auth,
                                               Ipv4 sender_ip);

// True when `packet` (decoded from `raw`) carries the authentication `auth` expects and it
// matches. Comparisons are constant-time.
bool authenticate(const Packet& packet, std::span<const std::uint8_t> raw, const AuthConfig& auth);

}  // namespace havpnc::hsrp
