#include "runtime/hsrp/packet.h"

#include <algorithm>

#include "runtime/hsrp/codec_internal.h"
#include "runtime/hsrp/wire.h"

namespace havpnc::hsrp {

namespace {

bool same_md5(const std::optional<Md5Auth>& a, const std::optional<Md5Auth>& b) {
  if (a.has_value() != b.has_value()) return false;
  if (!a) return true;
  return a->algorithm == b->algorithm && a->padding == b->padding && a->flags == b->flags &&
         a->sender_ip == b->sender_ip && a->key_id == b->key_id && a->digest == b->digest;
}

bool same_text(const std::optional<TextAuth>& a, const std::optional<TextAuth>& b) {
  if (a.has_value() != b.has_value()) return false;
  return !a || a->data == b->data;
}

}  // namespace

bool operator==(const Packet& a, const Packet& b) {
  return a.version == b.version && a.opcode == b.opcode && a.state == b.state &&
         a.hello_ms == b.hello_ms && a.hold_ms == b.hold_ms && a.priority == b.priority &&
         a.group == b.group && a.identifier == b.identifier && a.virtual_ip == b.virtual_ip &&
         same_text(a.text_auth, b.text_auth) && same_md5(a.md5_auth, b.md5_auth);
}

std::string_view decode_error_name(DecodeError error) {
  switch (error) {
    case DecodeError::Truncated: return "truncated";
    case DecodeError::BadLength: return "bad-length";
    case DecodeError::BadVersion: return "bad-version";
    case DecodeError::BadOpcode: return "bad-opcode";
    case DecodeError::BadState: return "bad-state";
    case DecodeError::BadField: return "bad-field";
    case DecodeError::UnknownTlv: return "unknown-tlv";
    case DecodeError::DuplicateTlv: return "duplicate-tlv";
    case DecodeError::MissingGroupState: return "missing-group-state";
  }
  return "unknown";
}

std::vector<std::uint8_t> encode(const Packet& packet) {
  return packet.version == Version::V1 ? detail::encode_v1(packet) : detail::encode_v2(packet);
}

DecodeResult decode(Version version, std::span<const std::uint8_t> bytes) {
  return version == Version::V1 ? decode_v1(bytes) : decode_v2(bytes);
}

namespace tlv {

// MD5 Authentication TLV, offsets relative to the type octet (Wireshark packet-hsrp.c layout):
//   0 type=4 | 1 length=28 | 2 algorithm (1=MD5) | 3 padding | 4-5 flags |
//   6-9 sender IP | 10-13 key id | 14-29 digest
bool decode_md5(std::span<const std::uint8_t> t, std::size_t base, Md5Auth& out,
                DecodeError& error) {
  if (t.size() != kMd5TlvSize || t[0] != kMd5Auth) {
    error = DecodeError::BadLength;
    return false;
  }
  if (t[1] != kMd5AuthLength) {
    error = DecodeError::BadLength;
    return false;
  }
  if (t[2] != 1) {  // only MD5 is defined; anything else cannot be verified
    error = DecodeError::BadField;
    return false;
  }
  out.algorithm = t[2];
  out.padding = t[3];
  out.flags = wire::get16(t, 4);
  out.sender_ip = wire::get32(t, 6);
  out.key_id = wire::get32(t, 10);
  std::copy(t.begin() + 14, t.begin() + 30, out.digest.begin());
  out.digest_offset = base + 14;
  return true;
}

void encode_md5(std::vector<std::uint8_t>& out, const Md5Auth& md5) {
  out.push_back(kMd5Auth);
  out.push_back(kMd5AuthLength);
  out.push_back(md5.algorithm);
  out.push_back(md5.padding);
  wire::put16(out, md5.flags);
  wire::put32(out, md5.sender_ip);
  wire::put32(out, md5.key_id);
  out.insert(out.end(), md5.digest.begin(), md5.digest.end());
}

}  // namespace tlv


}  // namespace havpnc::hsrp
