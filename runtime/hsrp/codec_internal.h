#pragma once
// Pieces the two version codecs share: TLV numbers, the MD5 Authentication TLV both versions
// carry (Cisco, see PROTOCOLS.md §1.2), and the per-version encoders. Internal: use packet.h.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "runtime/hsrp/packet.h"

namespace havpnc::hsrp::tlv {

inline constexpr std::uint8_t kGroupState = 1;
inline constexpr std::uint8_t kInterfaceState = 2;
inline constexpr std::uint8_t kTextAuth = 3;
inline constexpr std::uint8_t kMd5Auth = 4;

inline constexpr std::uint8_t kGroupStateLength = 40;
inline constexpr std::uint8_t kInterfaceStateLength = 4;
inline constexpr std::uint8_t kTextAuthLength = 8;
inline constexpr std::uint8_t kMd5AuthLength = 28;

// `tlv` starts at the TLV's type octet and is exactly kMd5TlvSize long; `base` is the offset
// of that octet in the whole message, so the digest's offset can be recorded for verification.
bool decode_md5(std::span<const std::uint8_t> tlv, std::size_t base, Md5Auth& out,
                DecodeError& error);
void encode_md5(std::vector<std::uint8_t>& out, const Md5Auth& md5);

}  // namespace havpnc::hsrp::tlv

namespace havpnc::hsrp::detail {
std::vector<std::uint8_t> encode_v1(const Packet& packet);
std::vector<std::uint8_t> encode_v2(const Packet& packet);
}  // namespace havpnc::hsrp::detail
