#include "cli/model_text.h"

namespace havpnc::cli {

namespace {

std::string where(const model::SourceFiles& files, const model::SourceRange& r) {
  std::string s = r.file < files.size() ? files.path(r.file) : "?";
  if (r.line != 0) s += ":" + std::to_string(r.line) + ":" + std::to_string(r.col == 0 ? 1 : r.col);
  return s;
}

void interfaces(std::ostream& out, const model::Device& d) {
  for (const auto& [name, itf] : d.interfaces) {
    out << "  interface " << name;
    if (itf.address) out << "  " << itf.address->value.to_string();
    for (const auto& s : itf.secondary_addresses) out << "  " << s.value.to_string() << " secondary";
    if (itf.shutdown.value) out << "  shutdown";
    if (itf.crypto_map) {
      out << "  crypto map " << itf.crypto_map->map.value;
      if (itf.crypto_map->redundancy_group) {
        out << " redundancy " << itf.crypto_map->redundancy_group->value;
        if (itf.crypto_map->stateful) out << " stateful";
      }
    }
    out << "\n";
    for (const auto& g : itf.hsrp_groups) {
      out << "    standby " << g.number.value << " (v" << itf.hsrp_version.value << ")";
      out << " ip " << (g.virtual_ip ? g.virtual_ip->value.to_string() : "(learned)");
      out << " priority " << g.priority.value << (g.preempt ? " preempt" : "");
      if (g.name) out << " name " << g.name->value;
      for (const auto& t : g.tracks) {
        out << " track " << t.object.value << (t.shutdown ? " shutdown" : " decrement " + std::to_string(t.decrement.value));
      }
      out << " timers " << g.hello_ms.value << "/" << g.hold_ms.value << " ms";
      if (g.authentication) {
        out << " authentication "
            << (g.authentication->kind == model::HsrpAuthentication::Kind::Text ? "text" : "md5");
      }
      out << "\n";
    }
  }
}

void ike(std::ostream& out, const model::Device& d) {
  for (const auto& [priority, p] : d.isakmp_policies) {
    out << "  isakmp policy " << priority << ": " << to_string(p.encryption.value) << " "
        << to_string(p.hash.value) << " " << to_string(p.authentication.value) << " "
        << to_string(p.group.value) << " lifetime " << p.lifetime_seconds.value << "\n";
  }
  for (const auto& k : d.isakmp_keys) {
    out << "  isakmp key <redacted>";
    if (!k.keyring.empty()) out << " (keyring " << k.keyring << ")";
    if (k.address) {
      out << " address " << k.address->value.to_string() << "/"
          << model::prefix_length_of_mask(k.mask.value).value_or(32);
    }
    if (k.hostname) out << " hostname " << k.hostname->value;
    out << "\n";
  }
  if (d.isakmp_keepalive) {
    const auto& k = *d.isakmp_keepalive;
    out << "  isakmp keepalive " << k.interval_seconds.value << " " << k.retry_seconds.value << " "
        << (k.mode.value == model::IsakmpKeepalive::Mode::Periodic ? "periodic" : "on-demand") << "\n";
  }
}

void ipsec(std::ostream& out, const model::Device& d) {
  out << "  ipsec replay window " << d.ipsec.replay_window.value
      << (d.ipsec.replay_window.defaulted ? " (default)" : "") << (d.ipsec.replay_disabled ? ", disabled" : "")
      << ", lifetime " << d.ipsec.lifetime_seconds.value << " s / " << d.ipsec.lifetime_kilobytes.value << " KB\n";
  for (const auto& [name, ts] : d.transform_sets) {
    out << "  transform-set " << name << ":";
    for (const auto& t : ts.transforms) out << " " << t.value.ios_name;
    out << (ts.mode.value == model::TransformSet::Mode::Tunnel ? ", tunnel" : ", transport") << "\n";
  }
  for (const auto& [name, map] : d.crypto_maps) {
    for (const auto& e : map.entries) {
      out << "  crypto map " << name << " " << e.sequence.value << ":";
      for (const auto& p : e.peers) out << " peer " << p.value.to_string();
      for (const auto& t : e.transform_sets) out << " transform-set " << t.value;
      if (e.pfs) out << " pfs " << to_string(e.pfs->value);
      if (e.match_address) out << " match address " << e.match_address->value;
      out << "\n";
    }
    if (map.replay_interval) {
      out << "  crypto map " << name << " redundancy replay-interval";
      if (map.replay_interval->inbound) out << " inbound " << map.replay_interval->inbound->value;
      if (map.replay_interval->outbound) out << " outbound " << map.replay_interval->outbound->value;
      out << "\n";
    }
  }
  for (const auto& [name, acl] : d.access_lists) {
    out << "  access-list " << name << " (" << (acl.kind == model::AccessList::Kind::Standard ? "standard" : "extended")
        << "): " << acl.entries.size() << " entries\n";
  }
}

// The channel key is a secret: say that one is configured, never what it is.
std::string inter_device_security(const model::InterDeviceRedundancy& r) {
  std::string text;
  if (r.security_ipsec) text = "ipsec " + r.security_ipsec->value;
  if (r.security_key) text += std::string(text.empty() ? "" : " + ") + "key <redacted>";
  return text.empty() ? "none" : text;
}

void redundancy(std::ostream& out, const model::Device& d) {
  for (const auto& [id, t] : d.tracks) {
    out << "  track " << id;
    switch (t.kind) {
      case model::TrackObject::Kind::InterfaceLineProtocol:
        out << " interface " << (t.interface ? t.interface->value : "?") << " line-protocol";
        break;
      case model::TrackObject::Kind::InterfaceIpRouting:
        out << " interface " << (t.interface ? t.interface->value : "?") << " ip routing";
        break;
      case model::TrackObject::Kind::ListBooleanAnd:
      case model::TrackObject::Kind::ListBooleanOr:
        out << " list boolean " << (t.kind == model::TrackObject::Kind::ListBooleanAnd ? "and" : "or") << ":";
        for (const auto& m : t.members) out << " object " << m.object.value << (m.negated ? " not" : "");
        break;
    }
    out << "\n";
  }
  if (d.ipc_zone) {
    for (const auto& a : d.ipc_zone->associations) {
      out << "  ipc zone association " << a.id.value << ": " << (a.protocol_sctp ? "sctp " : "no protocol ");
      for (const auto& ip : a.local_ips) out << ip.value.to_string() << " ";
      out << "port " << (a.local_port ? std::to_string(a.local_port->value) : "?") << " -> ";
      for (const auto& ip : a.remote_ips) out << ip.value.to_string() << " ";
      out << "port " << (a.remote_port ? std::to_string(a.remote_port->value) : "?")
          << (a.shutdown.value ? ", shut down" : "") << ", retransmit " << a.retransmit_min_ms.value << "-"
          << a.retransmit_max_ms.value << " ms\n";
    }
  }
  if (d.inter_device) {
    out << "  redundancy inter-device: scheme standby "
        << (d.inter_device->scheme_standby ? d.inter_device->scheme_standby->value : "(none)") << ", security "
        << inter_device_security(*d.inter_device) << "\n";
  }
  for (const auto& e : d.crypto_engines) {
    out << "  crypto engine onboard " << e.slot.value << (e.enabled ? " enabled" : " disabled") << "\n";
  }
}

}  // namespace

void print_model_text(std::ostream& out, const model::Device& d, const model::SourceFiles& files) {
  const auto& l = d.lines;
  out << d.path << ": " << d.display_name() << ", " << to_string(d.status);
  if (d.status != model::ParseStatus::Failed) {
    out << " (" << l.total << " lines: " << l.typed << " typed, " << l.ignored << " ignored, " << l.unrecognized
        << " unrecognized, " << l.comment << " comment, " << l.blank << " blank)";
  }
  out << "\n";
  if (d.status != model::ParseStatus::Failed) {
    if (d.version) out << "  version " << d.version->value << "\n";
    interfaces(out, d);
    ike(out, d);
    ipsec(out, d);
    redundancy(out, d);
  }
  for (const auto& diag : d.diagnostics) {
    out << where(files, diag.range) << ": " << to_string(diag.severity) << ": " << diag.message << " [" << diag.rule
        << "]\n";
  }
  for (const auto& u : d.unrecognized) {
    const std::size_t start = u.text.find_first_not_of(" \t");
    out << where(files, u.range) << ": info: unrecognized: " << (start == std::string::npos ? u.text : u.text.substr(start))
        << " [syntax-unrecognized]\n";
  }
}

}  // namespace havpnc::cli
