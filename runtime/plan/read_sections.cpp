#include "runtime/plan/read_sections.h"

#include <algorithm>
#include <array>
#include <string>
#include <utility>
#include <vector>

namespace havpnc::plan::detail {

using nlohmann::json;

namespace {

// IOS offers these MODP/ECP groups for IKEv1 policies and PFS.
constexpr std::array<std::uint32_t, 10> kDhGroups{1, 2, 5, 14, 15, 16, 19, 20, 21, 24};
// `crypto ipsec security-association replay window-size {64|128|256|512|1024}`; 0 = disabled.
constexpr std::array<std::uint32_t, 6> kReplayWindows{0, 64, 128, 256, 512, 1024};

std::uint32_t dh_group(ObjectReader& r, const std::string& key, std::optional<std::uint32_t> value) {
  if (value && std::find(kDhGroups.begin(), kDhGroups.end(), *value) == kDhGroups.end()) {
    fail(r.path_of(key), std::to_string(*value) + " is not a DH group IOS offers (1, 2, 5, 14, 15, 16, 19, 20, 21, 24)");
  }
  return value.value_or(0);
}

// Every object of a plan is read the same way: its fields in order (so the first failure is
// the one reported), the rules between them, then finish() refuses a field it does not know.
// A section reader states only its fields and rules; these two do the rest.
template <typename T>
T read_object(ObjectReader r, T (*fields)(ObjectReader&)) {
  T out = fields(r);
  r.finish();
  return out;
}

// The array at `key`, one object per element, each read as read_object() does.
template <typename T>
std::vector<T> read_objects(ObjectReader& r, const std::string& key, T (*fields)(ObjectReader&)) {
  std::vector<T> out;
  r.array(key, [&](const json& v, const std::string& path) {
    out.push_back(read_object(ObjectReader(v, path, r.options()), fields));
  });
  return out;
}

// The array at `key`, one scalar per element.
template <typename T>
std::vector<T> read_values(ObjectReader& r, const std::string& key, T (*read)(const json&, const std::string&)) {
  std::vector<T> out;
  r.array(key, [&](const json& v, const std::string& path) { out.push_back(read(v, path)); });
  return out;
}

// An array that must not be empty: `why` says what it is needed for. Callers place it where
// the check always stood, so a plan with several faults still reports the same first one.
template <typename T>
void require_some(const ObjectReader& r, const std::string& key, const std::vector<T>& list, const char* why) {
  if (list.empty()) fail(r.path_of(key), why);
}

// A prefix that names a network: `what_it_is` says why host bits are refused there.
Ipv4Prefix network(ObjectReader& r, const std::string& key, const std::string& what_it_is) {
  const Ipv4Prefix p = r.prefix(key);
  if (p.network() != p.address) fail(r.path_of(key), p.to_string() + " has host bits set" + what_it_is);
  return p;
}

// The path of one field of the element `index` of the array at `key`.
std::string element_field(const ObjectReader& r, const std::string& key, std::size_t index, const std::string& field) {
  return index_path(r.path_of(key), index) + "." + field;
}

PortRange read_ports(ObjectReader& r) {
  PortRange p;
  p.low = r.u32("low", kPort);
  p.high = r.u32("high", kPort);
  if (p.low > p.high) fail(r.path(), "low port " + std::to_string(p.low) + " is above high port " + std::to_string(p.high));
  return p;
}

TrafficSelector read_selector(ObjectReader& r) {
  TrafficSelector s;
  s.action = r.enumeration<SelectorAction>("action");
  s.protocol = r.u32("protocol", kProtocol);
  s.local = network(r, "local", " (a selector is a network)");
  s.local_ports = read_object(r.object("local_ports"), read_ports);
  s.remote = network(r, "remote", " (a selector is a network)");
  s.remote_ports = read_object(r.object("remote_ports"), read_ports);
  // RFC 2407 §4.6.2: ports in an ID payload mean something only for TCP, UDP (and SCTP).
  const bool has_ports = s.protocol == 6 || s.protocol == 17 || s.protocol == 132;
  const PortRange any{};
  if (!has_ports && !(s.local_ports == any && s.remote_ports == any)) {
    fail(r.path(), "ports are restricted but protocol " + std::to_string(s.protocol) + " has no ports (only 6, 17, 132 do)");
  }
  return s;
}

CryptoMapEntry read_entry(ObjectReader& r) {
  CryptoMapEntry e;
  e.sequence = r.u32("sequence", kMapSequence);
  e.peers = read_values(r, "peers", read_ipv4);
  require_some(r, "peers", e.peers, "an entry needs at least one peer");
  e.transform_sets = read_values(r, "transform_sets", read_string);
  require_some(r, "transform_sets", e.transform_sets, "an entry needs at least one transform set");
  auto pfs = r.optional_u32("pfs_group", {0, 4294967295ull});
  dh_group(r, "pfs_group", pfs);
  e.pfs_group = pfs;
  e.lifetime_seconds = r.u32("lifetime_seconds", kIpsecLifetimeSeconds);
  e.lifetime_kilobytes = r.u64("lifetime_kilobytes", kIpsecLifetimeKilobytes);
  e.replay_window = r.u32("replay_window", {0, 4294967295ull});
  if (std::find(kReplayWindows.begin(), kReplayWindows.end(), e.replay_window) == kReplayWindows.end()) {
    fail(r.path_of("replay_window"), std::to_string(e.replay_window) +
                                         " is not a replay window IOS offers (0 = disabled, 64, 128, 256, 512, 1024)");
  }
  e.acl = r.string("acl");
  e.selectors = read_objects(r, "selectors", read_selector);
  const bool permits = std::any_of(e.selectors.begin(), e.selectors.end(),
                                   [](const TrafficSelector& s) { return s.action == SelectorAction::Permit; });
  if (!permits) fail(r.path_of("selectors"), "an entry needs at least one permit selector (nothing would be protected)");
  return e;
}

HsrpTrack read_hsrp_track(ObjectReader& r) {
  HsrpTrack t;
  t.object = r.u32("object", kTrackId);
  t.decrement = r.u32("decrement", kTrackDecrement);
  t.shutdown = r.boolean("shutdown");
  return t;
}

TrackMember read_member(ObjectReader& r) {
  TrackMember m;
  m.object = r.u32("object", kTrackId);
  m.negated = r.boolean("not");
  return m;
}

Interface read_interface(ObjectReader& r) {
  Interface i;
  i.name = r.string("name");
  i.address = r.optional_prefix("address");
  i.secondary_addresses = read_values(r, "secondary_addresses", read_prefix);
  i.shutdown = r.boolean("shutdown");
  return i;
}

IsakmpPolicy read_isakmp_policy(ObjectReader& r) {
  IsakmpPolicy p;
  p.priority = r.u32("priority", kIsakmpPriority);
  p.encryption = r.enumeration<IkeEncryption>("encryption");
  p.hash = r.enumeration<IkeHash>("hash");
  p.authentication = r.enumeration<IkeAuthentication>("authentication");
  p.group = dh_group(r, "group", r.u32("group", {0, 4294967295ull}));
  p.lifetime_seconds = r.u32("lifetime_seconds", kIsakmpLifetime);
  return p;
}

PreSharedKey read_pre_shared_key(ObjectReader& r) {
  PreSharedKey k;
  k.address = r.ipv4("address");
  k.mask = r.ipv4("mask");
  k.key = r.secret("key");
  return k;
}

Dpd read_dpd(ObjectReader& r) {
  Dpd d;
  d.interval_seconds = r.u32("interval_seconds", kDpdInterval);
  d.retry_seconds = r.u32("retry_seconds", kDpdRetry);
  d.mode = r.enumeration<DpdMode>("mode");
  return d;
}

TransformSet read_transform_set(ObjectReader& r) {
  TransformSet t;
  t.name = r.string("name");
  t.esp_encryption = r.optional_enumeration<EspEncryption>("esp_encryption");
  t.esp_integrity = r.optional_enumeration<Integrity>("esp_integrity");
  t.ah_integrity = r.optional_enumeration<Integrity>("ah_integrity");
  t.compression = r.boolean("compression");
  t.mode = r.enumeration<TransformMode>("mode");
  if (!t.esp_encryption && !t.esp_integrity && !t.ah_integrity) {
    fail(r.path(), "a transform set needs an ESP or AH transform");
  }
  if (t.esp_encryption && t.esp_integrity) {
    switch (*t.esp_encryption) {
      case EspEncryption::Gcm128: case EspEncryption::Gcm192: case EspEncryption::Gcm256:
      case EspEncryption::Gmac128: case EspEncryption::Gmac192: case EspEncryption::Gmac256:
        // RFC 4106 §3 / RFC 4543 §3: the combined mode carries its own ICV.
        fail(r.path_of("esp_integrity"), "must be null with " + std::string(to_string(*t.esp_encryption)) +
                                             " (a combined-mode cipher has its own integrity check)");
      default:
        break;
    }
  }
  return t;
}

CryptoMap read_crypto_map(ObjectReader& r) {
  CryptoMap m;
  m.name = r.string("name");
  m.entries = read_objects(r, "entries", read_entry);
  require_some(r, "entries", m.entries, "a crypto map needs at least one entry");
  for (std::size_t i = 1; i < m.entries.size(); ++i) {
    if (m.entries[i].sequence <= m.entries[i - 1].sequence) {
      fail(element_field(r, "entries", i, "sequence"),
           "sequence numbers must be unique and ascending (IOS evaluates entries in that order)");
    }
  }
  m.replay_interval_inbound = r.optional_u32("replay_interval_inbound", kReplayInterval);
  m.replay_interval_outbound = r.optional_u32("replay_interval_outbound", kReplayInterval);
  m.local_address = r.optional_string("local_address");
  return m;
}

CryptoMapBinding read_binding(ObjectReader& r) {
  CryptoMapBinding b;
  b.interface = r.string("interface");
  b.map = r.string("map");
  b.redundancy_group = r.optional_string("redundancy_group");
  b.stateful = r.boolean("stateful");
  if (b.stateful && !b.redundancy_group) {
    fail(r.path_of("stateful"), "stateful failover needs a redundancy group (the HSRP group that decides who is active)");
  }
  return b;
}

HsrpGroup read_hsrp_group(ObjectReader& r) {
  HsrpGroup g;
  g.interface = r.string("interface");
  g.version = r.u32("version", kHsrpVersion);
  const Range groups = g.version == 1 ? kHsrpGroupV1 : kHsrpGroupV2;
  g.group = r.u32("group", {0, 4294967295ull});
  if (g.group > groups.high) {
    fail(r.path_of("group"), std::to_string(g.group) + " is out of range 0-" + std::to_string(groups.high) +
                                 " (HSRP version " + std::to_string(g.version) + ")");
  }
  g.virtual_ip = r.optional_ipv4("virtual_ip");
  if (g.virtual_ip && g.virtual_ip->bits == 0) fail(r.path_of("virtual_ip"), "0.0.0.0 is not a virtual IP");
  g.secondary_virtual_ips = read_values(r, "secondary_virtual_ips", read_ipv4);
  g.priority = r.u32("priority", kHsrpPriority);
  g.preempt = r.boolean("preempt");
  g.preempt_delay_minimum_seconds = r.u32("preempt_delay_minimum_seconds", kPreemptDelay);
  g.preempt_delay_reload_seconds = r.optional_u32("preempt_delay_reload_seconds", kPreemptDelay);
  g.preempt_delay_sync_seconds = r.optional_u32("preempt_delay_sync_seconds", kPreemptDelay);
  g.hello_ms = r.u32("hello_ms", kHelloMs);
  g.hold_ms = r.u32("hold_ms", kHoldMs);
  g.timers_configured = r.boolean("timers_configured");
  // RFC 2281 §5.1: the hold time must exceed the hello time, or a router declares the Active
  // dead between two of its Hellos.
  if (g.hold_ms <= g.hello_ms) {
    fail(r.path_of("hold_ms"), std::to_string(g.hold_ms) + " must be greater than hello_ms " + std::to_string(g.hello_ms));
  }
  auto auth = r.object("authentication");
  g.authentication = auth.enumeration<HsrpAuthKind>("kind");
  g.authentication_key = auth.secret("key");
  auth.finish();
  g.name = r.optional_string("name");
  g.tracks = read_objects(r, "tracks", read_hsrp_track);
  for (std::size_t i = 0; i < g.tracks.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (g.tracks[i].object == g.tracks[j].object) {
        fail(element_field(r, "tracks", i, "object"),
             "track object " + std::to_string(g.tracks[i].object) + " is tracked twice by this group");
      }
    }
  }
  return g;
}

TrackObject read_track_object(ObjectReader& r) {
  TrackObject t;
  t.id = r.u32("id", kTrackId);
  t.kind = r.enumeration<TrackKind>("kind");
  t.interface = r.optional_string("interface");
  t.members = read_objects(r, "members", read_member);
  t.delay_up_seconds = r.u32("delay_up_seconds", kTrackDelay);
  t.delay_down_seconds = r.u32("delay_down_seconds", kTrackDelay);
  const bool list = t.kind == TrackKind::ListBooleanAnd || t.kind == TrackKind::ListBooleanOr;
  if (list && t.interface) fail(r.path_of("interface"), "must be null for a list");
  if (list && t.members.empty()) fail(r.path_of("members"), "a boolean list needs at least one object");
  if (!list && !t.interface) fail(r.path_of("interface"), "an interface object needs an interface");
  if (!list && !t.members.empty()) fail(r.path_of("members"), "must be empty for an interface object");
  return t;
}

IpcAssociation read_ipc_association(ObjectReader& r) {
  IpcAssociation a;
  a.id = r.u32("id", kAssociationId);
  a.shutdown = r.boolean("shutdown");
  a.local_ips = read_values(r, "local_ips", read_ipv4);
  a.local_port = r.u32("local_port", kSctpPort);
  a.remote_ips = read_values(r, "remote_ips", read_ipv4);
  a.remote_port = r.u32("remote_port", kSctpPort);
  a.retransmit_min_ms = r.u32("retransmit_min_ms", kRetransmitMs);
  a.retransmit_max_ms = r.u32("retransmit_max_ms", kRetransmitMs);
  if (a.retransmit_max_ms < a.retransmit_min_ms) {
    fail(r.path_of("retransmit_max_ms"), std::to_string(a.retransmit_max_ms) + " is below retransmit_min_ms " +
                                             std::to_string(a.retransmit_min_ms) + " (RFC 4960 §6.3.1: RTO.Min <= RTO.Max)");
  }
  a.path_retransmit = r.u32("path_retransmit", kRetransmitCount);
  a.assoc_retransmit = r.u32("assoc_retransmit", kRetransmitCount);
  require_some(r, "local_ips", a.local_ips, "an association needs at least one local address");
  require_some(r, "remote_ips", a.remote_ips, "an association needs at least one remote address");
  return a;
}

InterDevice read_inter_device(ObjectReader& r) {
  InterDevice d;
  d.scheme_standby = r.optional_string("scheme_standby");
  d.security_ipsec = r.optional_string("security_ipsec");
  d.channel_key = r.optional_secret("channel_key");
  d.channel_key_source = r.optional_string("channel_key_source");
  // The source is what show output and logs name instead of the key: one without the other is
  // a hand-edited plan that would run keyed without saying why, or say keyed and run clear.
  if (d.channel_key.empty() != !d.channel_key_source) {
    fail(r.path_of(d.channel_key.empty() ? "channel_key_source" : "channel_key"),
         "channel_key and channel_key_source go together (both null, or both set)");
  }
  return d;
}

StaticRoute read_static_route(ObjectReader& r) {
  StaticRoute s;
  s.prefix = network(r, "prefix", "");
  s.next_hop = r.optional_ipv4("next_hop");
  s.interface = r.optional_string("interface");
  s.distance = r.u32("distance", kDistance);
  if (!s.next_hop && !s.interface) fail(r.path(), "a route needs a next hop or an interface");
  return s;
}

}  // namespace

