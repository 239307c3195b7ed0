#include "runtime/ike/vendor_id.h"

#include <algorithm>
#include <array>
#include <cstdint>

namespace havpnc::ike {

namespace {
constexpr std::array<std::uint8_t, 16> kDpd = {0xaf, 0xca, 0xd7, 0x13, 0x68, 0xa1, 0xf1, 0xc9,
                                               0x6b, 0x86, 0x96, 0xfc, 0x77, 0x57, 0x01, 0x00};
constexpr std::array<std::uint8_t, 16> kNatT = {0x4a, 0x13, 0x1c, 0x81, 0x07, 0x03, 0x58, 0x45,
                                                0x5c, 0x57, 0x28, 0xf2, 0x0e, 0x95, 0x45, 0x2f};
// Each is MD5 of the draft's name (`printf 'draft-ietf-ipsec-nat-t-ike-02' | md5sum`).
constexpr std::array<std::uint8_t, 16> kNatTDraft02 = {0xcd, 0x60, 0x46, 0x43, 0x35, 0xdf, 0x21, 0xf8,
                                                       0x7c, 0xfd, 0xb2, 0xfc, 0x68, 0xb6, 0xa4, 0x48};
constexpr std::array<std::uint8_t, 16> kNatTDraft02N = {0x90, 0xcb, 0x80, 0x91, 0x3e, 0xbb, 0x69, 0x6e,
                                                        0x08, 0x63, 0x81, 0xb5, 0xec, 0x42, 0x7b, 0x1f};
constexpr std::array<std::uint8_t, 16> kNatTDraft03 = {0x7d, 0x94, 0x19, 0xa6, 0x53, 0x10, 0xca, 0x6f,
                                                       0x2c, 0x17, 0x9d, 0x92, 0x15, 0x52, 0x9d, 0x56};
constexpr std::array<std::uint8_t, 16> kUnity = {0x12, 0xf5, 0xf2, 0x8c, 0x45, 0x71, 0x68, 0xa9,
                                                 0x70, 0x2d, 0x9f, 0xe2, 0x74, 0xcc, 0x01, 0x00};
constexpr std::array<std::uint8_t, 8> kXauth = {0x09, 0x00, 0x26, 0x89, 0xdf, 0xd6, 0xb7, 0x12};
}  // namespace

Bytes vendor_id_bytes(KnownVendor v) {
  switch (v) {
    case KnownVendor::DeadPeerDetection: return Bytes(kDpd.begin(), kDpd.end());
    case KnownVendor::NatTraversalRfc3947: return Bytes(kNatT.begin(), kNatT.end());
    case KnownVendor::NatTraversalDraft02: return Bytes(kNatTDraft02.begin(), kNatTDraft02.end());
    case KnownVendor::NatTraversalDraft02Newline:
      return Bytes(kNatTDraft02N.begin(), kNatTDraft02N.end());
    case KnownVendor::NatTraversalDraft03: return Bytes(kNatTDraft03.begin(), kNatTDraft03.end());
    case KnownVendor::CiscoUnity: return Bytes(kUnity.begin(), kUnity.end());
    case KnownVendor::Xauth: return Bytes(kXauth.begin(), kXauth.end());
  }
  return {};
}

VendorIdPayload vendor_id_payload(KnownVendor v) { return VendorIdPayload{vendor_id_bytes(v)}; }

std::optional<KnownVendor> recognise_vendor_id(const VendorIdPayload& vid) {
  // DPD's last two bytes carry the version (RFC 3706 §7); accept any 1.x minor.
  if (vid.data.size() == kDpd.size() &&
      std::equal(kDpd.begin(), kDpd.end() - 1, vid.data.begin()) && vid.data[14] == 0x01)
    return KnownVendor::DeadPeerDetection;
  for (auto v : {KnownVendor::NatTraversalRfc3947, KnownVendor::NatTraversalDraft02,
                 KnownVendor::NatTraversalDraft02Newline, KnownVendor::NatTraversalDraft03,
                 KnownVendor::CiscoUnity, KnownVendor::Xauth})
    if (vid.data == vendor_id_bytes(v)) return v;
  return std::nullopt;
}

}  // namespace havpnc::ike
