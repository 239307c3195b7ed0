#include "runtime/plan/read_sections.h"

#include <algorithm>
#include <array>

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

std::vector<Ipv4> ipv4_list(ObjectReader& r, const std::string& key) {
  std::vector<Ipv4> out;
  r.array(key, [&](const json& v, const std::string& path) { out.push_back(read_ipv4(v, path)); });
  return out;
}

PortRange read_ports(ObjectReader r) {
  PortRange p;
  p.low = r.u32("low", kPort);
  p.high = r.u32("high", kPort);
  if (p.low > p.high) fail(r.path(), "low port " + std::to_string(p.low) + " is above high port " + std::to_string(p.high));
  r.finish();
  return p;
}

bool is_network(const Ipv4Prefix& p) { return p.network() == p.address; }

TrafficSelector read_selector(const json& v, const std::string& path, const LoadOptions& o) {
  ObjectReader r(v, path, o);
  TrafficSelector s;
  s.action = r.enumeration<SelectorAction>("action");
  s.protocol = r.u32("protocol", kProtocol);
  s.local = r.prefix("local");
  if (!is_network(s.local)) fail(r.path_of("local"), s.local.to_string() + " has host bits set (a selector is a network)");
  s.local_ports = read_ports(r.object("local_ports"));
  s.remote = r.prefix("remote");
  if (!is_network(s.remote)) fail(r.path_of("remote"), s.remote.to_string() + " has host bits set (a selector is a network)");
  s.remote_ports = read_ports(r.object("remote_ports"));
  // RFC 2407 §4.6.2: ports in an ID payload mean something only for TCP, UDP (and SCTP).
  const bool has_ports = s.protocol == 6 || s.protocol == 17 || s.protocol == 132;
  const PortRange any{};
  if (!has_ports && !(s.local_ports == any && s.remote_ports == any)) {
    fail(r.path(), "ports are restricted but protocol " + std::to_string(s.protocol) + " has no ports (only 6, 17, 132 do)");
  }
  r.finish();
  return s;
}

CryptoMapEntry read_entry(const json& v, const std::string& path, const LoadOptions& o) {
  ObjectReader r(v, path, o);
  CryptoMapEntry e;
  e.sequence = r.u32("sequence", kMapSequence);
  e.peers = ipv4_list(r, "peers");
  if (e.peers.empty()) fail(r.path_of("peers"), "an entry needs at least one peer");
  r.array("transform_sets", [&](const json& t, const std::string& p) { e.transform_sets.push_back(read_string(t, p)); });
  if (e.transform_sets.empty()) fail(r.path_of("transform_sets"), "an entry needs at least one transform set");
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
  r.array("selectors", [&](const json& s, const std::string& p) { e.selectors.push_back(read_selector(s, p, o)); });
  const bool permits = std::any_of(e.selectors.begin(), e.selectors.end(),
                                   [](const TrafficSelector& s) { return s.action == SelectorAction::Permit; });
  if (!permits) fail(r.path_of("selectors"), "an entry needs at least one permit selector (nothing would be protected)");
  r.finish();
  return e;
}

HsrpTrack read_hsrp_track(const json& v, const std::string& path, const LoadOptions& o) {
  ObjectReader r(v, path, o);
  HsrpTrack t;
  t.object = r.u32("object", kTrackId);
  t.decrement = r.u32("decrement", kTrackDecrement);
  t.shutdown = r.boolean("shutdown");
  r.finish();
  return t;
}

TrackMember read_member(const json& v, const std::string& path, const LoadOptions& o) {
  ObjectReader r(v, path, o);
  TrackMember m;
  m.object = r.u32("object", kTrackId);
  m.negated = r.boolean("not");
  r.finish();
  return m;
}

}  // namespace

