#include "runtime/control/plan_show.h"

#include <cstdio>
#include <sstream>

#include "runtime/plan/write_plan.h"

namespace havpnc::control {

namespace {

using namespace havpnc::plan;

// The IOS words for plan values, as `show running-config` prints them.
std::string ike_encryption(IkeEncryption e) {
  switch (e) {
    case IkeEncryption::Des: return "des";
    case IkeEncryption::TripleDes: return "3des";
    case IkeEncryption::Aes128: return "aes";
    case IkeEncryption::Aes192: return "aes 192";
    case IkeEncryption::Aes256: return "aes 256";
  }
  return "?";
}

std::string ike_hash(IkeHash h) {
  switch (h) {
    case IkeHash::Md5: return "md5";
    case IkeHash::Sha1: return "sha";
    case IkeHash::Sha256: return "sha256";
    case IkeHash::Sha384: return "sha384";
    case IkeHash::Sha512: return "sha512";
  }
  return "?";
}

std::string ike_auth(IkeAuthentication a) {
  switch (a) {
    case IkeAuthentication::PreShare: return "pre-share";
    case IkeAuthentication::RsaSig: return "rsa-sig";
    case IkeAuthentication::RsaEncr: return "rsa-encr";
    case IkeAuthentication::EcdsaSig: return "ecdsa-sig";
  }
  return "?";
}

std::string esp_encryption(EspEncryption e) {
  switch (e) {
    case EspEncryption::Des: return "esp-des";
    case EspEncryption::TripleDes: return "esp-3des";
    case EspEncryption::Aes128: return "esp-aes";
    case EspEncryption::Aes192: return "esp-aes 192";
    case EspEncryption::Aes256: return "esp-aes 256";
    case EspEncryption::Gcm128: return "esp-gcm";
    case EspEncryption::Gcm192: return "esp-gcm 192";
    case EspEncryption::Gcm256: return "esp-gcm 256";
    case EspEncryption::Gmac128: return "esp-gmac";
    case EspEncryption::Gmac192: return "esp-gmac 192";
    case EspEncryption::Gmac256: return "esp-gmac 256";
    case EspEncryption::Null: return "esp-null";
    case EspEncryption::Seal: return "esp-seal";
  }
  return "?";
}

std::string hmac(const char* prefix, Integrity i) {
  const char* name = "sha";
  switch (i) {
    case Integrity::Md5: name = "md5"; break;
    case Integrity::Sha1: name = "sha"; break;
    case Integrity::Sha256: name = "sha256"; break;
    case Integrity::Sha384: name = "sha384"; break;
    case Integrity::Sha512: name = "sha512"; break;
  }
  return std::string(prefix) + name + "-hmac";
}

std::string mask_form(const Ipv4Prefix& p) {
  return p.address.to_string() + " " + mask_of_prefix_length(p.length).to_string();
}

std::string wildcard(const Ipv4Prefix& p) {
  if (p.length == 0) return "any";
  if (p.length == 32) return "host " + p.address.to_string();
  return p.network().to_string() + " " + Ipv4{~mask_of_prefix_length(p.length).bits}.to_string();
}

void interfaces(const Plan& plan, std::ostringstream& out) {
  for (const Interface& i : plan.interfaces) {
    out << "interface " << i.name << "\n";
    if (i.address)
      out << " ip address " << mask_form(*i.address) << "\n";
    else
      out << " no ip address\n";
    for (const auto& s : i.secondary_addresses) out << " ip address " << mask_form(s) << " secondary\n";
    for (const HsrpGroup& g : plan.hsrp_groups) {
      if (g.interface != i.name) continue;
      const std::string n = " standby " + std::to_string(g.group);
      if (g.version != 1) out << " standby version " << g.version << "\n";
      if (g.virtual_ip) out << n << " ip " << g.virtual_ip->to_string() << "\n";
      for (const auto& v : g.secondary_virtual_ips) out << n << " ip " << v.to_string() << " secondary\n";
      if (g.timers_configured)
        out << n << " timers msec " << g.hello_ms << " msec " << g.hold_ms << "\n";
      if (g.priority != 100) out << n << " priority " << g.priority << "\n";
      if (g.preempt) {
        out << n << " preempt";
        if (g.preempt_delay_minimum_seconds) out << " delay minimum " << g.preempt_delay_minimum_seconds;
        out << "\n";
      }
      // The key is never printed: not even the IOS default "cisco" tells a reader which.
      if (g.authentication == HsrpAuthKind::Md5)
        out << n << " authentication md5 key-string " << kRedacted << "\n";
      else
        out << n << " authentication " << kRedacted << "\n";
      if (g.name) out << n << " name " << *g.name << "\n";
      for (const HsrpTrack& t : g.tracks)
        out << n << " track " << t.object << (t.shutdown ? " shutdown" : " decrement " + std::to_string(t.decrement)) << "\n";
    }
    for (const CryptoMapBinding& b : plan.crypto_map_bindings) {
      if (b.interface != i.name) continue;
      out << " crypto map " << b.map;
      if (b.redundancy_group) out << " redundancy " << *b.redundancy_group << (b.stateful ? " stateful" : "");
      out << "\n";
    }
    out << (i.shutdown ? " shutdown\n" : "") << "!\n";
  }
}

void crypto(const Plan& plan, std::ostringstream& out) {
  for (const IsakmpPolicy& p : plan.isakmp_policies) {
    out << "crypto isakmp policy " << p.priority << "\n encr " << ike_encryption(p.encryption)
        << "\n hash " << ike_hash(p.hash) << "\n authentication " << ike_auth(p.authentication)
        << "\n group " << p.group << "\n";
    if (p.lifetime_seconds != 86400) out << " lifetime " << p.lifetime_seconds << "\n";
    out << "!\n";
  }
  for (const PreSharedKey& k : plan.pre_shared_keys) {
    out << "crypto isakmp key " << kRedacted << " address " << k.address.to_string();
    if (k.mask.bits != 0xFFFFFFFFu) out << " " << k.mask.to_string();
    out << "\n";
  }
  if (plan.dpd)
    out << "crypto isakmp keepalive " << plan.dpd->interval_seconds << " " << plan.dpd->retry_seconds
        << (plan.dpd->mode == DpdMode::Periodic ? " periodic" : "") << "\n";
  out << "!\n";
  for (const TransformSet& t : plan.transform_sets) {
    out << "crypto ipsec transform-set " << t.name;
    if (t.ah_integrity) out << " " << hmac("ah-", *t.ah_integrity);
    if (t.esp_encryption) out << " " << esp_encryption(*t.esp_encryption);
    if (t.esp_integrity) out << " " << hmac("esp-", *t.esp_integrity);
    if (t.compression) out << " comp-lzs";
    out << "\n mode " << (t.mode == TransformMode::Tunnel ? "tunnel" : "transport") << "\n!\n";
  }
  for (const CryptoMap& m : plan.crypto_maps) {
    if (m.local_address) out << "crypto map " << m.name << " local-address " << *m.local_address << "\n";
    if (m.replay_interval_inbound || m.replay_interval_outbound)
      out << "crypto map " << m.name << " redundancy replay-interval inbound "
          << m.replay_interval_inbound.value_or(0) << " outbound "
          << m.replay_interval_outbound.value_or(0) << "\n";
    for (const CryptoMapEntry& e : m.entries) {
      out << "crypto map " << m.name << " " << e.sequence << " ipsec-isakmp\n";
      for (const auto& p : e.peers) out << " set peer " << p.to_string() << "\n";
      if (!e.transform_sets.empty()) {
        out << " set transform-set";
        for (const auto& t : e.transform_sets) out << " " << t;
        out << "\n";
      }
      if (e.pfs_group) out << " set pfs group" << *e.pfs_group << "\n";
      if (!e.acl.empty()) out << " match address " << e.acl << "\n";
    }
    out << "!\n";
  }
}

void tracking_and_routes(const Plan& plan, std::ostringstream& out) {
  for (const TrackObject& t : plan.track_objects) {
    out << "track " << t.id;
    switch (t.kind) {
      case TrackKind::InterfaceLineProtocol: out << " interface " << t.interface.value_or("?") << " line-protocol\n"; break;
      case TrackKind::InterfaceIpRouting: out << " interface " << t.interface.value_or("?") << " ip routing\n"; break;
      case TrackKind::ListBooleanAnd: out << " list boolean and\n"; break;
      case TrackKind::ListBooleanOr: out << " list boolean or\n"; break;
    }
    for (const TrackMember& m : t.members) out << " object " << m.object << (m.negated ? " not" : "") << "\n";
    if (t.delay_up_seconds || t.delay_down_seconds)
      out << " delay up " << t.delay_up_seconds << " down " << t.delay_down_seconds << "\n";
    out << "!\n";
  }
  for (const StaticRoute& r : plan.static_routes) {
    out << "ip route " << r.prefix.network().to_string() << " "
        << mask_of_prefix_length(r.prefix.length).to_string();
    if (r.interface) out << " " << *r.interface;
    if (r.next_hop) out << " " << r.next_hop->to_string();
    if (r.distance != 1) out << " " << r.distance;
    out << "\n";
  }
  if (!plan.static_routes.empty()) out << "!\n";
  for (const CryptoMap& m : plan.crypto_maps)
    for (const CryptoMapEntry& e : m.entries) {
      if (e.acl.empty() || e.selectors.empty()) continue;
      out << "ip access-list extended " << e.acl << "\n";
      for (const TrafficSelector& s : e.selectors)
        out << " " << (s.action == SelectorAction::Permit ? "permit " : "deny ")
            << (s.protocol == 0 ? std::string("ip") : std::to_string(s.protocol)) << " "
            << wildcard(s.local) << " " << wildcard(s.remote) << "\n";
      out << "!\n";
    }
}

}  // namespace

std::string show_running_config(const Plan& plan) {
  std::ostringstream body;
  body << "!\nhostname " << plan.hostname << "\n!\n";
  crypto(plan, body);
  interfaces(plan, body);
  tracking_and_routes(plan, body);
  body << "end\n";
  const std::string text = body.str();
  return "Building configuration...\n\nCurrent configuration : " + std::to_string(text.size()) +
         " bytes\n" + text;
}

std::string show_ip_interface_brief(const std::vector<InterfaceStatus>& interfaces) {
  std::string out;
  char line[256];
  std::snprintf(line, sizeof line, "%-26s %-15s %-3s %-6s %-21s %s\n", "Interface", "IP-Address",
                "OK?", "Method", "Status", "Protocol");
  out += line;
  for (const InterfaceStatus& i : interfaces) {
    const std::string address = i.address ? i.address->address.to_string() : "unassigned";
    const char* status = i.shutdown ? "administratively down" : (i.linux_name.empty() ? "down" : (i.line_up ? "up" : "down"));
    const char* protocol = !i.shutdown && !i.linux_name.empty() && i.line_up ? "up" : "down";
    std::snprintf(line, sizeof line, "%-26s %-15s %-3s %-6s %-21s %s\n", i.ios_name.c_str(),
                  address.c_str(), "YES", "manual", status, protocol);
    out += line;
  }
  return out;
}

nlohmann::json to_json(const std::vector<InterfaceStatus>& interfaces) {
  nlohmann::json out = nlohmann::json::array();
  for (const InterfaceStatus& i : interfaces)
    out.push_back({{"interface", i.ios_name},
                   {"ip_address", i.address ? nlohmann::json(i.address->to_string()) : nlohmann::json()},
                   {"status", i.shutdown ? "administratively down" : (i.line_up && !i.linux_name.empty() ? "up" : "down")},
                   {"protocol", !i.shutdown && i.line_up && !i.linux_name.empty() ? "up" : "down"},
                   {"linux_interface", i.linux_name.empty() ? nlohmann::json() : nlohmann::json(i.linux_name)}});
  return out;
}

void register_plan_show(ShowRegistry& registry, const Plan& plan,
                        std::function<std::vector<InterfaceStatus>()> status) {
  registry.add({"show running-config", "the plan in IOS form, keys redacted",
                [&plan] { return show_running_config(plan); },
                [&plan] { return plan::to_json(plan, {.redact = true}); }});
  registry.add({"show interfaces brief", "interfaces, addresses and line state (IOS columns)",
                [status] { return show_ip_interface_brief(status()); },
                [status] { return to_json(status()); }});
  registry.add({"show ip interface brief", "the same as show interfaces brief",
                [status] { return show_ip_interface_brief(status()); },
                [status] { return to_json(status()); }});
}

}  // namespace havpnc::control
