#include "runtime/ike/attributes.h"

namespace havpnc::ike {

namespace {
constexpr std::uint16_t kAttributeFormatBit = 0x8000;
}

Attribute Attribute::tv(std::uint16_t type, std::uint16_t value) {
  Attribute a;
  a.type = type;
  a.basic = true;
  a.basic_value = value;
  return a;
}

Attribute Attribute::tlv(std::uint16_t type, Bytes value) {
  Attribute a;
  a.type = type;
  a.basic = false;
  a.variable_value = std::move(value);
  return a;
}

Attribute Attribute::integer(std::uint16_t type, std::uint64_t value) {
  if (value <= 0xffff) return tv(type, static_cast<std::uint16_t>(value));
  Bytes v;
  std::size_t n = value <= 0xffffffffULL ? 4 : 8;
  for (std::size_t i = n; i-- > 0;) v.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
  return tlv(type, std::move(v));
}

std::optional<std::uint64_t> Attribute::as_integer() const {
  if (basic) return basic_value;
  if (variable_value.empty() || variable_value.size() > 8) return std::nullopt;
  std::uint64_t v = 0;
  for (auto b : variable_value) v = (v << 8) | b;
  return v;
}

const Attribute* find_attribute(const Attributes& attrs, std::uint16_t type) {
  for (const auto& a : attrs)
    if (a.type == type) return &a;
  return nullptr;
}

bool encode_attributes(const Attributes& attrs, ByteWriter& out) {
  for (const auto& a : attrs) {
    if (a.type & kAttributeFormatBit) return false;
    if (a.basic) {
      out.u16(static_cast<std::uint16_t>(a.type | kAttributeFormatBit));
      out.u16(a.basic_value);
    } else {
      if (a.variable_value.size() > 0xffff) return false;
      out.u16(a.type);
      out.u16(static_cast<std::uint16_t>(a.variable_value.size()));
      out.bytes(a.variable_value);
    }
  }
  return true;
}

Expected<Attributes, DecodeError> decode_attributes(ByteView data, std::size_t base_offset) {
  Attributes attrs;
  ByteReader r(data);
  while (r.remaining() > 0) {
    std::size_t at = base_offset + r.position();
    std::uint16_t af_type = 0, value_or_length = 0;
    if (!r.u16(af_type) || !r.u16(value_or_length)) {
      return unexpected(DecodeError{DecodeErrorCode::BadAttribute, PayloadType::Transform, at,
                                    "attribute header needs 4 bytes, " +
                                        std::to_string(data.size() - (at - base_offset)) +
                                        " remain"});
    }
    Attribute a;
    a.type = static_cast<std::uint16_t>(af_type & ~kAttributeFormatBit);
    if (af_type & kAttributeFormatBit) {
      a.basic = true;
      a.basic_value = value_or_length;
    } else {
      ByteView v;
      if (!r.bytes(value_or_length, v)) {
        return unexpected(DecodeError{
            DecodeErrorCode::BadAttribute, PayloadType::Transform, at,
            "attribute " + std::to_string(a.type) + " length " +
                std::to_string(value_or_length) + " exceeds " + std::to_string(r.remaining()) +
                " remaining"});
      }
      a.basic = false;
      a.variable_value = to_bytes(v);
    }
    attrs.push_back(std::move(a));
  }
  return attrs;
}

}  // namespace havpnc::ike