void read_sections(ObjectReader& r, Plan& plan) {
  plan.interfaces = read_objects(r, "interfaces", read_interface);
  plan.isakmp_policies = read_objects(r, "isakmp_policies", read_isakmp_policy);
  plan.pre_shared_keys = read_objects(r, "pre_shared_keys", read_pre_shared_key);
  if (auto dpd = r.optional_object("dpd")) plan.dpd = read_object(std::move(*dpd), read_dpd);
  plan.nat_keepalive_seconds = r.optional_u32("nat_keepalive_seconds", kNatKeepalive);
  plan.transform_sets = read_objects(r, "transform_sets", read_transform_set);
  plan.crypto_maps = read_objects(r, "crypto_maps", read_crypto_map);
  plan.crypto_map_bindings = read_objects(r, "crypto_map_bindings", read_binding);
  plan.hsrp_groups = read_objects(r, "hsrp_groups", read_hsrp_group);
  plan.track_objects = read_objects(r, "track_objects", read_track_object);
  plan.ipc_associations = read_objects(r, "ipc_associations", read_ipc_association);
  if (auto inter = r.optional_object("inter_device")) plan.inter_device = read_object(std::move(*inter), read_inter_device);
  plan.static_routes = read_objects(r, "static_routes", read_static_route);
}

}  // namespace havpnc::plan::detail
