#pragma once
// The negotiated hash and its HMAC, which IKEv1 uses as prf (RFC 2409 §4: "prf ... the HMAC
// version of the negotiated hash algorithm"). Values are the phase-1 Hash attribute numbers.
#include <cstdint>
#include <initializer_list>
#include <string_view>

#include "runtime/ike/bytes.h"

namespace havpnc::ike::crypto {

enum class HashAlgorithm : std::uint16_t {
  Md5 = 1,
  Sha1 = 2,
  Sha2_256 = 4,
  Sha2_384 = 5,
  Sha2_512 = 6,
};

bool is_supported(HashAlgorithm h);
std::string_view to_string(HashAlgorithm h);  // IOS spelling: md5, sha, sha256, ...
std::size_t digest_size(HashAlgorithm h);

// Plain hash over the concatenation of `parts` (phase-1 IV, NAT-D, phase-2 IVs).
Bytes hash(HashAlgorithm h, std::initializer_list<ByteView> parts);

// prf(key, parts...) = HMAC-<hash>(key, concatenation of parts). Concatenation is done by
// feeding parts in order, so callers never build a copy of g^xy for every derivation.
Bytes prf(HashAlgorithm h, ByteView key, std::initializer_list<ByteView> parts);

}  // namespace havpnc::ike::crypto
