#pragma once
// The plan: one router's resolved, executable configuration — the contract between
// `havpnc compile` (which builds it from a typed IOS model) and `havpnc run` (which loads it).
// Everything the protocol cores need is here already resolved: IOS defaults filled in,
// names checked, ACLs turned into traffic selectors. The runtime never sees a config line.
// The JSON form is documented field by field in docs/plan.md (schema: docs/plan.schema.json).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "runtime/core/secret.h"
#include "runtime/plan/ipv4.h"

namespace havpnc::plan {

// Bumped on any change a version-1 loader could misread (see "Versioning" in docs/plan.md).
inline constexpr std::uint32_t kPlanVersion = 1;

// ------------------------------------------------------------------------------ interfaces

struct Interface {
  std::string name;                          // full IOS name: "GigabitEthernet0/1"
  std::optional<Ipv4Prefix> address;         // `ip address A M`; absent: no IPv4 address
  std::vector<Ipv4Prefix> secondary_addresses;
  bool shutdown = false;
};

// ------------------------------------------------------------------------------ IKE (phase 1)

enum class IkeEncryption { Des, TripleDes, Aes128, Aes192, Aes256 };
enum class IkeHash { Md5, Sha1, Sha256, Sha384, Sha512 };
enum class IkeAuthentication { PreShare, RsaSig, RsaEncr, EcdsaSig };

// `crypto isakmp policy N`, IOS defaults applied. Policies are offered and matched in
// ascending priority (lower number first), so the plan keeps them sorted.
struct IsakmpPolicy {
  std::uint32_t priority = 0;  // 1-10000
  IkeEncryption encryption = IkeEncryption::Des;
  IkeHash hash = IkeHash::Sha1;
  IkeAuthentication authentication = IkeAuthentication::RsaSig;
  std::uint32_t group = 1;     // DH group number: 1 2 5 14 15 16 19 20 21 24
  std::uint32_t lifetime_seconds = 86400;
};

// `crypto isakmp key K address A [M]`: the key for every peer with (peer & mask) == address.
struct PreSharedKey {
  Ipv4 address;
  Ipv4 mask{0xFFFFFFFFu};
  Secret key;  // the clear key (IOS type 7 already decoded by the compiler)
};

enum class DpdMode { OnDemand, Periodic };

// `crypto isakmp keepalive S [R] [periodic|on-demand]` (RFC 3706).
struct Dpd {
  std::uint32_t interval_seconds = 10;  // 10-3600
  std::uint32_t retry_seconds = 2;      // 2-60
  DpdMode mode = DpdMode::OnDemand;
};

// ------------------------------------------------------------------------------ IPsec

enum class EspEncryption { Des, TripleDes, Aes128, Aes192, Aes256, Gcm128, Gcm192, Gcm256, Gmac128, Gmac192, Gmac256, Null, Seal };
enum class Integrity { Md5, Sha1, Sha256, Sha384, Sha512 };
enum class TransformMode { Tunnel, Transport };

// `crypto ipsec transform-set NAME ...`, its words resolved into what each protocol uses.
struct TransformSet {
  std::string name;
  std::optional<EspEncryption> esp_encryption;
  std::optional<Integrity> esp_integrity;  // absent for combined-mode (GCM/GMAC) or none
  std::optional<Integrity> ah_integrity;   // `ah-*-hmac`
  bool compression = false;                // `comp-lzs`
  TransformMode mode = TransformMode::Tunnel;
};

struct PortRange {
  std::uint32_t low = 0;      // inclusive, 0-65535
  std::uint32_t high = 65535; // inclusive
  friend bool operator==(const PortRange&, const PortRange&) = default;
};

enum class SelectorAction { Permit, Deny };

// One crypto ACL line seen from this router: `local` is the source of outbound traffic.
// IOS evaluates the lines in order; a deny line means "send this traffic in the clear", so
// deny lines are kept in place rather than dropped.
struct TrafficSelector {
  SelectorAction action = SelectorAction::Permit;
  std::uint32_t protocol = 0;  // IP protocol number; 0 = any (`permit ip`)
  Ipv4Prefix local;
  PortRange local_ports;
  Ipv4Prefix remote;
  PortRange remote_ports;
};

// `crypto map NAME SEQ ipsec-isakmp` with the globals applied.
struct CryptoMapEntry {
  std::uint32_t sequence = 0;                 // 1-65535
  std::vector<Ipv4> peers;                    // `set peer`, in order (first is tried first)
  std::vector<std::string> transform_sets;    // names in TransformSet, in offer order
  std::optional<std::uint32_t> pfs_group;     // `set pfs groupN`
  std::uint32_t lifetime_seconds = 3600;      // entry, else `crypto ipsec security-association lifetime`
  std::uint64_t lifetime_kilobytes = 4608000;
  // Anti-replay window in packets: entry > global > 64; 0 = `replay disable` (RFC 4303 §3.4.3).
  std::uint32_t replay_window = 64;
  std::string acl;                            // `match address`, for show output
  std::vector<TrafficSelector> selectors;     // the ACL's lines in order
};

struct CryptoMap {
  std::string name;
  std::vector<CryptoMapEntry> entries;  // ascending sequence
  // `crypto map NAME redundancy replay-interval inbound N outbound M`: how many packets
  // between SSO sequence-number checkpoints; absent = not configured.
  std::optional<std::uint32_t> replay_interval_inbound;
  std::optional<std::uint32_t> replay_interval_outbound;
  std::optional<std::string> local_address;  // an interface name: IKE/ESP source address
};

// `crypto map NAME [redundancy GROUP [stateful]]` on an interface.
struct CryptoMapBinding {
  std::string interface;
  std::string map;
  std::optional<std::string> redundancy_group;  // an HSRP group name
  bool stateful = false;
};

// ------------------------------------------------------------------------------ HSRP

enum class HsrpAuthKind { Text, Md5 };

struct HsrpTrack {
  std::uint32_t object = 0;     // a TrackObject id
  std::uint32_t decrement = 10; // 1-255
  bool shutdown = false;        // `track N shutdown`: the group goes to Init while down
};

struct HsrpGroup {
  std::string interface;
  std::uint32_t group = 0;      // 0-255 (v1), 0-4095 (v2)
  std::uint32_t version = 1;    // `standby version`
  std::optional<Ipv4> virtual_ip;          // absent: learned from the Active (RFC 2281 §5.1)
  std::vector<Ipv4> secondary_virtual_ips;
  std::uint32_t priority = 100;
  bool preempt = false;
  std::uint32_t preempt_delay_minimum_seconds = 0;
  std::optional<std::uint32_t> preempt_delay_reload_seconds;
  std::optional<std::uint32_t> preempt_delay_sync_seconds;
  // Timers in effect; `timers_configured` false means they are IOS defaults and are learned
  // from the Active's Hellos (RFC 2281 §5.1 forbids mixing configured and learned).
  std::uint32_t hello_ms = 3000;
  std::uint32_t hold_ms = 10000;
  bool timers_configured = false;
  HsrpAuthKind authentication = HsrpAuthKind::Text;
  Secret authentication_key{std::string_view{"cisco"}};  // IOS default: text "cisco"
  std::optional<std::string> name;                     // `standby N name X`
  std::vector<HsrpTrack> tracks;
};

// ------------------------------------------------------------------------------ tracking

enum class TrackKind { InterfaceLineProtocol, InterfaceIpRouting, ListBooleanAnd, ListBooleanOr };

struct TrackMember {
  std::uint32_t object = 0;
  bool negated = false;  // `object N not`
};

struct TrackObject {
  std::uint32_t id = 0;  // 1-1000
  TrackKind kind = TrackKind::InterfaceLineProtocol;
  std::optional<std::string> interface;  // interface kinds
  std::vector<TrackMember> members;      // list kinds
  std::uint32_t delay_up_seconds = 0;    // `delay up S down S`: 0-180
  std::uint32_t delay_down_seconds = 0;
};

// ------------------------------------------------------------------------------ redundancy

// `ipc zone default / association N`: the SCTP association SSO state travels on.
struct IpcAssociation {
  std::uint32_t id = 1;
  bool shutdown = true;                  // IOS creates it shut down until `no shutdown`
  std::vector<Ipv4> local_ips;
  std::uint32_t local_port = 0;          // 1-65535
  std::vector<Ipv4> remote_ips;
  std::uint32_t remote_port = 0;
  std::uint32_t retransmit_min_ms = 300; // SCTP RTO.Min (RFC 4960 §15)
  std::uint32_t retransmit_max_ms = 10000; // SCTP RTO.Max
  std::uint32_t path_retransmit = 5;     // Path.Max.Retrans
  std::uint32_t assoc_retransmit = 5;    // Association.Max.Retrans
};

// `redundancy inter-device`.
struct InterDevice {
  std::optional<std::string> scheme_standby;  // an HSRP group name
  std::optional<std::string> security_ipsec;  // an IPsec profile name (the compiler checked it exists)
  // The SSO channel secret (runtime/sso/channel_security.h): the ISAKMP pre-shared key for the
  // ipc remote-ip when `security ipsec` is configured, or the havpnc `security key`. Empty =
  // the channel runs in the clear. `channel_key_source` says where it came from, for show
  // output and logs ("crypto isakmp key for 6.6.146.11"); it never contains the key.
  Secret channel_key;
  std::optional<std::string> channel_key_source;
};

// ------------------------------------------------------------------------------ routing

struct StaticRoute {
  Ipv4Prefix prefix;
  std::optional<Ipv4> next_hop;
  std::optional<std::string> interface;
  std::uint32_t distance = 1;  // 1-255
};

// ------------------------------------------------------------------------------ the plan

struct Plan {
  std::uint32_t plan_version = kPlanVersion;
  std::string hostname;
  std::string source;  // the config file it was compiled from, as given (for people)
  std::vector<Interface> interfaces;               // by name
  std::vector<IsakmpPolicy> isakmp_policies;       // ascending priority
  std::vector<PreSharedKey> pre_shared_keys;       // config order
  std::optional<Dpd> dpd;                          // absent: answer probes, never send
  std::optional<std::uint32_t> nat_keepalive_seconds;
  std::vector<TransformSet> transform_sets;        // by name
  std::vector<CryptoMap> crypto_maps;              // by name
  std::vector<CryptoMapBinding> crypto_map_bindings; // by interface
  std::vector<HsrpGroup> hsrp_groups;              // by interface, then group
  std::vector<TrackObject> track_objects;          // ascending id
  std::vector<IpcAssociation> ipc_associations;    // ascending id
  std::optional<InterDevice> inter_device;
  std::vector<StaticRoute> static_routes;          // config order

  const Interface* find_interface(std::string_view name) const;
  const TransformSet* find_transform_set(std::string_view name) const;
  const CryptoMap* find_crypto_map(std::string_view name) const;
  const TrackObject* find_track(std::uint32_t id) const;
  const HsrpGroup* find_hsrp_group_named(std::string_view name) const;
};

}  // namespace havpnc::plan
