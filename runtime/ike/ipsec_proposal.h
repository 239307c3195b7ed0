#pragma once
// Phase-2 (IPsec DOI) proposals: a crypto map entry's transform sets, PFS group and
// lifetimes turned into the quick mode SA offer, and the IOS responder's selection rule.
//
// IOS semantics (IOS IPsec configuration guide, `set transform-set`, `set pfs`):
// - the responder walks ITS transform sets in the order the crypto map lists them and takes
//   the first one that equals an offered ESP transform (cipher, key length, integrity,
//   tunnel encapsulation);
// - PFS: with `set pfs groupN` the offer must carry exactly that group; without `set pfs`
//   any PFS group the initiator offers is accepted (and used);
// - lifetimes: the shorter of offered and local is used per kind (seconds, kilobytes); when
//   the local one is shorter the reply carries RESPONDER-LIFETIME (RFC 2407 §4.6.3.1).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "runtime/ike/crypto/dh.h"
#include "runtime/ike/payloads.h"
#include "runtime/ike/result.h"
#include "runtime/ike/traffic_selector.h"

namespace havpnc::ike {

// RFC 2407 §4.4.4 / RFC 4106 §8.4: ESP_AES_GCM with a 16-octet ICV.
inline constexpr std::uint8_t kEspTransformAesGcm16 = 20;
// RFC 2407 §4.5 default when an offer carries no lifetime: 28800 s, no volume limit.
inline constexpr std::uint32_t kDefaultPhase2LifetimeSeconds = 28800;
// RFC 3947 drafts' UDP-Encapsulated-Tunnel value, still sent by older peers.
inline constexpr std::uint16_t kEncapsulationUdpTunnelDraft = 61443;

// RFC 2407 §4.5 Authentication Algorithm values (5 = HMAC-SHA2-256, RFC 4868 §2.2 / IANA).
enum class EspIntegrity : std::uint16_t { None = 0, HmacSha1 = 2, HmacSha256 = 5 };

// One `crypto ipsec transform-set` (ESP only, tunnel mode).
struct IpsecTransform {
  std::uint8_t esp_id = kEspTransformAes;
  std::uint16_t key_bits = 128;
  EspIntegrity integrity = EspIntegrity::HmacSha1;  // None for GCM
  friend bool operator==(const IpsecTransform&, const IpsecTransform&) = default;
};

bool is_supported(const IpsecTransform& t);
// IOS spelling: "esp-aes 256 esp-sha-hmac", "esp-gcm 128".
std::string to_string(const IpsecTransform& t);
std::size_t encryption_key_size(const IpsecTransform& t);  // incl. the 4-byte GCM salt
std::size_t integrity_key_size(const IpsecTransform& t);

// One `crypto map NAME SEQ ipsec-isakmp` entry.
struct Phase2Policy {
  std::vector<IpsecTransform> transform_sets;  // `set transform-set A B ...`, in order
  std::optional<crypto::DhGroup> pfs;          // `set pfs groupN`
  std::uint32_t lifetime_seconds = 3600;       // IOS defaults
  std::uint64_t lifetime_kilobytes = 4608000;
  TrafficSelector selector;                    // `match address ACL`, this side's view
  // Every permit line of the ACL, this side's view, in order. IOS negotiates one SA per
  // line, so a responder accepts proxies inside any of them; empty means `selector` alone.
  std::vector<TrafficSelector> acl_lines;
  std::uint16_t encapsulation = kEncapsulationTunnel;  // UDP tunnel when NAT-T applies
};

// What one ESP transform of an offer asks for.
struct Phase2Proposal {
  IpsecTransform transform;
  std::optional<crypto::DhGroup> group;
  std::uint16_t encapsulation = kEncapsulationTunnel;
  std::uint32_t lifetime_seconds = kDefaultPhase2LifetimeSeconds;
  std::uint64_t lifetime_kilobytes = 0;  // 0 = no volume limit offered
};

// Refuses duplicates (other than life type/duration pairs), unknown attributes, transport
// mode, AES without key length and GCM with an integrity algorithm.
Expected<Phase2Proposal, std::string> parse_esp_transform(const Transform& t);

Transform build_esp_transform(const Phase2Policy& policy, const IpsecTransform& t,
                              std::uint8_t number);
// One ESP proposal whose transforms are the transform sets in order; `spi` is our inbound SPI.
SaPayload build_phase2_sa(const Phase2Policy& policy, std::uint32_t spi);

struct Phase2Selection {
  Phase2Proposal proposal;       // with the lifetimes that will be used
  Transform transform;           // the initiator's transform, echoed unchanged
  std::uint8_t proposal_number = 1;
  std::uint32_t peer_spi = 0;    // the initiator's inbound SPI
  bool lifetime_reduced = false; // send RESPONDER-LIFETIME
};

// Tunnel accepts tunnel only; UDP-Encapsulated-Tunnel accepts the RFC 3947 value and the
// drafts' 61443 (RFC 3947 §5 vs draft-ietf-ipsec-nat-t-ike-02 §5).
bool encapsulation_matches(std::uint16_t ours, std::uint16_t offered);

Expected<Phase2Selection, std::string> select_phase2(const Phase2Policy& policy,
                                                     const SaPayload& offer);
SaPayload phase2_reply_sa(const Phase2Selection& selection, std::uint32_t spi);

struct Phase2Reply {
  Phase2Proposal proposal;
  std::uint32_t peer_spi = 0;  // the responder's inbound SPI
};
// Initiator: one ESP proposal with one transform that equals one we offered, with our PFS.
Expected<Phase2Reply, std::string> accept_phase2_reply(const Phase2Policy& policy,
                                                       const SaPayload& reply);

// RFC 2407 §4.6.3.1: protocol ESP, SPI of the SA, data = life type/duration attributes.
NotificationPayload responder_lifetime_notify(std::uint32_t spi, std::uint32_t seconds,
                                              std::uint64_t kilobytes);
struct ResponderLifetime {
  std::optional<std::uint32_t> seconds;
  std::optional<std::uint64_t> kilobytes;
};
std::optional<ResponderLifetime> parse_responder_lifetime(const NotificationPayload& n);

std::uint32_t spi_value(ByteView spi);  // 4 big-endian bytes; 0 for other sizes
Bytes spi_bytes(std::uint32_t spi);

}  // namespace havpnc::ike
