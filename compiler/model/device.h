#pragma once
// The typed model of one IOS device: what its running-config says about interfaces, IKE,
// IPsec, HSRP, tracking and inter-device redundancy, each value with its source range.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compiler/model/crypto_enums.h"
#include "compiler/model/diagnostic.h"
#include "compiler/model/ipv4.h"
#include "compiler/model/references.h"
#include "compiler/model/source_range.h"
#include "runtime/core/secret.h"

namespace havpnc::model {

// A key as written in the config. Type 0 is clear text; 6 and 7 are IOS encodings of it.
struct KeyText {
  std::uint32_t encryption_type = 0;
  Secret text;  // never printed: JSON and diagnostics show "<redacted>"
};

// ---------------------------------------------------------------------------- interfaces

struct HsrpTrack {
  Located<std::uint32_t> object;
  Located<std::uint32_t> decrement;  // defaulted to 10 when neither decrement nor shutdown
  bool shutdown = false;             // `track N shutdown`: the group goes to Init when down
  SourceRange range;
};

struct HsrpAuthentication {
  enum class Kind { Text, Md5KeyString, Md5KeyChain } kind = Kind::Text;
  KeyText key;            // Text and Md5KeyString
  std::string key_chain;  // Md5KeyChain
  SourceRange range;
};

struct HsrpGroup {
  Located<std::uint32_t> number;
  std::optional<Located<Ipv4>> virtual_ip;  // absent: learned from the active router
  std::vector<Located<Ipv4>> secondary_ips;
  Located<std::uint32_t> priority;
  bool preempt = false;
  SourceRange preempt_range;
  std::optional<Located<std::uint32_t>> preempt_delay_minimum;
  std::optional<Located<std::uint32_t>> preempt_delay_reload;
  std::optional<Located<std::uint32_t>> preempt_delay_sync;
  std::optional<Located<std::string>> name;
  std::vector<HsrpTrack> tracks;
  Located<std::uint32_t> hello_ms;
  Located<std::uint32_t> hold_ms;
  std::optional<HsrpAuthentication> authentication;  // absent: IOS sends text "cisco"
  std::optional<Located<std::string>> mac_address;
  SourceRange range;  // the first `standby N` line
};

struct InterfaceCryptoMap {
  Located<std::string> map;
  std::optional<Located<std::string>> redundancy_group;  // `redundancy NAME`
  bool stateful = false;
  SourceRange range;
};

struct Interface {
  Located<std::string> name;      // full IOS name: GigabitEthernet0/1
  std::string written_as;         // as the config wrote it: g0/1
  std::optional<Located<std::string>> description;
  std::optional<Located<Ipv4Prefix>> address;
  std::vector<Located<Ipv4Prefix>> secondary_addresses;
  bool no_ip_address = false;
  Located<bool> shutdown;          // defaulted false
  std::optional<InterfaceCryptoMap> crypto_map;
  Located<std::uint32_t> hsrp_version;
  bool hsrp_use_bia = false;
  std::vector<HsrpGroup> hsrp_groups;
  SourceRange range;  // the `interface` line
};

// ---------------------------------------------------------------------------- access lists

struct AclAddress {
  enum class Kind { Any, Host, Network } kind = Kind::Any;
  Ipv4 address;
  Ipv4 wildcard;  // Network only
  SourceRange range;

  Ipv4Prefix prefix() const;  // Any → 0.0.0.0/0, Host → /32
};

struct AclPort {
  enum class Op { Eq, Gt, Lt, Neq, Range } op = Op::Eq;
  std::vector<std::string> ports;  // names or numbers as written: "500", "isakmp"
  SourceRange range;
};

struct AclEntry {
  enum class Action { Permit, Deny, Remark } action = Action::Permit;
  std::optional<Located<std::uint32_t>> sequence;
  std::string protocol;  // "ip", "udp", "esp", "50" ... empty for standard ACLs and remarks
  AclAddress source;
  std::optional<AclPort> source_port;
  std::optional<AclAddress> destination;  // absent for standard ACLs
  std::optional<AclPort> destination_port;
  std::vector<std::string> options;       // log, established, echo ...
  std::string remark;
  SourceRange range;
};

struct AccessList {
  Located<std::string> name;
  enum class Kind { Standard, Extended } kind = Kind::Extended;
  bool numbered = false;
  std::vector<AclEntry> entries;
  SourceRange range;  // the first line defining it
};

// ---------------------------------------------------------------------------- IKE

struct IsakmpPolicy {
  Located<std::uint32_t> priority;
  Located<IkeCipher> encryption;
  Located<IkeHash> hash;
  Located<IkeAuth> authentication;
  Located<DhGroup> group;
  Located<std::uint32_t> lifetime_seconds;
  SourceRange range;
};

struct IsakmpKey {
  std::string keyring;  // empty: the global `crypto isakmp key`
  KeyText key;
  std::optional<Located<Ipv4>> address;
  Located<Ipv4> mask;   // defaulted 255.255.255.255
  std::optional<Located<std::string>> hostname;
  bool no_xauth = false;
  SourceRange range;

