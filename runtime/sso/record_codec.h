#pragma once
// Wire form of an SSO record. One record = one SCTP message (SCTP keeps message boundaries,
// RFC 4960 §1.5.2), so the header's length must match the message exactly.
//
//   0      2        3     4            8                 16
//   | magic | version | type | body length | sequence (u64) | body ...
//
// All integers big-endian. magic = 0x5353 ("SS"); version 2 (version 1 lacked the NAT-T state:
// IKE float flag and ports, ESP-in-UDP ports; a router of the other version is refused as
// UnsupportedVersion and its peer stays cold, never guessing). Variable fields carry their own
// length (u8) and are bounded (kMaxKeyLen, kMaxIvLen, ...). Decoding is canonical: a value
// decode() accepts re-encodes to the same bytes (booleans must be 0/1, no trailing bytes), so
// the fuzzer can assert encode(decode(x)) == x.
//
// The encoded bytes contain key material: the caller seals them with ChannelSecurity and
// wipes them (wipe_bytes) when done.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <variant>
#include <vector>

#include "runtime/sso/records.h"

namespace havpnc::sso {

inline constexpr std::uint16_t kRecordMagic = 0x5353;
inline constexpr std::uint8_t kRecordVersion = 2;
inline constexpr std::size_t kRecordHeaderLen = 16;
// Largest body of any record type is ~1.1 KB (an IKE SA with two maximal identities);
// anything beyond this is hostile and refused before parsing.
inline constexpr std::size_t kMaxRecordBodyLen = 4096;

enum class DecodeError : std::uint8_t {
  TooShort,            // fewer than 16 bytes, or the body ends inside a field
  BadMagic,
  UnsupportedVersion,  // a newer peer: the standby stays cold rather than guess
  UnknownType,
  LengthMismatch,      // header length != bytes after the header
  BodyTooLong,         // header length > kMaxRecordBodyLen
  FieldTooLong,        // a key, IV, identity or M-ID list over its bound
  BadValue,            // a boolean other than 0/1, a zero SPI, an unknown flag bit, NAT-T ports
                       // that disagree with the float flag or the encapsulation mode
  TrailingBytes,       // the body has bytes after its last field
};
inline constexpr std::size_t kDecodeErrorCount = 9;
const char* to_string(DecodeError e);

struct DecodeCounters {
  std::array<std::uint64_t, kDecodeErrorCount> by_error{};
  std::uint64_t decoded = 0;
  void add(DecodeError e) { ++by_error[static_cast<std::size_t>(e)]; }
  std::uint64_t count(DecodeError e) const { return by_error[static_cast<std::size_t>(e)]; }
  std::uint64_t errors() const;
};

struct DecodeResult {
  std::variant<Record, DecodeError> value;
  bool ok() const { return std::holds_alternative<Record>(value); }
  const Record& record() const { return std::get<Record>(value); }
  Record& record() { return std::get<Record>(value); }
  DecodeError error() const { return std::get<DecodeError>(value); }
};

// Appends the record to `out`. Fails (returns false, `out` unchanged) only when a field is
// over its bound or the NAT-T ports disagree with the flag/mode (decode would refuse it),
// which a record built from a real SA never is.
bool encode(const Record& record, std::vector<std::uint8_t>& out);
std::vector<std::uint8_t> encode(const Record& record);  // empty on failure

DecodeResult decode(std::span<const std::uint8_t> message);
// Same, counting the outcome.
DecodeResult decode(std::span<const std::uint8_t> message, DecodeCounters& counters);

// OPENSSL_cleanse, for buffers that held an encoded record.
void wipe_bytes(std::vector<std::uint8_t>& bytes);

}  // namespace havpnc::sso
