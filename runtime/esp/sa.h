#pragma once
// One IPsec SA in ESP tunnel mode (RFC 4303), as `show crypto ipsec sa` knows it: SPI,
// direction, transform, keys, tunnel endpoints, lifetimes, replay state and counters.
// Sans-IO: bytes and `now` in, bytes and events out; the caller owns every buffer.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "runtime/core/secret.h"
#include "runtime/core/time.h"
#include "runtime/esp/drop_reason.h"
#include "runtime/esp/framing.h"
#include "runtime/esp/iv_source.h"
#include "runtime/esp/lifetime.h"
#include "runtime/esp/replay_window.h"
#include "runtime/esp/sa_crypto.h"
#include "runtime/esp/transform.h"

namespace havpnc::esp {

enum class Direction : std::uint8_t { Inbound, Outbound };

inline constexpr std::uint8_t kNextHeaderIpv4 = 4;   // tunnel mode inner IPv4 (RFC 4303 §2.6)
inline constexpr std::uint8_t kNextHeaderNone = 59;  // dummy packet (RFC 4303 §2.6)
// RFC 4303 §2.2: with ESN off the counter must not cycle past this.
inline constexpr std::uint64_t kMaxSequence = 0xFFFFFFFFull;

struct SaParams {
  std::uint32_t spi = 0;  // RFC 4303 §2.1: 1..255 reserved, 0 local use: both rejected
  Direction direction = Direction::Outbound;
  Transform transform = Transform::AesCbc128HmacSha1;
  Secret cipher_key;      // AES key; for GCM followed by the 4-byte salt (RFC 4106 §8.1)
  Secret integrity_key;   // HMAC key; empty for GCM
  Ipv4Address tunnel_source;
  Ipv4Address tunnel_destination;
  LifetimeLimits lifetime;
  std::uint32_t replay_window = ReplayWindow::kDefaultSize;  // inbound; 0 = `replay disable`
};

struct SaCounters {
  std::uint64_t packets_encrypted = 0;  // #pkts encaps / #pkts encrypt in IOS terms
  std::uint64_t bytes_encrypted = 0;    // inner packet bytes
  std::uint64_t packets_decrypted = 0;  // #pkts decaps / decrypt / verify
  std::uint64_t bytes_decrypted = 0;
  std::uint64_t encapsulate_refused = 0;  // outbound packets not sent (see EncapStatus)
  DropCounters drops;                   // inbound drops by reason
};

enum class EncapStatus : std::uint8_t {
  Ok,
  SequenceExhausted,  // next number would wrap past 2^32-1: rekey first (RFC 4303 §3.3.3)
  LifetimeExpired,    // hard lifetime reached
  BufferTooSmall,     // out.size() < encapsulated_size(inner.size())
  BadInput,           // wrong direction, or packet too big for one ESP datagram
  RngFailure,
  CryptoFailure,
};

struct EncapResult {
  EncapStatus status = EncapStatus::Ok;
  std::size_t length = 0;     // bytes of `out` written
  std::uint32_t sequence = 0; // the number this packet carries
  LifetimeEvent lifetime = LifetimeEvent::None;
};

struct DecapResult {
  DropReason drop = DropReason::None;
  std::uint32_t spi = 0;
  std::uint32_t sequence = 0;
  std::span<const std::uint8_t> inner;  // view into the caller's `out`; empty when dropped
  LifetimeEvent lifetime = LifetimeEvent::None;
};

class EspSa {
 public:
  // Validates the parameters (SPI range, key lengths, window size, lifetimes) and keys the
  // OpenSSL contexts. On failure returns nullptr and says why in `error` (never a key byte).
  static std::unique_ptr<EspSa> create(SaParams params, TimePoint now, std::string* error = nullptr);
  EspSa(const EspSa&) = delete;
  EspSa& operator=(const EspSa&) = delete;

  // Bytes the ESP packet for an inner packet of `inner_len` bytes will take.
  std::size_t encapsulated_size(std::size_t inner_len) const;

  // RFC 4303 §3.3: SPI, next sequence number, IV, encrypted inner|padding|pad length|next
  // header, ICV. The packet that reaches a hard limit is still sent and reports Hard.
  EncapResult encapsulate(std::span<const std::uint8_t> inner, TimePoint now, IvSource& ivs,
                          std::span<std::uint8_t> out);

  // RFC 4303 §3.4 for a packet already routed to this SA by SPI. `out` must hold at least
  // esp.size() bytes. Prefer SaTable::decapsulate, which also does the SPI lookup.
  DecapResult decapsulate(std::span<const std::uint8_t> esp, TimePoint now, std::span<std::uint8_t> out);

  // Engine timer: time-based lifetime events of an idle SA.
  LifetimeEvent poll_lifetime(TimePoint now) { return lifetime_.poll(now); }

  // SSO takeover: continue outbound numbering at `next` (1..2^32-1), never going backwards
  // would be the caller's promise; we only refuse impossible values.
  bool resume_outbound_at(std::uint64_t next);
  // SSO takeover, inbound: everything at or below `highest` counts as seen.
  void restore_replay_checkpoint(std::uint32_t highest) { replay_.restore_checkpoint(highest); }
  // SSO takeover, both directions: the lifetime continues from the old active's (lifetime.h).
  void restore_lifetime(TimePoint established, std::uint64_t bytes) {
    lifetime_.restore(established, bytes);
  }

  std::uint32_t spi() const { return spi_; }
  Direction direction() const { return direction_; }
  Transform transform() const { return transform_; }
  Ipv4Address tunnel_source() const { return tunnel_source_; }
  Ipv4Address tunnel_destination() const { return tunnel_destination_; }
  // Next outbound sequence number (kMaxSequence + 1 once exhausted).
  std::uint64_t next_sequence() const { return next_seq_; }
  const ReplayWindow& replay_window() const { return replay_; }
  const Lifetime& lifetime() const { return lifetime_; }
  const SaCounters& counters() const { return counters_; }
  void count_drop(DropReason r) { counters_.drops.add(r); }

 private:
  EspSa(const SaParams& p, TimePoint now, std::unique_ptr<SaCrypto> crypto);
  DecapResult drop(DecapResult r, DropReason why);

  std::uint32_t spi_;
  Direction direction_;
  Transform transform_;
  const TransformInfo& info_;
  Ipv4Address tunnel_source_;
  Ipv4Address tunnel_destination_;
  std::unique_ptr<SaCrypto> crypto_;
  ReplayWindow replay_;
  Lifetime lifetime_;
  std::uint64_t next_seq_ = 1;  // RFC 4303 §3.3.3: the first packet carries 1
  SaCounters counters_;
};

}  // namespace havpnc::esp
