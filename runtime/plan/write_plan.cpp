#include "runtime/plan/write_plan.h"

#include "runtime/plan/names.h"

namespace havpnc::plan {

namespace {

using nlohmann::json;

template <typename T, typename F>
json optional(const std::optional<T>& value, F&& convert) {
  return value ? json(convert(*value)) : json(nullptr);
}
json optional(const std::optional<std::string>& value) { return value ? json(*value) : json(nullptr); }
json optional(const std::optional<std::uint32_t>& value) { return value ? json(*value) : json(nullptr); }
std::string ip(const Ipv4& a) { return a.to_string(); }
std::string prefix(const Ipv4Prefix& p) { return p.to_string(); }

json ips(const std::vector<Ipv4>& list) {
  json out = json::array();
  for (const auto& a : list) out.push_back(a.to_string());
  return out;
}

json secret(const Secret& s, bool redact) {
  if (redact) return std::string(kRedacted);
  const auto bytes = s.bytes();
  return std::string(bytes.begin(), bytes.end());
}

json interface(const Interface& i) {
  json secondary = json::array();
  for (const auto& p : i.secondary_addresses) secondary.push_back(p.to_string());
  return {{"name", i.name}, {"address", optional(i.address, prefix)},
          {"secondary_addresses", secondary}, {"shutdown", i.shutdown}};
}

json policy(const IsakmpPolicy& p) {
  return {{"priority", p.priority},
          {"encryption", to_string(p.encryption)},
          {"hash", to_string(p.hash)},
          {"authentication", to_string(p.authentication)},
          {"group", p.group},
          {"lifetime_seconds", p.lifetime_seconds}};
}

json transform_set(const TransformSet& t) {
  auto name = [](auto v) { return std::string(to_string(v)); };
  return {{"name", t.name},
          {"esp_encryption", optional(t.esp_encryption, name)},
          {"esp_integrity", optional(t.esp_integrity, name)},
          {"ah_integrity", optional(t.ah_integrity, name)},
          {"compression", t.compression},
          {"mode", to_string(t.mode)}};
}

json ports(const PortRange& r) { return {{"low", r.low}, {"high", r.high}}; }

json selector(const TrafficSelector& s) {
  return {{"action", to_string(s.action)},     {"protocol", s.protocol},
          {"local", s.local.to_string()},       {"local_ports", ports(s.local_ports)},
          {"remote", s.remote.to_string()},     {"remote_ports", ports(s.remote_ports)}};
}

json entry(const CryptoMapEntry& e) {
  json selectors = json::array();
  for (const auto& s : e.selectors) selectors.push_back(selector(s));
  return {{"sequence", e.sequence},
          {"peers", ips(e.peers)},
          {"transform_sets", e.transform_sets},
          {"pfs_group", optional(e.pfs_group)},
          {"lifetime_seconds", e.lifetime_seconds},
          {"lifetime_kilobytes", e.lifetime_kilobytes},
          {"replay_window", e.replay_window},
          {"acl", e.acl},
          {"selectors", selectors}};
}

json crypto_map(const CryptoMap& m) {
  json entries = json::array();
  for (const auto& e : m.entries) entries.push_back(entry(e));
  return {{"name", m.name},
          {"entries", entries},
          {"replay_interval_inbound", optional(m.replay_interval_inbound)},
          {"replay_interval_outbound", optional(m.replay_interval_outbound)},
          {"local_address", optional(m.local_address)}};
}

json binding(const CryptoMapBinding& b) {
  return {{"interface", b.interface},
          {"map", b.map},
          {"redundancy_group", optional(b.redundancy_group)},
          {"stateful", b.stateful}};
}

json hsrp_group(const HsrpGroup& g, bool redact) {
  json tracks = json::array();
  for (const auto& t : g.tracks) {
    tracks.push_back({{"object", t.object}, {"decrement", t.decrement}, {"shutdown", t.shutdown}});
  }
  return {{"interface", g.interface},
          {"group", g.group},
          {"version", g.version},
          {"virtual_ip", optional(g.virtual_ip, ip)},
          {"secondary_virtual_ips", ips(g.secondary_virtual_ips)},
          {"priority", g.priority},
          {"preempt", g.preempt},
          {"preempt_delay_minimum_seconds", g.preempt_delay_minimum_seconds},
          {"preempt_delay_reload_seconds", optional(g.preempt_delay_reload_seconds)},
          {"preempt_delay_sync_seconds", optional(g.preempt_delay_sync_seconds)},
          {"hello_ms", g.hello_ms},
          {"hold_ms", g.hold_ms},
          {"timers_configured", g.timers_configured},
          {"authentication",
           {{"kind", to_string(g.authentication)}, {"key", secret(g.authentication_key, redact)}}},
          {"name", optional(g.name)},
          {"tracks", tracks}};
}

json track_object(const TrackObject& t) {
  json members = json::array();
  for (const auto& m : t.members) members.push_back({{"object", m.object}, {"not", m.negated}});
  return {{"id", t.id},
          {"kind", to_string(t.kind)},
          {"interface", optional(t.interface)},
          {"members", members},
          {"delay_up_seconds", t.delay_up_seconds},
          {"delay_down_seconds", t.delay_down_seconds}};
}

json association(const IpcAssociation& a) {
  return {{"id", a.id},
          {"shutdown", a.shutdown},
          {"local_ips", ips(a.local_ips)},
          {"local_port", a.local_port},
          {"remote_ips", ips(a.remote_ips)},
          {"remote_port", a.remote_port},
          {"retransmit_min_ms", a.retransmit_min_ms},
          {"retransmit_max_ms", a.retransmit_max_ms},
          {"path_retransmit", a.path_retransmit},
          {"assoc_retransmit", a.assoc_retransmit}};
}

json route(const StaticRoute& r) {
  return {{"prefix", r.prefix.to_string()},
          {"next_hop", optional(r.next_hop, ip)},
          {"interface", optional(r.interface)},
          {"distance", r.distance}};
}

template <typename T, typename F>
json list(const std::vector<T>& items, F&& convert) {
  json out = json::array();
  for (const auto& item : items) out.push_back(convert(item));
  return out;
}

}  // namespace

json to_json(const Plan& plan, const WriteOptions& options) {
  const bool redact = options.redact;
  json keys = json::array();
  for (const auto& k : plan.pre_shared_keys) {
    keys.push_back({{"address", k.address.to_string()}, {"mask", k.mask.to_string()}, {"key", secret(k.key, redact)}});
  }
  json dpd = nullptr;
  if (plan.dpd) {
    dpd = {{"interval_seconds", plan.dpd->interval_seconds},
           {"retry_seconds", plan.dpd->retry_seconds},
           {"mode", to_string(plan.dpd->mode)}};
  }
  json inter_device = nullptr;
  if (plan.inter_device) {
    inter_device = {{"scheme_standby", optional(plan.inter_device->scheme_standby)},
                    {"security_ipsec", optional(plan.inter_device->security_ipsec)},
                    {"channel_key", plan.inter_device->channel_key.empty()
                                        ? json(nullptr)
                                        : secret(plan.inter_device->channel_key, redact)},
                    {"channel_key_source", optional(plan.inter_device->channel_key_source)}};
  }
  return {{"plan_version", plan.plan_version},
          {"redacted", redact},
          {"hostname", plan.hostname},
          {"source", plan.source},
          {"interfaces", list(plan.interfaces, interface)},
          {"isakmp_policies", list(plan.isakmp_policies, policy)},
          {"pre_shared_keys", keys},
          {"dpd", dpd},
          {"nat_keepalive_seconds", optional(plan.nat_keepalive_seconds)},
          {"transform_sets", list(plan.transform_sets, transform_set)},
          {"crypto_maps", list(plan.crypto_maps, crypto_map)},
          {"crypto_map_bindings", list(plan.crypto_map_bindings, binding)},
          {"hsrp_groups", list(plan.hsrp_groups, [redact](const HsrpGroup& g) { return hsrp_group(g, redact); })},
          {"track_objects", list(plan.track_objects, track_object)},
          {"ipc_associations", list(plan.ipc_associations, association)},
          {"inter_device", inter_device},
          {"static_routes", list(plan.static_routes, route)}};
}

std::string write_plan(const Plan& plan, const WriteOptions& options) {
  // The loader admits only printable ASCII secrets and UTF-8 strings, so `replace` never
  // changes a loaded plan; it keeps a hand-built Plan with bad bytes from throwing here.
  return to_json(plan, options).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace havpnc::plan
