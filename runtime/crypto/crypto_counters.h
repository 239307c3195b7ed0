#pragma once
// What the crypto component did with every packet it was handed, so that each packet lands
// in exactly one outcome: encrypted, queued, or dropped for one reason (outbound); written
// to the TUN, or dropped for one reason (inbound; ESP drops by reason are counted by the
// esp core per SA and per SA table).
#include <cstdint>

namespace havpnc::crypto {

struct CryptoCounters {
  // outbound: packets from the TUN
  std::uint64_t outbound_packets = 0;
  std::uint64_t outbound_malformed = 0;     // not a valid IPv4 packet
  std::uint64_t outbound_no_selector = 0;   // no permit line takes it: dropped (README)
  std::uint64_t outbound_encrypted = 0;
  std::uint64_t outbound_queued = 0;        // waiting for an SA
  std::uint64_t outbound_queue_overflow = 0;
  std::uint64_t outbound_queue_discarded = 0;  // queued, then the peer was given up
  std::uint64_t outbound_encrypt_refused = 0;  // esp refused (lifetime, sequence, crypto)
  std::uint64_t initiations = 0;            // main modes started by traffic
  std::uint64_t quick_mode_initiations = 0; // quick modes started by traffic
  // inbound ESP
  std::uint64_t esp_received = 0;
  std::uint64_t esp_dropped = 0;            // by the esp core; reason counted there
  std::uint64_t inner_malformed = 0;        // decrypted, but not a valid IPv4 packet
  std::uint64_t inner_policy_drops = 0;     // RFC 4301 §5.2: outside the SA's selectors
  std::uint64_t delivered = 0;              // written to the sink
  // IKE
  std::uint64_t ike_received = 0;
  std::uint64_t ike_unknown_peer = 0;       // from an address no crypto map names
  std::uint64_t ike_no_session = 0;         // not an MM1, and nothing running with that peer
  std::uint64_t ike_collisions = 0;         // peer's MM1 while our own main mode runs
  std::uint64_t nat_t_dropped = 0;          // UDP 4500: NAT-T not carried yet
  std::uint64_t sa_installed = 0;
  std::uint64_t sa_install_failed = 0;
  std::uint64_t sa_removed = 0;
  std::uint64_t sa_expired = 0;
};

}  // namespace havpnc::crypto
