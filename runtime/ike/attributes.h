#pragma once
// SA data attributes (RFC 2408 §3.3): AF=1 "TV" form carries a 16-bit value in place,
// AF=0 "TLV" form a 16-bit length and that many bytes. The form is kept as received so
// that encoding a decoded transform reproduces the peer's bytes exactly (SAi_b is hashed).
#include <cstdint>
#include <optional>
#include <vector>

#include "runtime/ike/bytes.h"
#include "runtime/ike/decode_error.h"
#include "runtime/ike/result.h"

namespace havpnc::ike {

struct Attribute {
  std::uint16_t type = 0;  // attribute class, without the AF bit
  bool basic = true;       // TV form
  std::uint16_t basic_value = 0;
  Bytes variable_value;  // TLV form

  static Attribute tv(std::uint16_t type, std::uint16_t value);
  static Attribute tlv(std::uint16_t type, Bytes value);
  // RFC 2409 App. A lets "variable" classes (life duration, key length) use either form;
  // IOS sends 86400 s as a 4-byte TLV and 3600 s as TV. Picks TV whenever the value fits.
  static Attribute integer(std::uint16_t type, std::uint64_t value);

  // The numeric value in either form; nullopt for a TLV longer than 8 bytes.
  std::optional<std::uint64_t> as_integer() const;

  friend bool operator==(const Attribute&, const Attribute&) = default;
};

using Attributes = std::vector<Attribute>;

const Attribute* find_attribute(const Attributes& attrs, std::uint16_t type);

// False when a TLV value exceeds the 16-bit length field.
bool encode_attributes(const Attributes& attrs, ByteWriter& out);
// `base_offset` is where `data` starts in the datagram, for error offsets.
Expected<Attributes, DecodeError> decode_attributes(ByteView data, std::size_t base_offset);

}  // namespace havpnc::ike