Interface read_interface(const json& v, const std::string& path, const LoadOptions& o) {
  ObjectReader r(v, path, o);
  Interface i;
  i.name = r.string("name");
  i.address = r.optional_prefix("address");
  r.array("secondary_addresses", [&](const json& a, const std::string& p) {
    if (!a.is_string()) fail(p, "expected a string, got " + kind_of(a));
    auto prefix = Ipv4Prefix::parse(a.get_ref<const std::string&>());
    if (!prefix) fail(p, shown(a) + " is not an IPv4 prefix (a.b.c.d/n, n 0-32)");
    i.secondary_addresses.push_back(*prefix);
  });
  i.shutdown = r.boolean("shutdown");
  r.finish();
  return i;
}

IsakmpPolicy read_isakmp_policy(const json& v, const std::string& path, const LoadOptions& o) {
  ObjectReader r(v, path, o);
  IsakmpPolicy p;
  p.priority = r.u32("priority", kIsakmpPriority);
  p.encryption = r.enumeration<IkeEncryption>("encryption");
  p.hash = r.enumeration<IkeHash>("hash");
  p.authentication = r.enumeration<IkeAuthentication>("authentication");
  p.group = dh_group(r, "group", r.u32("group", {0, 4294967295ull}));
  p.lifetime_seconds = r.u32("lifetime_seconds", kIsakmpLifetime);
  r.finish();
  return p;
}

PreSharedKey read_pre_shared_key(const json& v, const std::string& path, const LoadOptions& o) {
  ObjectReader r(v, path, o);
  PreSharedKey k;
  k.address = r.ipv4("address");
  k.mask = r.ipv4("mask");
  k.key = r.secret("key");
  r.finish();
  return k;
}

Dpd read_dpd(ObjectReader r) {
  Dpd d;
  d.interval_seconds = r.u32("interval_seconds", kDpdInterval);
  d.retry_seconds = r.u32("retry_seconds", kDpdRetry);
  d.mode = r.enumeration<DpdMode>("mode");
  r.finish();
  return d;
}

TransformSet read_transform_set(const json& v, const std::string& path, const LoadOptions& o) {
  ObjectReader r(v, path, o);
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
  r.finish();
  return t;
}

CryptoMap read_crypto_map(const json& v, const std::string& path, const LoadOptions& o) {
  ObjectReader r(v, path, o);
  CryptoMap m;
  m.name = r.string("name");
  r.array("entries", [&](const json& e, const std::string& p) { m.entries.push_back(read_entry(e, p, o)); });
  if (m.entries.empty()) fail(r.path_of("entries"), "a crypto map needs at least one entry");
  for (std::size_t i = 1; i < m.entries.size(); ++i) {
    if (m.entries[i].sequence <= m.entries[i - 1].sequence) {
      fail(index_path(r.path_of("entries"), i) + ".sequence",
           "sequence numbers must be unique and ascending (IOS evaluates entries in that order)");
    }
  }
  m.replay_interval_inbound = r.optional_u32("replay_interval_inbound", kReplayInterval);
  m.replay_interval_outbound = r.optional_u32("replay_interval_outbound", kReplayInterval);
  m.local_address = r.optional_string("local_address");
  r.finish();
  return m;
}

CryptoMapBinding read_binding(const json& v, const std::string& path, const LoadOptions& o) {
  ObjectReader r(v, path, o);
  CryptoMapBinding b;
  b.interface = r.string("interface");
  b.map = r.string("map");
  b.redundancy_group = r.optional_string("redundancy_group");
  b.stateful = r.boolean("stateful");
  if (b.stateful && !b.redundancy_group) {
    fail(r.path_of("stateful"), "stateful failover needs a redundancy group (the HSRP group that decides who is active)");
  }
  r.finish();
  return b;
}

HsrpGroup read_hsrp_group(const json& v, const std::string& path, const LoadOptions& o) {
  ObjectReader r(v, path, o);
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
  g.secondary_virtual_ips = ipv4_list(r, "secondary_virtual_ips");
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
  // RFC 2281 §5.1: version 1 carries whole seconds in one octet each.
  if (g.version == 1 && (g.hello_ms % 1000 != 0 || g.hold_ms % 1000 != 0)) {
    fail(r.path_of(g.hello_ms % 1000 != 0 ? "hello_ms" : "hold_ms"), "millisecond timers need HSRP version 2");
  }
  auto auth = r.object("authentication");
  g.authentication = auth.enumeration<HsrpAuthKind>("kind");
  g.authentication_key = auth.secret("key");
  auth.finish();
  g.name = r.optional_string("name");
  r.array("tracks", [&](const json& t, const std::string& p) { g.tracks.push_back(read_hsrp_track(t, p, o)); });
  for (std::size_t i = 0; i < g.tracks.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (g.tracks[i].object == g.tracks[j].object) {
        fail(index_path(r.path_of("tracks"), i) + ".object",
             "track object " + std::to_string(g.tracks[i].object) + " is tracked twice by this group");
      }
    }
  }
  r.finish();
  return g;
}

