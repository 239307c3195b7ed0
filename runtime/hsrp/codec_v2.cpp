// HSRPv2 (Cisco; layout as in Wireshark's packet-hsrp.c header comment, PROTOCOLS.md §1.2).
// A message is a sequence of TLVs: 1-byte type, 1-byte length not counting those two bytes.
// Group State TLV, offsets relative to its type octet:
//   0 type=1 | 1 length=40 | 2 version (2) | 3 op code | 4 state (1..6) | 5 IP version (4) |
//   6-7 group | 8-13 identifier (sender MAC) | 14-17 priority | 18-21 hello (ms) |
//   22-25 hold (ms) | 26-41 virtual IP (IPv4 in the first 4 octets, rest zero)
// Text Authentication TLV: type=3, length=8, 8 octets of clear text.
// Interface State TLV (type=2, length=4) may accompany a group's TLVs; it carries no group
// state, so it is length-checked and skipped.
#include <algorithm>

#include "runtime/hsrp/codec_internal.h"
#include "runtime/hsrp/packet.h"
#include "runtime/hsrp/wire.h"

namespace havpnc::hsrp {

namespace {

constexpr std::uint16_t kMaxV2Group = 4095;
constexpr std::uint8_t kIpVersion4 = 4;

DecodeResult fail(DecodeError error) { return DecodeResult{std::nullopt, error}; }

bool decode_group_state(std::span<const std::uint8_t> t, Packet& p, DecodeError& error) {
  if (t[2] != 2) { error = DecodeError::BadVersion; return false; }
  if (t[3] > static_cast<std::uint8_t>(Opcode::Resign)) { error = DecodeError::BadOpcode; return false; }
  p.opcode = static_cast<Opcode>(t[3]);
  if (!state_from_v2_code(t[4], p.state)) { error = DecodeError::BadState; return false; }
  if (t[5] != kIpVersion4) { error = DecodeError::BadField; return false; }
  p.group = wire::get16(t, 6);
  if (p.group > kMaxV2Group) { error = DecodeError::BadField; return false; }
  std::copy(t.begin() + 8, t.begin() + 14, p.identifier.octets.begin());
  p.priority = wire::get32(t, 14);
  p.hello_ms = wire::get32(t, 18);
  p.hold_ms = wire::get32(t, 22);
  p.virtual_ip = wire::get32(t, 26);
  return true;
}

}  // namespace

DecodeResult decode_v2(std::span<const std::uint8_t> b) {
  Packet p;
  p.version = Version::V2;
  bool have_group_state = false;
  std::size_t off = 0;
  while (off < b.size()) {
    if (b.size() - off < 2) return fail(DecodeError::Truncated);
    const std::uint8_t type = b[off];
    const std::size_t length = b[off + 1];
    if (b.size() - off - 2 < length) return fail(DecodeError::Truncated);
    const auto whole = b.subspan(off, length + 2);
    DecodeError error{};
    switch (type) {
      case tlv::kGroupState:
        if (have_group_state) return fail(DecodeError::DuplicateTlv);
        if (length != tlv::kGroupStateLength) return fail(DecodeError::BadLength);
        if (!decode_group_state(whole, p, error)) return fail(error);
        have_group_state = true;
        break;
      case tlv::kInterfaceState:
        if (length != tlv::kInterfaceStateLength) return fail(DecodeError::BadLength);
        break;
      case tlv::kTextAuth: {
        if (p.text_auth || p.md5_auth) return fail(DecodeError::DuplicateTlv);
        if (length != tlv::kTextAuthLength) return fail(DecodeError::BadLength);
        TextAuth text;
        std::copy(whole.begin() + 2, whole.end(), text.data.begin());
        p.text_auth = text;
        break;
      }
      case tlv::kMd5Auth: {
        if (p.text_auth || p.md5_auth) return fail(DecodeError::DuplicateTlv);
        if (length != tlv::kMd5AuthLength) return fail(DecodeError::BadLength);
        Md5Auth md5;
        if (!tlv::decode_md5(whole, off, md5, error)) return fail(error);
        p.md5_auth = md5;
        break;
      }
      default:
        return fail(DecodeError::UnknownTlv);
    }
    off += length + 2;
  }
  if (!have_group_state) {
    return fail(b.empty() ? DecodeError::Truncated : DecodeError::MissingGroupState);
  }
  return DecodeResult{p, DecodeError::Truncated};
}

namespace detail {

std::vector<std::uint8_t> encode_v2(const Packet& p) {
  std::vector<std::uint8_t> out;
  out.reserve(kGroupStateTlvSize + kMd5TlvSize);
  out.push_back(tlv::kGroupState);
  out.push_back(tlv::kGroupStateLength);
  out.push_back(2);
  out.push_back(static_cast<std::uint8_t>(p.opcode));
  out.push_back(v2_state_code(p.state));
  out.push_back(kIpVersion4);
  wire::put16(out, p.group);
  out.insert(out.end(), p.identifier.octets.begin(), p.identifier.octets.end());
  wire::put32(out, p.priority);
  wire::put32(out, p.hello_ms);
  wire::put32(out, p.hold_ms);
  wire::put32(out, p.virtual_ip);
  out.insert(out.end(), 12, 0);
  if (p.md5_auth) {
    tlv::encode_md5(out, *p.md5_auth);
  } else if (p.text_auth) {
    out.push_back(tlv::kTextAuth);
    out.push_back(tlv::kTextAuthLength);
    out.insert(out.end(), p.text_auth->data.begin(), p.text_auth->data.end());
  }
  return out;
}

}  // namespace detail

}  // namespace havpnc::hsrp