  bool matches(Ipv4 peer) const;
};

struct IsakmpKeepalive {
  Located<std::uint32_t> interval_seconds;
  Located<std::uint32_t> retry_seconds;
  enum class Mode { OnDemand, Periodic };
  Located<Mode> mode;
  SourceRange range;
};

struct Keyring {
  Located<std::string> name;
  SourceRange range;
};

// ---------------------------------------------------------------------------- IPsec

struct TransformSet {
  Located<std::string> name;
  std::vector<Located<Transform>> transforms;
  enum class Mode { Tunnel, Transport };
  Located<Mode> mode;  // defaulted tunnel
  SourceRange range;
};

struct SaLifetime {
  std::optional<Located<std::uint32_t>> seconds;
  std::optional<Located<std::uint64_t>> kilobytes;
};

struct ReplaySettings {
  std::optional<Located<std::uint32_t>> window_size;
  std::optional<SourceRange> disabled;  // `replay disable`
};

struct CryptoMapEntry {
  Located<std::string> map;
  Located<std::uint32_t> sequence;
  std::optional<Located<std::string>> dynamic_map;
  std::vector<Located<Ipv4>> peers;
  std::vector<Located<std::string>> transform_sets;
  std::optional<Located<DhGroup>> pfs;  // `set pfs` alone is group1
  SaLifetime lifetime;
  ReplaySettings replay;
  std::optional<Located<std::string>> match_address;
  std::optional<Located<std::string>> isakmp_profile;
  bool reverse_route = false;
  std::optional<Located<std::string>> description;
  SourceRange range;
};

struct ReplayInterval {
  std::optional<Located<std::uint32_t>> inbound;
  std::optional<Located<std::uint32_t>> outbound;
  SourceRange range;
};

struct CryptoMap {
  Located<std::string> name;
  std::vector<CryptoMapEntry> entries;  // by sequence number
  std::optional<ReplayInterval> replay_interval;
  std::optional<Located<std::string>> local_address;  // an interface name, normalised
  SourceRange range;  // the first line naming it
};

struct IpsecGlobals {
  Located<std::uint32_t> replay_window;  // defaulted 64
  std::optional<SourceRange> replay_disabled;
  Located<std::uint32_t> lifetime_seconds;
  Located<std::uint64_t> lifetime_kilobytes;
};

// ---------------------------------------------------------------------------- tracking

struct TrackObject {
  Located<std::uint32_t> id;
  enum class Kind { InterfaceLineProtocol, InterfaceIpRouting, ListBooleanAnd, ListBooleanOr } kind =
      Kind::InterfaceLineProtocol;
  std::optional<Located<std::string>> interface;  // normalised
  struct Member {
    Located<std::uint32_t> object;
    bool negated = false;
    SourceRange range;
  };
  std::vector<Member> members;
  std::optional<Located<std::uint32_t>> delay_up_seconds;
  std::optional<Located<std::uint32_t>> delay_down_seconds;
  SourceRange range;
};

// ---------------------------------------------------------------------------- redundancy

struct SctpAssociation {
  Located<std::uint32_t> id;
  Located<bool> shutdown;  // IOS creates an association shut down until `no shutdown`
  std::optional<SourceRange> protocol_sctp;
  std::optional<Located<std::uint32_t>> local_port;
  std::vector<Located<Ipv4>> local_ips;
  std::optional<Located<std::uint32_t>> remote_port;
  std::vector<Located<Ipv4>> remote_ips;
  Located<std::uint32_t> retransmit_min_ms;
  Located<std::uint32_t> retransmit_max_ms;
  Located<std::uint32_t> path_retransmit;
  Located<std::uint32_t> assoc_retransmit;
  SourceRange range;
};

struct IpcZone {
  std::vector<SctpAssociation> associations;
  SourceRange range;
};

// `security key [0|7] KEY` under `redundancy inter-device`: a havpnc extension (IOS has only
// `security ipsec PROFILE`) naming the SSO channel key itself.
struct SsoSecurityKey {
  KeyText key;
  SourceRange range;
};

struct InterDeviceRedundancy {
  std::optional<Located<std::string>> scheme_standby;  // the HSRP group name
  std::optional<Located<std::string>> security_ipsec;  // a `crypto ipsec profile` name
  std::optional<SsoSecurityKey> security_key;          // havpnc extension, see above
  SourceRange range;
};

// The route-processor `redundancy` block (`mode sso` between two supervisors in one
// chassis): a different feature from inter-device redundancy, kept apart on purpose.
struct ChassisRedundancy {
  std::optional<Located<std::string>> mode;
  SourceRange range;
};

struct CryptoEngine {
  Located<std::uint32_t> slot;
  bool enabled = true;  // false: `no crypto engine onboard N`
  SourceRange range;
};

// ---------------------------------------------------------------------------- the rest

struct StaticRoute {
  Located<Ipv4Prefix> prefix;
  std::optional<Located<Ipv4>> next_hop;
  std::optional<Located<std::string>> interface;
  std::optional<Located<std::uint32_t>> distance;
  std::optional<std::string> name;
  SourceRange range;
};

struct Banner {
  std::string kind;  // motd, exec, login, incoming ...
  std::string text;
  SourceRange range;
};

struct TerminalLine {
  std::string kind;  // con, aux, vty
  std::uint32_t first = 0;
  std::optional<std::uint32_t> last;
  SourceRange range;
};

struct UnrecognizedLine {
  SourceRange range;
  std::string text;  // the line, as written (a secret inside it is the config's own text)
};

struct CommentLine {
  SourceRange range;
  std::string text;
};

enum class ParseStatus { Passed, PartiallyUnrecognized, Failed };
std::string to_string(ParseStatus);

// How each non-empty line was used; typed + ignored + unrecognized covers every line that is
// neither blank nor a `!` comment, so no line disappears unnoticed.
struct LineAccounting {
  std::uint64_t total = 0;
  std::uint64_t blank = 0;
  std::uint64_t comment = 0;
  std::uint64_t typed = 0;         // became (part of) a model value
  std::uint64_t ignored = 0;       // recognised, deliberately not modelled (line blocks, certificates)
  std::uint64_t unrecognized = 0;  // not understood: reported
};

struct Device {
  FileId file = 0;
  std::string path;
  ParseStatus status = ParseStatus::Passed;
  std::optional<Located<std::string>> hostname;
  std::optional<Located<std::string>> version;

