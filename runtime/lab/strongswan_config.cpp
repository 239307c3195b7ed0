#include "runtime/lab/strongswan_config.h"

#include <optional>
#include <sstream>
#include <utility>

namespace havpnc::lab {

namespace {

using plan::Ipv4;

std::optional<std::string> ike_encryption(plan::IkeEncryption e) {
  switch (e) {
    case plan::IkeEncryption::Des: return "des";
    case plan::IkeEncryption::TripleDes: return "3des";
    case plan::IkeEncryption::Aes128: return "aes128";
    case plan::IkeEncryption::Aes192: return "aes192";
    case plan::IkeEncryption::Aes256: return "aes256";
  }
  return std::nullopt;
}

std::string hash_name(plan::IkeHash h) {
  switch (h) {
    case plan::IkeHash::Md5: return "md5";
    case plan::IkeHash::Sha1: return "sha1";
    case plan::IkeHash::Sha256: return "sha256";
    case plan::IkeHash::Sha384: return "sha384";
    case plan::IkeHash::Sha512: return "sha512";
  }
  return "sha1";
}

std::string integrity_name(plan::Integrity i) {
  switch (i) {
    case plan::Integrity::Md5: return "md5";
    case plan::Integrity::Sha1: return "sha1";  // HMAC-SHA1-96 (RFC 2404) in ESP
    case plan::Integrity::Sha256: return "sha256";
    case plan::Integrity::Sha384: return "sha384";
    case plan::Integrity::Sha512: return "sha512";
  }
  return "sha1";
}

// IKEv1 Oakley groups by number (RFC 2409 §6, RFC 3526, RFC 5903, RFC 5114).
std::optional<std::string> dh_group(std::uint32_t g) {
  switch (g) {
    case 1: return "modp768";
    case 2: return "modp1024";
    case 5: return "modp1536";
    case 14: return "modp2048";
    case 15: return "modp3072";
    case 16: return "modp4096";
    case 19: return "ecp256";
    case 20: return "ecp384";
    case 21: return "ecp521";
    case 24: return "modp2048s256";
    default: return std::nullopt;
  }
}

std::optional<std::string> esp_encryption(plan::EspEncryption e) {
  switch (e) {
    case plan::EspEncryption::Des: return "des";
    case plan::EspEncryption::TripleDes: return "3des";
    case plan::EspEncryption::Aes128: return "aes128";
    case plan::EspEncryption::Aes192: return "aes192";
    case plan::EspEncryption::Aes256: return "aes256";
    case plan::EspEncryption::Gcm128: return "aes128gcm16";
    case plan::EspEncryption::Gcm192: return "aes192gcm16";
    case plan::EspEncryption::Gcm256: return "aes256gcm16";
    case plan::EspEncryption::Null: return "null";
    default: return std::nullopt;  // GMAC and SEAL have no swanctl proposal keyword here
  }
}

std::string hex(const Secret& s) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out = "0x";
  for (const std::uint8_t b : s.bytes()) {
    out += kDigits[b >> 4];
    out += kDigits[b & 0xF];
  }
  return out;
}

// swanctl section names are words: a map name like "VPN.1" must not split a section.
std::string section_name(const std::string& text) {
  std::string out;
  for (const char c : text)
    out += ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-') ? c : '_';
  return out;
}

std::string selector(const plan::Ipv4Prefix& prefix, std::uint32_t protocol, const plan::PortRange& ports) {
  std::string s = plan::Ipv4Prefix{prefix.network(), prefix.length}.to_string();
  const bool any_port = ports.low == 0 && ports.high == 65535;
  if (protocol == 0 && any_port) return s;
  s += "[" + std::to_string(protocol);
  if (!any_port) s += "/" + (ports.low == ports.high ? std::to_string(ports.low)
                                                      : std::to_string(ports.low) + "-" + std::to_string(ports.high));
  return s + "]";
}

bool overlap(const plan::Ipv4Prefix& a, const plan::Ipv4Prefix& b) {
  return a.contains(b.network()) || b.contains(a.network());
}
bool overlap(const plan::PortRange& a, const plan::PortRange& b) { return a.low <= b.high && b.low <= a.high; }

// Can one packet match both lines? (protocol 0 is `ip`: every protocol, every port)
bool overlap(const plan::TrafficSelector& a, const plan::TrafficSelector& b) {
  if (a.protocol != 0 && b.protocol != 0 && a.protocol != b.protocol) return false;
  const bool ports = a.protocol != 0 && b.protocol != 0;
  return overlap(a.local, b.local) && overlap(a.remote, b.remote) &&
         (!ports || (overlap(a.local_ports, b.local_ports) && overlap(a.remote_ports, b.remote_ports)));
}

// IOS walks a crypto ACL first match: a deny line takes its traffic out of the entry even
// where a later permit line's range covers it. Each permit line becomes its own CHILD_SA
// (one SA pair per line, as IOS negotiates), but swanctl has no deny inside a connection's
// children, so a deny that a later permit overlaps would be protected by charon and not by
// IOS: refuse that ACL by line rather than write a config that means something else.
// A deny that overlaps no later permit changes nothing the permits select.
std::string inexpressible_deny(const plan::CryptoMap& map, const plan::CryptoMapEntry& e) {
  for (std::size_t d = 0; d < e.selectors.size(); ++d) {
    if (e.selectors[d].action != plan::SelectorAction::Deny) continue;
    for (std::size_t p = d + 1; p < e.selectors.size(); ++p)
      if (e.selectors[p].action == plan::SelectorAction::Permit && overlap(e.selectors[d], e.selectors[p]))
        return "crypto map " + map.name + " " + std::to_string(e.sequence) + ": access-list " +
               (e.acl.empty() ? "(unnamed)" : e.acl) + " line " + std::to_string(d + 1) +
               " (deny) overlaps permit line " + std::to_string(p + 1) +
               ": strongSwan has no deny within a connection's children";
  }
  return {};
}

}  // namespace

