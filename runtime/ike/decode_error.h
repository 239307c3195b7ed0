#pragma once
// What went wrong while decoding hostile bytes: a code to count and branch on, the payload
// it happened in and the byte offset from the start of the datagram (or plaintext), and a
// sentence for the log. Never contains payload bytes, so it is safe to log as is.
#include <cstddef>
#include <string>
#include <string_view>

#include "runtime/ike/constants.h"

namespace havpnc::ike {

enum class DecodeErrorCode {
  Truncated,             // fewer bytes than a field or a length says
  BadLength,             // a length field that is impossible (too small, too large, misaligned)
  BadVersion,            // ISAKMP major version other than 1
  BadNesting,            // Proposal outside SA, Transform outside Proposal, chain mixing types
  CountMismatch,         // #transforms / #SPIs disagree with the bytes present
  TrailingData,          // bytes after the last payload of an unencrypted message
  UnsupportedDoi,        // DOI other than IPsec where the DOI shapes the payload
  UnsupportedSituation,  // situation with secrecy/integrity bits (RFC 2407 §4.2)
  BadAttribute,          // malformed data attribute
  BadIdentification,     // ID data length wrong for its type
  Encrypted,             // E flag set where plaintext was expected
};
std::string_view to_string(DecodeErrorCode c);
inline constexpr std::size_t kDecodeErrorCodeCount = 11;

struct DecodeError {
  DecodeErrorCode code = DecodeErrorCode::Truncated;
  PayloadType payload = PayloadType::None;  // None = the ISAKMP header itself
  std::size_t offset = 0;
  std::string text;

  // "malformed SA payload at offset 40: proposal length 300 exceeds 52 remaining"
  std::string describe() const;
};

}  // namespace havpnc::ike
