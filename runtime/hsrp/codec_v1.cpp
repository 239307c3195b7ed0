// HSRPv1 (RFC 2281 §5.1). Offsets:
//   0 version (0) | 1 op code | 2 state (bit value) | 3 hellotime (s) | 4 holdtime (s) |
//   5 priority | 6 group | 7 reserved | 8-15 authentication data | 16-19 virtual IP
// With Cisco MD5 authentication the 20 bytes are followed by one 30-byte MD5 TLV and the
// authentication data octets are zero (John the Ripper's hsrp2john.py reads captures of
// exactly that 50-byte shape); no other length is a valid v1 message.
#include <algorithm>

#include "runtime/hsrp/codec_internal.h"
#include "runtime/hsrp/packet.h"
#include "runtime/hsrp/wire.h"

namespace havpnc::hsrp {

namespace {

DecodeResult fail(DecodeError error) { return DecodeResult{std::nullopt, error}; }

std::uint8_t seconds_octet(std::uint32_t ms) {
  return static_cast<std::uint8_t>(std::min<std::uint32_t>(ms / 1000, 255));
}

// v1's timer octets hold whole seconds (RFC 2281 §5.1). `standby timers msec` cannot be
// expressed there, and any rounding misleads a receiver: rounded down, a 1500 ms hold would be
// run as 1 s (false takeovers); rounded up, a 300 ms hold as 1 s (slow takeovers). So such
// hellos advertise 0/0, which receivers treat as "not advertised": they neither learn it nor
// time the sender by it (§5.6 A/B fall back to their own hold time) — routers of a v1 pair with
// msec timers must both configure them, which ha-pair-drift already demands.
bool whole_seconds(const Packet& p) { return p.hello_ms % 1000 == 0 && p.hold_ms % 1000 == 0; }

}  // namespace

DecodeResult decode_v1(std::span<const std::uint8_t> b) {
  if (b.size() < kV1HeaderSize) return fail(DecodeError::Truncated);
  if (b.size() != kV1HeaderSize && b.size() != kV1HeaderSize + kMd5TlvSize)
    return fail(DecodeError::BadLength);
  if (b[0] != 0) return fail(DecodeError::BadVersion);
  if (b[1] > static_cast<std::uint8_t>(Opcode::Resign)) return fail(DecodeError::BadOpcode);

  Packet p;
  p.version = Version::V1;
  p.opcode = static_cast<Opcode>(b[1]);
  if (!state_from_v1_code(b[2], p.state)) return fail(DecodeError::BadState);
  p.hello_ms = std::uint32_t{b[3]} * 1000;
  p.hold_ms = std::uint32_t{b[4]} * 1000;
  p.priority = b[5];
  p.group = b[6];
  p.virtual_ip = wire::get32(b, 16);

  if (b.size() == kV1HeaderSize) {
    TextAuth text;
    std::copy(b.begin() + 8, b.begin() + 16, text.data.begin());
    p.text_auth = text;
  } else {
    Md5Auth md5;
    DecodeError error{};
    if (b[kV1HeaderSize] != tlv::kMd5Auth) return fail(DecodeError::UnknownTlv);
    if (!tlv::decode_md5(b.subspan(kV1HeaderSize, kMd5TlvSize), kV1HeaderSize, md5, error))
      return fail(error);
    p.md5_auth = md5;
  }
  return DecodeResult{p, DecodeError::Truncated};
}

namespace detail {

std::vector<std::uint8_t> encode_v1(const Packet& p) {
  std::vector<std::uint8_t> out;
  out.reserve(kV1HeaderSize + (p.md5_auth ? kMd5TlvSize : 0));
  out.push_back(0);
  out.push_back(static_cast<std::uint8_t>(p.opcode));
  out.push_back(v1_state_code(p.state));
  out.push_back(whole_seconds(p) ? seconds_octet(p.hello_ms) : 0);
  out.push_back(whole_seconds(p) ? seconds_octet(p.hold_ms) : 0);
  out.push_back(static_cast<std::uint8_t>(std::min<std::uint32_t>(p.priority, 255)));
  out.push_back(static_cast<std::uint8_t>(p.group));
  out.push_back(0);
  if (p.text_auth && !p.md5_auth) {
    out.insert(out.end(), p.text_auth->data.begin(), p.text_auth->data.end());
  } else {
    out.insert(out.end(), 8, 0);
  }
  wire::put32(out, p.virtual_ip);
  if (p.md5_auth) tlv::encode_md5(out, *p.md5_auth);
  return out;
}

}  // namespace detail

}  // namespace havpnc::hsrp