  std::map<std::string, Interface> interfaces;  // by full name
  std::map<std::string, AccessList> access_lists;
  std::map<std::uint32_t, IsakmpPolicy> isakmp_policies;
  std::vector<IsakmpKey> isakmp_keys;
  std::optional<IsakmpKeepalive> isakmp_keepalive;
  std::optional<Located<std::uint32_t>> isakmp_nat_keepalive;
  std::map<std::string, Located<std::string>> isakmp_profiles;
  std::map<std::string, Keyring> keyrings;
  std::map<std::string, TransformSet> transform_sets;
  std::map<std::string, Located<std::string>> ipsec_profiles;  // `crypto ipsec profile NAME`
  IpsecGlobals ipsec;
  std::map<std::string, CryptoMap> crypto_maps;
  std::map<std::uint32_t, TrackObject> tracks;
  std::optional<IpcZone> ipc_zone;
  std::optional<InterDeviceRedundancy> inter_device;
  std::optional<ChassisRedundancy> chassis_redundancy;
  std::vector<CryptoEngine> crypto_engines;
  std::vector<StaticRoute> static_routes;
  bool ip_routing = true;
  std::vector<Banner> banners;
  std::vector<TerminalLine> terminal_lines;
  std::vector<std::string> pki_certificate_chains;

  References references;
  std::vector<UnrecognizedLine> unrecognized;
  std::vector<CommentLine> comments;
  std::vector<Diagnostic> diagnostics;  // invalid values, unreadable input
  LineAccounting lines;

  // The device's name for people: its hostname, else its file name.
  std::string display_name() const;
  // Every address configured on an interface (primary and secondary).
  std::vector<std::pair<const Interface*, Ipv4Prefix>> interface_addresses() const;
};

}  // namespace havpnc::model
