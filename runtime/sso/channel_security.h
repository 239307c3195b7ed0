#pragma once
// Protection of the SSO channel (`redundancy inter-device / security ...`, issue 7): every
// record the two routers exchange carries SA keys, so it is sealed with AES-256-GCM.
//
// Keys. On each association-up both ends send a hello with 16 fresh random bytes. The key for
// the direction X->Y is HKDF-SHA256 (RFC 5869) with
//     IKM  = the configured secret,
//     salt = random_X | random_Y,
//     info = "havpnc sso v1 " + id_X + "->" + id_Y     (ids = the ipc local-ip / remote-ip)
// so the two directions never share a key, and a key never outlives one association: a
// router that "reloads" and reconnects starts again from counter 1 under a new key, which is
// what makes the simple counter nonce safe. Because the receiver's own random is in every
// key it uses, records recorded from an earlier association fail authentication.
//
// Nonces (RFC 5116 §3.2 style, 12 bytes) = stream number (u32) | per-stream counter (u64).
// Counters are per stream because SCTP orders messages only within a stream (RFC 4960
// §6.5): bulk and update records may overtake each other, but within a stream a counter
// that does not increase is a replay and is rejected.
//
// Frames:  clear  = 0x00 | record
//          sealed = 0x01 | counter (u64) | ciphertext | tag (16)     AAD = 0x01 | stream | counter
// A keyed end refuses clear frames (no downgrade); an end without a key cannot open sealed
// ones; the hellos carry the mode so a mismatch is found before any SA crosses.
//
// Without a secret records travel in the clear, and the component says so once, loudly
// (%CRYPTO-4-SSO_CLEARTEXT), as issue 7 asks.
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "runtime/core/log_record.h"
#include "runtime/core/secret.h"

namespace havpnc::sso {

enum class ChannelError : std::uint8_t {
  NotReady,          // no hello from the peer yet on this association
  Malformed,         // too short for its frame type, unknown frame type
  ModeMismatch,      // clear frame to a keyed end, sealed frame to an end without a key
  AuthFailed,        // GCM tag did not verify (wrong secret, tampering, old association)
  Replay,            // counter not above the last one accepted on that stream
  BadStream,         // stream number >= kMaxStreams
  CounterExhausted,  // 2^64 records on one stream: never, but refuse rather than wrap
  CryptoFailure,     // OpenSSL refused
};
inline constexpr std::size_t kChannelErrorCount = 8;
const char* to_string(ChannelError e);

struct ChannelCounters {
  std::array<std::uint64_t, kChannelErrorCount> by_error{};
  std::uint64_t sealed = 0;
  std::uint64_t opened = 0;
  void add(ChannelError e) { ++by_error[static_cast<std::size_t>(e)]; }
  std::uint64_t count(ChannelError e) const { return by_error[static_cast<std::size_t>(e)]; }
};

struct ChannelConfig {
  Secret secret;          // empty = no security configured: records go in the clear
  std::string local_id;   // "6.6.146.10" (ipc zone local-ip)
  std::string remote_id;  // "6.6.146.11" (remote-ip)
};

template <typename T>
using ChannelResult = std::variant<T, ChannelError>;

class ChannelSecurity {
 public:
  static constexpr std::size_t kRandomLen = 16;
  static constexpr std::size_t kHelloLen = 4 + kRandomLen;
  static constexpr std::size_t kMaxStreams = 8;
  static constexpr std::size_t kTagLen = 16;
  static constexpr std::size_t kSealedOverhead = 1 + 8 + kTagLen;

  explicit ChannelSecurity(ChannelConfig config);
  ~ChannelSecurity();
  ChannelSecurity(const ChannelSecurity&) = delete;
  ChannelSecurity& operator=(const ChannelSecurity&) = delete;

  bool keyed() const { return !config_.secret.empty(); }
  // Both hellos exchanged on the current association.
  bool ready() const { return ready_; }

  // Association up: forget the previous association's keys and counters, and return the
  // hello to send on the control stream. `local_random` must come from a CSPRNG.
  std::vector<std::uint8_t> start(std::span<const std::uint8_t, kRandomLen> local_random);
  // The peer's hello. On success both direction keys are derived and ready() is true.
  std::optional<ChannelError> accept_hello(std::span<const std::uint8_t> hello);
  // Association down.
  void stop();

  ChannelResult<std::vector<std::uint8_t>> seal(std::uint16_t stream,
                                                std::span<const std::uint8_t> record);
  // The returned record holds key material: wipe it (wipe_bytes) once applied.
  ChannelResult<std::vector<std::uint8_t>> open(std::uint16_t stream,
                                                std::span<const std::uint8_t> frame);

  // The clear-text warning, once per component lifetime (empty afterwards and when keyed).
  std::optional<LogRecord> take_log();
  const ChannelCounters& counters() const { return counters_; }

 private:
  struct Direction;
  ChannelError fail(ChannelError e) {
    counters_.add(e);
    return e;
  }

  ChannelConfig config_;
  std::array<std::uint8_t, kRandomLen> local_random_{};
  bool started_ = false;
  bool ready_ = false;
  bool warned_ = false;
  std::optional<LogRecord> pending_log_;
  std::unique_ptr<Direction> send_;
  std::unique_ptr<Direction> receive_;
  std::array<std::uint64_t, kMaxStreams> send_counter_{};
  std::array<std::uint64_t, kMaxStreams> receive_counter_{};
  ChannelCounters counters_;
};

}  // namespace havpnc::sso