TrackObject read_track_object(const json& v, const std::string& path, const LoadOptions& o) {
  ObjectReader r(v, path, o);
  TrackObject t;
  t.id = r.u32("id", kTrackId);
  t.kind = r.enumeration<TrackKind>("kind");
  t.interface = r.optional_string("interface");
  r.array("members", [&](const json& m, const std::string& p) { t.members.push_back(read_member(m, p, o)); });
  t.delay_up_seconds = r.u32("delay_up_seconds", kTrackDelay);
  t.delay_down_seconds = r.u32("delay_down_seconds", kTrackDelay);
  const bool list = t.kind == TrackKind::ListBooleanAnd || t.kind == TrackKind::ListBooleanOr;
  if (list && t.interface) fail(r.path_of("interface"), "must be null for a list");
  if (list && t.members.empty()) fail(r.path_of("members"), "a boolean list needs at least one object");
  if (!list && !t.interface) fail(r.path_of("interface"), "an interface object needs an interface");
  if (!list && !t.members.empty()) fail(r.path_of("members"), "must be empty for an interface object");
  r.finish();
  return t;
}

IpcAssociation read_ipc_association(const json& v, const std::string& path, const LoadOptions& o) {
  ObjectReader r(v, path, o);
  IpcAssociation a;
  a.id = r.u32("id", kAssociationId);
  a.shutdown = r.boolean("shutdown");
  a.local_ips = ipv4_list(r, "local_ips");
  a.local_port = r.u32("local_port", kSctpPort);
  a.remote_ips = ipv4_list(r, "remote_ips");
  a.remote_port = r.u32("remote_port", kSctpPort);
  a.retransmit_min_ms = r.u32("retransmit_min_ms", kRetransmitMs);
  a.retransmit_max_ms = r.u32("retransmit_max_ms", kRetransmitMs);
  if (a.retransmit_max_ms < a.retransmit_min_ms) {
    fail(r.path_of("retransmit_max_ms"), std::to_string(a.retransmit_max_ms) + " is below retransmit_min_ms " +
                                             std::to_string(a.retransmit_min_ms) + " (RFC 4960 §6.3.1: RTO.Min <= RTO.Max)");
  }
  a.path_retransmit = r.u32("path_retransmit", kRetransmitCount);
  a.assoc_retransmit = r.u32("assoc_retransmit", kRetransmitCount);
  if (a.local_ips.empty()) fail(r.path_of("local_ips"), "an association needs at least one local address");
  if (a.remote_ips.empty()) fail(r.path_of("remote_ips"), "an association needs at least one remote address");
  r.finish();
  return a;
}

InterDevice read_inter_device(ObjectReader r) {
  InterDevice d;
  d.scheme_standby = r.optional_string("scheme_standby");
  d.security_ipsec = r.optional_string("security_ipsec");
  r.finish();
  return d;
}

StaticRoute read_static_route(const json& v, const std::string& path, const LoadOptions& o) {
  ObjectReader r(v, path, o);
  StaticRoute s;
  s.prefix = r.prefix("prefix");
  if (!is_network(s.prefix)) fail(r.path_of("prefix"), s.prefix.to_string() + " has host bits set");
  s.next_hop = r.optional_ipv4("next_hop");
  s.interface = r.optional_string("interface");
  s.distance = r.u32("distance", kDistance);
  if (!s.next_hop && !s.interface) fail(r.path(), "a route needs a next hop or an interface");
  r.finish();
  return s;
}

}  // namespace havpnc::plan::detail
