#include "compiler/model/json.h"

namespace havpnc::model {

using nlohmann::json;

json to_json(const SourceRange& r) {
  if (!r.valid()) return nullptr;
  return std::to_string(r.line) + ":" + std::to_string(r.col) + "-" + std::to_string(r.end_line) + ":" +
         std::to_string(r.end_col);
}

namespace {

constexpr const char* kRedacted = "<redacted>";

template <typename T, typename F>
json located(const Located<T>& v, F&& convert) {
  json j = {{"value", convert(v.value)}, {"at", to_json(v.range)}};
  if (v.defaulted) j["default"] = true;
  return j;
}

template <typename T>
json located(const Located<T>& v) {
  return located(v, [](const T& x) { return x; });
}

template <typename T, typename F>
json optional_located(const std::optional<Located<T>>& v, F&& convert) {
  return v ? located(*v, convert) : json(nullptr);
}

template <typename T>
json optional_located(const std::optional<Located<T>>& v) {
  return v ? located(*v) : json(nullptr);
}

json address(const Located<Ipv4>& a) { return located(a, [](Ipv4 x) { return x.to_string(); }); }
json prefix(const Located<Ipv4Prefix>& p) { return located(p, [](const Ipv4Prefix& x) { return x.to_string(); }); }

json key(const KeyText& k) { return {{"encryption_type", k.encryption_type}, {"text", kRedacted}}; }

json interface_json(const Interface& itf) {
  json j;
  j["name"] = located(itf.name);
  j["written_as"] = itf.written_as;
  j["at"] = to_json(itf.range);
  j["description"] = optional_located(itf.description);
  j["address"] = itf.address ? prefix(*itf.address) : json(nullptr);
  j["secondary_addresses"] = json::array();
  for (const auto& s : itf.secondary_addresses) j["secondary_addresses"].push_back(prefix(s));
  j["shutdown"] = located(itf.shutdown);
  if (itf.crypto_map) {
    j["crypto_map"] = {{"map", located(itf.crypto_map->map)},
                       {"redundancy_group", optional_located(itf.crypto_map->redundancy_group)},
                       {"stateful", itf.crypto_map->stateful},
                       {"at", to_json(itf.crypto_map->range)}};
  } else {
    j["crypto_map"] = nullptr;
  }
  j["standby_version"] = located(itf.hsrp_version);
  j["standby_use_bia"] = itf.hsrp_use_bia;
  j["standby_groups"] = json::array();
  for (const auto& g : itf.hsrp_groups) {
    json gj;
    gj["group"] = located(g.number);
    gj["at"] = to_json(g.range);
    gj["ip"] = g.virtual_ip ? address(*g.virtual_ip) : json(nullptr);
    gj["secondary_ips"] = json::array();
    for (const auto& s : g.secondary_ips) gj["secondary_ips"].push_back(address(s));
    gj["priority"] = located(g.priority);
    gj["preempt"] = g.preempt;
    gj["preempt_delay_minimum"] = optional_located(g.preempt_delay_minimum);
    gj["preempt_delay_reload"] = optional_located(g.preempt_delay_reload);
    gj["preempt_delay_sync"] = optional_located(g.preempt_delay_sync);
    gj["name"] = optional_located(g.name);
    gj["hello_ms"] = located(g.hello_ms);
    gj["hold_ms"] = located(g.hold_ms);
    gj["tracks"] = json::array();
    for (const auto& t : g.tracks) {
      gj["tracks"].push_back({{"object", located(t.object)}, {"decrement", located(t.decrement)},
                              {"shutdown", t.shutdown}, {"at", to_json(t.range)}});
    }
    if (g.authentication) {
      const auto& a = *g.authentication;
      static const char* kinds[] = {"text", "md5-key-string", "md5-key-chain"};
      gj["authentication"] = {{"kind", kinds[static_cast<int>(a.kind)]}, {"at", to_json(a.range)}};
      if (a.kind == HsrpAuthentication::Kind::Md5KeyChain) {
        gj["authentication"]["key_chain"] = a.key_chain;
      } else {
        gj["authentication"]["key"] = key(a.key);
      }
    } else {
      gj["authentication"] = nullptr;
    }
    gj["mac_address"] = optional_located(g.mac_address);
    j["standby_groups"].push_back(std::move(gj));
  }
  return j;
}

json acl_address(const AclAddress& a) {
  switch (a.kind) {
    case AclAddress::Kind::Any: return {{"any", true}, {"at", to_json(a.range)}};
    case AclAddress::Kind::Host: return {{"host", a.address.to_string()}, {"at", to_json(a.range)}};
    case AclAddress::Kind::Network:
      return {{"address", a.address.to_string()}, {"wildcard", a.wildcard.to_string()}, {"at", to_json(a.range)}};
  }
  return nullptr;
}

json acl_port(const std::optional<AclPort>& p) {
  if (!p) return nullptr;
  static const char* ops[] = {"eq", "gt", "lt", "neq", "range"};
  return {{"op", ops[static_cast<int>(p->op)]}, {"ports", p->ports}, {"at", to_json(p->range)}};
}

json acl_json(const AccessList& acl) {
  json j = {{"name", located(acl.name)},
            {"kind", acl.kind == AccessList::Kind::Standard ? "standard" : "extended"},
            {"numbered", acl.numbered},
            {"at", to_json(acl.range)},
            {"entries", json::array()}};
  for (const auto& e : acl.entries) {
    json ej = {{"at", to_json(e.range)}, {"sequence", optional_located(e.sequence)}};
    if (e.action == AclEntry::Action::Remark) {
      ej["action"] = "remark";
      ej["remark"] = e.remark;
    } else {
      ej["action"] = e.action == AclEntry::Action::Permit ? "permit" : "deny";
      ej["protocol"] = e.protocol;
      ej["source"] = acl_address(e.source);
      ej["source_port"] = acl_port(e.source_port);
      ej["destination"] = e.destination ? acl_address(*e.destination) : json(nullptr);
      ej["destination_port"] = acl_port(e.destination_port);
      ej["options"] = e.options;
    }
    j["entries"].push_back(std::move(ej));
  }
  return j;
}

json sa_lifetime(const SaLifetime& l) {
  return {{"seconds", optional_located(l.seconds)}, {"kilobytes", optional_located(l.kilobytes)}};
}

json map_entry(const CryptoMapEntry& e) {
  json j = {{"sequence", located(e.sequence)},
            {"at", to_json(e.range)},
            {"dynamic_map", optional_located(e.dynamic_map)},
            {"peers", json::array()},
            {"transform_sets", json::array()},
            {"pfs", optional_located(e.pfs, [](DhGroup g) { return to_string(g); })},
            {"lifetime", sa_lifetime(e.lifetime)},
            {"replay_window_size", optional_located(e.replay.window_size)},
            {"replay_disabled", e.replay.disabled ? to_json(*e.replay.disabled) : json(nullptr)},
            {"match_address", optional_located(e.match_address)},
            {"isakmp_profile", optional_located(e.isakmp_profile)},
            {"reverse_route", e.reverse_route},
            {"description", optional_located(e.description)}};
  for (const auto& p : e.peers) j["peers"].push_back(address(p));
  for (const auto& t : e.transform_sets) j["transform_sets"].push_back(located(t));
  return j;
}

json track_json(const TrackObject& t) {
  static const char* kinds[] = {"interface line-protocol", "interface ip routing", "list boolean and",
                                "list boolean or"};
  json j = {{"id", located(t.id)},
            {"kind", kinds[static_cast<int>(t.kind)]},
            {"at", to_json(t.range)},
            {"interface", optional_located(t.interface)},
            {"objects", json::array()},
            {"delay_up", optional_located(t.delay_up_seconds)},
            {"delay_down", optional_located(t.delay_down_seconds)}};
  for (const auto& m : t.members) {
    j["objects"].push_back({{"object", located(m.object)}, {"not", m.negated}, {"at", to_json(m.range)}});
  }
  return j;
}

json association_json(const SctpAssociation& a) {
  json j = {{"id", located(a.id)},
            {"at", to_json(a.range)},
            {"shutdown", located(a.shutdown)},
            {"protocol_sctp", a.protocol_sctp ? to_json(*a.protocol_sctp) : json(nullptr)},
            {"local_port", optional_located(a.local_port)},
            {"local_ips", json::array()},
            {"remote_port", optional_located(a.remote_port)},
            {"remote_ips", json::array()},
            {"retransmit_timeout_min_ms", located(a.retransmit_min_ms)},
            {"retransmit_timeout_max_ms", located(a.retransmit_max_ms)},
            {"path_retransmit", located(a.path_retransmit)},
            {"assoc_retransmit", located(a.assoc_retransmit)}};
  for (const auto& ip : a.local_ips) j["local_ips"].push_back(address(ip));
  for (const auto& ip : a.remote_ips) j["remote_ips"].push_back(address(ip));
  return j;
}

json references_json(const References& refs) {
  json j = {{"definitions", json::array()}, {"uses", json::array()}};
  for (const auto& d : refs.definitions()) {
    j["definitions"].push_back({{"kind", to_string(d.kind)}, {"name", d.name}, {"at", to_json(d.range)}});
  }
  for (const auto& u : refs.uses()) {
    j["uses"].push_back(
        {{"kind", to_string(u.kind)}, {"name", u.name}, {"at", to_json(u.range)}, {"context", u.context}});
  }
  return j;
}

}  // namespace

json to_json(const Device& d, const SourceFiles& files) {
  json j;
  j["model_version"] = kModelJsonVersion;
  j["file"] = d.file < files.size() ? files.path(d.file) : d.path;
  j["status"] = to_string(d.status);
  j["hostname"] = optional_located(d.hostname);
  j["version"] = optional_located(d.version);
  j["lines"] = {{"total", d.lines.total},     {"blank", d.lines.blank},     {"comment", d.lines.comment},
                {"typed", d.lines.typed},     {"ignored", d.lines.ignored}, {"unrecognized", d.lines.unrecognized}};

  j["interfaces"] = json::array();
  for (const auto& [name, itf] : d.interfaces) j["interfaces"].push_back(interface_json(itf));
  j["access_lists"] = json::array();
  for (const auto& [name, acl] : d.access_lists) j["access_lists"].push_back(acl_json(acl));

  json ike;
  ike["policies"] = json::array();
  for (const auto& [priority, p] : d.isakmp_policies) {
    ike["policies"].push_back({{"priority", located(p.priority)},
                               {"at", to_json(p.range)},
                               {"encryption", located(p.encryption, [](IkeCipher c) { return to_string(c); })},
                               {"hash", located(p.hash, [](IkeHash h) { return to_string(h); })},
                               {"authentication", located(p.authentication, [](IkeAuth a) { return to_string(a); })},
                               {"group", located(p.group, [](DhGroup g) { return static_cast<int>(g); })},
                               {"lifetime_seconds", located(p.lifetime_seconds)}});
  }
  ike["keys"] = json::array();
  for (const auto& k : d.isakmp_keys) {
    ike["keys"].push_back({{"keyring", k.keyring.empty() ? json(nullptr) : json(k.keyring)},
                           {"key", key(k.key)},
                           {"address", k.address ? address(*k.address) : json(nullptr)},
                           {"mask", address(k.mask)},
                           {"hostname", optional_located(k.hostname)},
                           {"no_xauth", k.no_xauth},
                           {"at", to_json(k.range)}});
  }
  if (d.isakmp_keepalive) {
    const auto& k = *d.isakmp_keepalive;
    ike["keepalive"] = {{"interval_seconds", located(k.interval_seconds)},
                        {"retry_seconds", located(k.retry_seconds)},
                        {"mode", located(k.mode, [](IsakmpKeepalive::Mode m) {
                           return m == IsakmpKeepalive::Mode::Periodic ? "periodic" : "on-demand";
                         })},
                        {"at", to_json(k.range)}};
  } else {
    ike["keepalive"] = nullptr;
  }
  ike["nat_keepalive_seconds"] = optional_located(d.isakmp_nat_keepalive);
  ike["profiles"] = json::array();
  for (const auto& [name, p] : d.isakmp_profiles) ike["profiles"].push_back(located(p));
  ike["keyrings"] = json::array();
  for (const auto& [name, k] : d.keyrings) ike["keyrings"].push_back(located(k.name));
  j["isakmp"] = std::move(ike);

  json ipsec;
  ipsec["replay_window_size"] = located(d.ipsec.replay_window);
  ipsec["replay_disabled"] = d.ipsec.replay_disabled ? to_json(*d.ipsec.replay_disabled) : json(nullptr);
  ipsec["lifetime_seconds"] = located(d.ipsec.lifetime_seconds);
  ipsec["lifetime_kilobytes"] = located(d.ipsec.lifetime_kilobytes);
  ipsec["transform_sets"] = json::array();
  for (const auto& [name, ts] : d.transform_sets) {
    json tj = {{"name", located(ts.name)},
               {"at", to_json(ts.range)},
               {"mode", located(ts.mode, [](TransformSet::Mode m) {
                  return m == TransformSet::Mode::Tunnel ? "tunnel" : "transport";
                })},
               {"transforms", json::array()}};
    for (const auto& t : ts.transforms) {
      tj["transforms"].push_back(located(t, [](const Transform& x) { return x.ios_name; }));
    }
    ipsec["transform_sets"].push_back(std::move(tj));
  }
  ipsec["profiles"] = json::array();
  for (const auto& [name, p] : d.ipsec_profiles) ipsec["profiles"].push_back(located(p));
  ipsec["crypto_maps"] = json::array();
  for (const auto& [name, map] : d.crypto_maps) {
    json mj = {{"name", located(map.name)}, {"at", to_json(map.range)}, {"entries", json::array()}};
    for (const auto& e : map.entries) mj["entries"].push_back(map_entry(e));
    if (map.replay_interval) {
      mj["replay_interval"] = {{"inbound", optional_located(map.replay_interval->inbound)},
                               {"outbound", optional_located(map.replay_interval->outbound)},
                               {"at", to_json(map.replay_interval->range)}};
    } else {
      mj["replay_interval"] = nullptr;
    }
    mj["local_address"] = optional_located(map.local_address);
    ipsec["crypto_maps"].push_back(std::move(mj));
  }
  j["ipsec"] = std::move(ipsec);

  j["tracks"] = json::array();
  for (const auto& [id, t] : d.tracks) j["tracks"].push_back(track_json(t));

  if (d.ipc_zone) {
    json zone = {{"at", to_json(d.ipc_zone->range)}, {"associations", json::array()}};
    for (const auto& a : d.ipc_zone->associations) zone["associations"].push_back(association_json(a));
    j["ipc_zone"] = std::move(zone);
  } else {
    j["ipc_zone"] = nullptr;
  }
  if (d.inter_device) {
    j["redundancy_inter_device"] = {{"scheme_standby", optional_located(d.inter_device->scheme_standby)},
                                    {"security_ipsec", optional_located(d.inter_device->security_ipsec)},
                                    {"security_key", d.inter_device->security_key
                                                         ? json{{"key", key(d.inter_device->security_key->key)},
                                                                {"at", to_json(d.inter_device->security_key->range)}}
                                                         : json(nullptr)},
                                    {"at", to_json(d.inter_device->range)}};
  } else {
    j["redundancy_inter_device"] = nullptr;
  }
  j["redundancy_chassis"] = d.chassis_redundancy
                                ? json{{"mode", optional_located(d.chassis_redundancy->mode)},
                                       {"at", to_json(d.chassis_redundancy->range)}}
                                : json(nullptr);
  j["crypto_engines"] = json::array();
  for (const auto& e : d.crypto_engines) {
    j["crypto_engines"].push_back({{"onboard", located(e.slot)}, {"enabled", e.enabled}, {"at", to_json(e.range)}});
  }
  j["ip_routing"] = d.ip_routing;
  j["static_routes"] = json::array();
  for (const auto& r : d.static_routes) {
    j["static_routes"].push_back({{"prefix", prefix(r.prefix)},
                                  {"next_hop", r.next_hop ? address(*r.next_hop) : json(nullptr)},
                                  {"interface", optional_located(r.interface)},
                                  {"distance", optional_located(r.distance)},
                                  {"name", r.name ? json(*r.name) : json(nullptr)},
                                  {"at", to_json(r.range)}});
  }
  j["banners"] = json::array();
  for (const auto& b : d.banners) j["banners"].push_back({{"kind", b.kind}, {"text", b.text}, {"at", to_json(b.range)}});
  j["terminal_lines"] = json::array();
  for (const auto& l : d.terminal_lines) {
    j["terminal_lines"].push_back({{"kind", l.kind}, {"first", l.first},
                                   {"last", l.last ? json(*l.last) : json(nullptr)}, {"at", to_json(l.range)}});
  }
  j["pki_certificate_chains"] = d.pki_certificate_chains;
  j["references"] = references_json(d.references);
  j["unrecognized"] = json::array();
  for (const auto& u : d.unrecognized) j["unrecognized"].push_back({{"at", to_json(u.range)}, {"text", u.text}});
  j["diagnostics"] = json::array();
  for (const auto& diag : d.diagnostics) {
    j["diagnostics"].push_back({{"rule", diag.rule}, {"severity", to_string(diag.severity)},
                                {"message", diag.message}, {"at", to_json(diag.range)}});
  }
  return j;
}

}  // namespace havpnc::model
