#pragma once
// The seed's R2 and R10 as plans built in code (what `havpnc compile samples/seed/R*.cfg`
// produces for the parts the crypto component reads), with a test PSK that no show output
// may ever contain.
#include "runtime/plan/plan.h"

namespace havpnc::crypto::testing {

inline constexpr std::string_view kPsk = "psk-Never-Shown-42";

inline plan::Ipv4 ip(const char* text) { return *plan::Ipv4::parse(text); }
inline plan::Ipv4Prefix prefix(const char* text) { return *plan::Ipv4Prefix::parse(text); }

inline plan::TrafficSelector permit(const char* local, const char* remote) {
  plan::TrafficSelector s;
  s.local = prefix(local);
  s.remote = prefix(remote);
  return s;
}

inline plan::Plan common(const char* hostname) {
  plan::Plan p;
  p.hostname = hostname;
  p.source = std::string("samples/seed/") + hostname + ".cfg";
  plan::IsakmpPolicy policy;
  policy.priority = 10;
  policy.encryption = plan::IkeEncryption::Aes128;
  policy.hash = plan::IkeHash::Sha1;
  policy.authentication = plan::IkeAuthentication::PreShare;
  policy.group = 2;
  p.isakmp_policies.push_back(policy);
  p.dpd = plan::Dpd{10, 3, plan::DpdMode::Periodic};
  plan::TransformSet set2;
  set2.name = "SET2";
  set2.esp_encryption = plan::EspEncryption::Aes128;
  set2.esp_integrity = plan::Integrity::Sha1;
  p.transform_sets.push_back(set2);
  return p;
}

inline plan::CryptoMapEntry map2_entry(const char* peer, plan::TrafficSelector acl) {
  plan::CryptoMapEntry e;
  e.sequence = 10;
  e.peers = {ip(peer)};
  e.transform_sets = {"SET2"};
  e.pfs_group = 2;
  e.replay_window = 1024;  // `crypto ipsec security-association replay window-size 1024`
  e.acl = "HA_VPN";
  e.selectors = {acl};
  return e;
}

inline plan::Plan r2_plan() {
  plan::Plan p = common("R2");
  p.interfaces.push_back({"GigabitEthernet0/0", prefix("6.6.25.2/24"), {}, false});
  p.interfaces.push_back({"GigabitEthernet0/1", prefix("6.6.2.2/24"), {}, false});
  p.pre_shared_keys.push_back({ip("6.6.156.100"), ip("255.255.255.255"), Secret(kPsk)});
  plan::CryptoMap map;
  map.name = "MAP2";
  map.entries.push_back(map2_entry("6.6.156.100", permit("6.6.2.0/24", "6.6.146.0/24")));
  p.crypto_maps.push_back(map);
  p.crypto_map_bindings.push_back({"GigabitEthernet0/0", "MAP2", std::nullopt, false});
  return p;
}

inline plan::Plan r10_plan() {
  plan::Plan p = common("R10");
  p.interfaces.push_back({"GigabitEthernet0/0", prefix("6.6.146.10/24"), {}, false});
  p.interfaces.push_back({"GigabitEthernet0/1", prefix("6.6.156.10/24"), {}, false});
  p.pre_shared_keys.push_back({ip("6.6.25.2"), ip("255.255.255.255"), Secret(kPsk)});
  plan::CryptoMap map;
  map.name = "MAP2";
  map.entries.push_back(map2_entry("6.6.25.2", permit("6.6.146.0/24", "6.6.2.0/24")));
  map.replay_interval_inbound = 1000;
  map.replay_interval_outbound = 1000;
  p.crypto_maps.push_back(map);
  p.crypto_map_bindings.push_back({"GigabitEthernet0/1", "MAP2", std::string("HSRP"), true});
  plan::HsrpGroup g;
  g.interface = "GigabitEthernet0/1";
  g.group = 2;
  g.virtual_ip = ip("6.6.156.100");
  g.name = "HSRP";
  p.hsrp_groups.push_back(g);
  return p;
}

// The seed with a second permit line for a second LAN on R2, 6.6.22.0/24 (R10 the mirror):
// the per-ACL-line tests against havpnc and against strongSwan.
inline plan::Plan r2_two_lines() {
  plan::Plan p = r2_plan();
  p.crypto_maps[0].entries[0].selectors.push_back(permit("6.6.22.0/24", "6.6.146.0/24"));
  return p;
}

inline plan::Plan r10_two_lines() {
  plan::Plan p = r10_plan();
  p.crypto_maps[0].entries[0].selectors.push_back(permit("6.6.146.0/24", "6.6.22.0/24"));
  return p;
}

}  // namespace havpnc::crypto::testing