StrongswanConfig strongswan_config(const plan::Plan& plan, const std::string& vici_socket, const std::string& log_file) {
  StrongswanConfig out;
  std::ostringstream ss;
  ss << "# strongSwan for lab node " << plan.hostname << ", written by havpnc lab from its plan\n"
     << "charon {\n"
     << "    # kernel-libipsec before kernel-netlink: userspace ESP over TUN ipsec0, netlink for\n"
     << "    # addresses and routes (table 220)\n"
     << "    load_modular = no\n"
     << "    load = random nonce openssl aes sha1 sha2 hmac md5 gmp kdf pem pkcs1 x509 pubkey "
        "kernel-libipsec kernel-netlink socket-default vici updown\n"
     << "    port = 500\n    port_nat_t = 4500\n    install_routes = yes\n"
     << "    filelog {\n        lab {\n            path = " << log_file << "\n"
     << "            time_format = %H:%M:%S\n            append = no\n            flush_line = yes\n"
     << "            default = 1\n            ike = 2\n            cfg = 2\n"
     // kernel-libipsec's replay and ICV drops are DBG1 in the ESP group (strongswan_sas.h):
     // `lab failover` counts them here. Level 1 only: level 3 would log every packet.
     << "            esp = 1\n        }\n    }\n"
     << "    plugins {\n        vici {\n            socket = unix://" << vici_socket << "\n        }\n"
     << "        kernel-libipsec {\n            allow_peer_ts = no\n        }\n    }\n}\n";
  out.strongswan_conf = ss.str();

  // ISAKMP policies in priority order: strongSwan offers its proposals in order, as IOS does.
  std::string ike_proposals;
  for (const plan::IsakmpPolicy& p : plan.isakmp_policies) {
    if (p.authentication != plan::IkeAuthentication::PreShare) continue;
    const auto enc = ike_encryption(p.encryption);
    const auto dh = dh_group(p.group);
    if (!enc || !dh) {
      out.error = "isakmp policy " + std::to_string(p.priority) + ": group " + std::to_string(p.group) +
                  " has no strongSwan name";
      return out;
    }
    ike_proposals += (ike_proposals.empty() ? "" : ",") + *enc + "-" + hash_name(p.hash) + "-" + *dh;
  }
  if (ike_proposals.empty()) {
    out.error = plan.hostname + " has no pre-shared-key isakmp policy: the lab's strongSwan peer only does PSK";
    return out;
  }
  std::uint32_t ike_lifetime = plan.isakmp_policies.front().lifetime_seconds;

  std::ostringstream conns;
  std::ostringstream secrets;
  conns << "# swanctl for lab node " << plan.hostname << " (holds keys: mode 0600)\nconnections {\n";
  secrets << "secrets {\n";
  int connections = 0;
  for (const plan::CryptoMapBinding& b : plan.crypto_map_bindings) {
    const plan::Interface* itf = plan.find_interface(b.interface);
    const plan::CryptoMap* map = plan.find_crypto_map(b.map);
    if (!itf || !itf->address || !map) continue;
    // `crypto map M redundancy NAME`: IOS terminates IKE and ESP on the HSRP group's
    // virtual IP, which is what the peers name in `set peer` (an HA head-end run as charon).
    std::string local = itf->address->address.to_string();
    if (b.redundancy_group) {
      const plan::HsrpGroup* g = plan.find_hsrp_group_named(*b.redundancy_group);
      if (!g || !g->virtual_ip) {
        out.error = "crypto map " + b.map + " redundancy " + *b.redundancy_group + ": no HSRP group with a virtual IP";
        return out;
      }
      local = g->virtual_ip->to_string();
    }
    for (const plan::CryptoMapEntry& e : map->entries) {
      if (e.peers.empty()) continue;
      std::string esp;
      for (const std::string& ts_name : e.transform_sets) {
        const plan::TransformSet* ts = plan.find_transform_set(ts_name);
        if (!ts || !ts->esp_encryption) continue;
        const auto enc = esp_encryption(*ts->esp_encryption);
        if (!enc) {
          out.error = "transform-set " + ts_name + ": its ESP cipher has no strongSwan name";
          return out;
        }
        std::string p = *enc;
        if (ts->esp_integrity) p += "-" + integrity_name(*ts->esp_integrity);
        if (e.pfs_group) {
          const auto dh = dh_group(*e.pfs_group);
          if (!dh) {
            out.error = "crypto map " + map->name + " " + std::to_string(e.sequence) + ": pfs group has no strongSwan name";
            return out;
          }
          p += "-" + *dh;
        }
        esp += (esp.empty() ? "" : ",") + p;
      }
      if (esp.empty()) continue;
      if (std::string refused = inexpressible_deny(*map, e); !refused.empty()) {
        out.error = std::move(refused);
        return out;
      }
      const std::string name = section_name(map->name) + "-" + std::to_string(e.sequence);
      std::string remotes;
      for (const Ipv4 peer : e.peers) remotes += (remotes.empty() ? "" : ",") + peer.to_string();
      conns << "    " << name << " {\n"
            << "        version = 1\n        aggressive = no\n"
            << "        local_addrs = " << local << "\n        remote_addrs = " << remotes << "\n"
            << "        proposals = " << ike_proposals << "\n"
            << "        reauth_time = " << ike_lifetime << "s\n        rekey_time = 0s\n"
            // charon offers reauth_time + over_time (default 10%) as the phase-1 lifetime,
            // which an IOS responder refuses as longer than its policy (NO-PROPOSAL-CHOSEN).
            << "        over_time = 0s\n"
            // kernel-libipsec only does ESP in UDP (RFC 3948); with no NAT in the lab, charon
            // must claim one (fake NAT-D) so that both ends float to 4500.
            << "        encap = yes\n";
      if (plan.dpd) {
        // RFC 3706: a probe after `interval` idle seconds; IKEv1 gives up after dpd_timeout.
        conns << "        dpd_delay = " << plan.dpd->interval_seconds << "s\n"
              << "        dpd_timeout = " << plan.dpd->interval_seconds * 3 << "s\n";
      }
      conns << "        local {\n            auth = psk\n            id = " << local << "\n        }\n"
            << "        remote {\n            auth = psk\n";
      // A peer identity without wildcards: charon then sends INITIAL-CONTACT (RFC 2407
      // §4.6.3.3), so the other side drops SAs left from before a restart. With several
      // peers any of them may answer, and one id cannot name them all.
      if (e.peers.size() == 1) conns << "            id = " << e.peers.front().to_string() << "\n";
      conns << "        }\n        children {\n";
      // One child per permit line, named by its rank among the permits (`MAP-SEQ-0` is the
      // first): a deny line added elsewhere in the ACL renames no child.
      int child = 0;
      for (const plan::TrafficSelector& s : e.selectors) {
        if (s.action != plan::SelectorAction::Permit) continue;
        conns << "            " << name << "-" << child++ << " {\n"
              << "                mode = tunnel\n"
              << "                local_ts = " << selector(s.local, s.protocol, s.local_ports) << "\n"
              << "                remote_ts = " << selector(s.remote, s.protocol, s.remote_ports) << "\n"
              << "                esp_proposals = " << esp << "\n"
              << "                life_time = " << e.lifetime_seconds << "s\n"
              << "                rekey_time = " << e.lifetime_seconds * 9 / 10 << "s\n"
              << "                replay_window = " << e.replay_window << "\n"
              << "                dpd_action = restart\n                start_action = none\n"
              << "            }\n";
      }
      conns << "        }\n    }\n";
      ++connections;
      for (std::size_t pi = 0; pi < e.peers.size(); ++pi)
        for (const plan::PreSharedKey& k : plan.pre_shared_keys)
          if (const Ipv4 peer = e.peers[pi]; (peer.bits & k.mask.bits) == (k.address.bits & k.mask.bits)) {
            secrets << "    ike-" << name << "-" << pi << " {\n"
                    << "        id-remote = " << peer.to_string() << "\n"
                    << "        secret = " << hex(k.key) << "\n    }\n";
            break;
          }
    }
  }
  conns << "}\n";
  secrets << "}\n";
  if (connections == 0) {
    out.error = plan.hostname + " has no crypto map entry on an interface with an address";
    return out;
  }
  out.swanctl_conf = conns.str() + secrets.str();
  return out;
}

}  // namespace havpnc::lab
