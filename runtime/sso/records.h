#pragma once
// What the SSO channel carries between the active and the standby router: the state of every
// IKE SA and IPsec SA the standby needs to take over without renegotiation (issue 7), ESP
// sequence-number checkpoints (`crypto map M redundancy replay-interval inbound N outbound M`),
// the bulk-sync brackets and each side's RF state.
//
// Design choice (PROTOCOLS.md §4.1): strongSwan's ha plugin replicates key-derivation *inputs*
// (nonces, DH secret) and re-derives; havpnc replicates the derived keys (SKEYID_d/a/e, ESP
// KEYMAT). Both routers run the same code, so re-deriving buys nothing and costs a DH secret
// on the wire instead of the keys. Every key is a havpnc::Secret, and these structs have no
// operator<< so a record can never be logged whole.
//
// The structs deliberately use plain numbers rather than ike::/esp:: types: the codec depends
// on nothing but havpnc_core, and ike_esp_bridge.h converts to and from the IKE/ESP runtime.
#include <array>
#include <cstdint>
#include <variant>
#include <vector>

#include "runtime/core/secret.h"

namespace havpnc::sso {

using Cookie = std::array<std::uint8_t, 8>;  // ISAKMP cookie (RFC 2408 §3.1)

struct Ipv4Endpoint {
  std::uint32_t address = 0;  // host byte order: 6.6.156.100 == 0x06069C64
  std::uint16_t port = 0;
  friend bool operator==(const Ipv4Endpoint&, const Ipv4Endpoint&) = default;
};

// Phase-1 identity payload (RFC 2407 §4.6.2) as sent in MM5/MM6: `sh crypto session` prints it.
struct Identity {
  std::uint8_t id_type = 0;
  std::uint8_t protocol = 0;
  std::uint16_t port = 0;
  std::vector<std::uint8_t> data;  // at most kMaxIdentityLen bytes
  friend bool operator==(const Identity&, const Identity&) = default;
};

// Both cookies name an ISAKMP SA (RFC 2408 §3.1); every IKE record is keyed by them.
struct IkeSaKey {
  Cookie initiator{};
  Cookie responder{};
  friend auto operator<=>(const IkeSaKey&, const IkeSaKey&) = default;
};

// An IPsec SA pair is keyed by its inbound SPI: RFC 4303 §3.4.2 lets a receiver find its SA
// by SPI alone, so the inbound SPI is unique per router; the outbound SPI rides along.
struct IpsecSaKey {
  std::uint32_t inbound_spi = 0;
  std::uint32_t outbound_spi = 0;
  friend auto operator<=>(const IpsecSaKey&, const IpsecSaKey&) = default;
};

inline constexpr std::size_t kMaxKeyLen = 64;        // SHA-512 prf output, the largest SKEYID
inline constexpr std::size_t kMaxIvLen = 32;         // phase-1 IV: one cipher block (16 for AES)
inline constexpr std::size_t kMaxIdentityLen = 255;  // FQDN/ID data; IOS names are far shorter
inline constexpr std::size_t kMaxMessageIds = 32;    // recent phase-2 M-IDs kept per IKE SA

// Encapsulation modes (RFC 2407 §4.5, RFC 3947 §5.1; 61443/61444 the draft numbers IOS and
// strongSwan still accept) whose ESP travels in UDP (RFC 3948 §2.1).
inline constexpr std::uint16_t kEncapsulationUdpTunnel = 3;
inline constexpr std::uint16_t kEncapsulationUdpTransport = 4;
inline constexpr std::uint16_t kEncapsulationUdpTunnelDraft = 61443;
inline constexpr std::uint16_t kEncapsulationUdpTransportDraft = 61444;
constexpr bool udp_encapsulated(std::uint16_t encapsulation) {
  return encapsulation == kEncapsulationUdpTunnel || encapsulation == kEncapsulationUdpTransport ||
         encapsulation == kEncapsulationUdpTunnelDraft || encapsulation == kEncapsulationUdpTransportDraft;
}

// The ISAKMP SA as IOS `show crypto isakmp sa detail` and the standby's takeover need it.
struct IkeSaRecord {
  IkeSaKey key;
  std::uint8_t role = 0;  // 0 initiator, 1 responder
  Ipv4Endpoint local;
  Ipv4Endpoint remote;
  // Phase-1 attribute numbers (RFC 2409 App. A): encryption, key length, hash, group, auth.
  std::uint16_t encryption = 0;
  std::uint16_t key_bits = 0;
  std::uint16_t hash = 0;
  std::uint16_t dh_group = 0;
  std::uint16_t authentication = 0;
  std::uint32_t lifetime_seconds = 0;
  // Age instead of a timestamp: steady clocks of two routers share no epoch.
  std::uint64_t age_ms = 0;
  Secret skeyid_d;        // RFC 2409 §5.5 KEYMAT for later quick modes
  Secret skeyid_a;        // HASH(1..3), informational HASH(1) — DPD after takeover
  Secret skeyid_e;
  Secret encryption_key;  // Ka (RFC 2409 App. B)
  std::vector<std::uint8_t> phase1_iv;  // last CBC block of MM6: seeds every phase-2 IV
  // Recently used phase-2 message IDs, so the new active recognises a retransmitted QM1 or
  // informational instead of starting new state (RFC 2408 §3.1 M-ID uniqueness).
  std::vector<std::uint32_t> message_ids;
  std::uint32_t dpd_next_sequence = 0;   // our next R-U-THERE number (RFC 3706 §7)
  std::uint32_t dpd_peer_sequence = 0;   // the peer's last accepted R-U-THERE number
  bool dpd_peer_sequence_valid = false;
  bool peer_supports_dpd = false;
  bool nat_traversal = false;
  bool local_behind_nat = false;   // NAT-D: our address/port was rewritten (RFC 3947 §3.2)
  bool remote_behind_nat = false;  // the peer's was (or, strongSwan `encap = yes`, it says so)
  // RFC 3947 §4: once NAT-D found a NAT (or the peer forced it), IKE floats to UDP 4500
  // behind the non-ESP marker, and ESP of the SA's children rides in UDP on the same ports.
  // The peer's port is the one its 4500 datagrams come from: a NAT may have rewritten it, and
  // the new active must send IKE, DPD and ESP there, or the peer's NAT mapping (and a peer
  // that checks the source port, like kernel-libipsec's UDP socket) sees a stranger.
  // Ports are 0 exactly when IKE did not float. NAT keepalives (RFC 3948 §2.3) need no state
  // of their own: they follow local_behind_nat, the float and the new active's own
  // `crypto isakmp nat keepalive` line.
  bool nat_t_floated = false;
  std::uint16_t nat_t_local_port = 0;
  std::uint16_t nat_t_peer_port = 0;
  Identity local_id;
  Identity peer_id;
};

// Traffic selector of the crypto ACL line (the quick-mode proxy identities), this side's view.
struct Selector {
  std::uint32_t local_address = 0;
  std::uint32_t local_mask = 0;
  std::uint32_t remote_address = 0;
  std::uint32_t remote_mask = 0;
  std::uint8_t protocol = 0;
  std::uint16_t local_port = 0;
  std::uint16_t remote_port = 0;
  friend bool operator==(const Selector&, const Selector&) = default;
};

// One quick-mode SA pair: both directions' keys, selectors, lifetimes and counters.
struct IpsecSaRecord {
  IpsecSaKey key;
  IkeSaKey parent;              // the ISAKMP SA that negotiated it
  // The quick-mode transform as negotiated (RFC 2407 §4.4.4 / §4.5 numbers): ESP transform
  // ID (12 AES-CBC, 20 AES-GCM-16), key length, authentication algorithm (2 HMAC-SHA1,
  // 5 HMAC-SHA2-256, 0 none with GCM).
  std::uint8_t esp_transform_id = 12;
  std::uint16_t key_bits = 128;
  std::uint16_t integrity = 2;
  std::uint16_t encapsulation = 1;  // RFC 2407 §4.5: 1 tunnel, 3 UDP-encapsulated tunnel
  // RFC 3948 §2.1: the UDP ports of ESP-in-UDP, non-zero exactly when `encapsulation` is one
  // of the UDP modes (udp_encapsulated()); the remote one follows the peer's NAT-T port.
  std::uint16_t encap_local_port = 0;
  std::uint16_t encap_remote_port = 0;
  std::uint16_t pfs_group = 0;      // 0 = no PFS
  Ipv4Endpoint local;           // tunnel endpoints (local = the VIP)
  Ipv4Endpoint remote;
  Selector selector;
  Secret inbound_cipher_key;    // AES key (GCM: followed by its 4-byte salt)
  Secret inbound_integrity_key; // empty for GCM
  Secret outbound_cipher_key;
  Secret outbound_integrity_key;
  std::uint32_t replay_window = 64;  // inbound window size (IOS default 64)
  std::uint32_t lifetime_seconds = 0;
  std::uint64_t lifetime_kilobytes = 0;
  std::uint64_t age_ms = 0;
  // Position at the time the record was made (bulk sync carries these so a fresh standby
  // needs no checkpoint before it can take over).
  std::uint64_t outbound_next_sequence = 1;
  std::uint32_t inbound_highest_sequence = 0;
  std::uint64_t inbound_bytes = 0;   // lifetime kilobytes keep counting after takeover
  std::uint64_t outbound_bytes = 0;
  std::uint64_t inbound_packets = 0;
  std::uint64_t outbound_packets = 0;
};

// `replay-interval` checkpoint of one SA pair (PROTOCOLS.md §3.2 "HA"): the standby resumes
// outbound at outbound_next_sequence + interval and opens inbound above the highest seen.
struct SequenceCheckpoint {
  IpsecSaKey key;
  std::uint64_t outbound_next_sequence = 1;
  std::uint32_t inbound_highest_sequence = 0;
  std::uint64_t inbound_bytes = 0;
  std::uint64_t outbound_bytes = 0;
  friend bool operator==(const SequenceCheckpoint&, const SequenceCheckpoint&) = default;
};

// Bulk sync brackets. `generation` numbers the bulk syncs of one active so a standby never
// mixes two; the counts let the standby verify it got everything before it calls itself HOT.
struct BulkSyncStart {
  std::uint32_t generation = 0;
  std::uint32_t ike_sa_count = 0;
  std::uint32_t ipsec_sa_count = 0;
  friend bool operator==(const BulkSyncStart&, const BulkSyncStart&) = default;
};
struct BulkSyncEnd {
  std::uint32_t generation = 0;
  std::uint32_t ike_sa_count = 0;
  std::uint32_t ipsec_sa_count = 0;
  friend bool operator==(const BulkSyncEnd&, const BulkSyncEnd&) = default;
};

// Each side reports its RF state (the numbers of `show redundancy states`) on every change,
// which is how the peer fills in "peer state = ...".
struct PeerStatus {
  std::uint8_t rf_state = 0;
  friend bool operator==(const PeerStatus&, const PeerStatus&) = default;
};

struct IkeSaAdd { IkeSaRecord sa; };
struct IkeSaUpdate { IkeSaRecord sa; };  // full state: idempotent, newest wins
struct IkeSaDelete { IkeSaKey key; };
struct IpsecSaAdd { IpsecSaRecord sa; };
struct IpsecSaDelete { IpsecSaKey key; };

using RecordBody = std::variant<IkeSaAdd, IkeSaUpdate, IkeSaDelete, IpsecSaAdd, IpsecSaDelete,
                                SequenceCheckpoint, BulkSyncStart, BulkSyncEnd, PeerStatus>;

enum class RecordType : std::uint8_t {
  IkeSaAdd = 1,
  IkeSaUpdate = 2,
  IkeSaDelete = 3,
  IpsecSaAdd = 4,
  IpsecSaDelete = 5,
  SequenceCheckpoint = 6,
  BulkSyncStart = 7,
  BulkSyncEnd = 8,
  PeerStatus = 9,
};

RecordType type_of(const RecordBody& body);
const char* to_string(RecordType t);

// `sequence` is the publisher's change counter, shared by all streams: records of one SA can
// travel on the bulk and the update stream, which SCTP does not order against each other
// (RFC 4960 §6.5), so the applier keeps whichever change is newest by this number.
struct Record {
  std::uint64_t sequence = 0;
  RecordBody body;
};

// Field-by-field equality, Secrets compared in constant time; for tests and the fuzzer.
bool operator==(const IkeSaRecord& a, const IkeSaRecord& b);
bool operator==(const IpsecSaRecord& a, const IpsecSaRecord& b);
inline bool operator==(const IkeSaAdd& a, const IkeSaAdd& b) { return a.sa == b.sa; }
inline bool operator==(const IkeSaUpdate& a, const IkeSaUpdate& b) { return a.sa == b.sa; }
inline bool operator==(const IkeSaDelete& a, const IkeSaDelete& b) { return a.key == b.key; }
inline bool operator==(const IpsecSaAdd& a, const IpsecSaAdd& b) { return a.sa == b.sa; }
inline bool operator==(const IpsecSaDelete& a, const IpsecSaDelete& b) { return a.key == b.key; }
inline bool operator==(const Record& a, const Record& b) {
  return a.sequence == b.sequence && a.body == b.body;
}

}  // namespace havpnc::sso
