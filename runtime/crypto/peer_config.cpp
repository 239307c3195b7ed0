#include "runtime/crypto/peer_config.h"

namespace havpnc::crypto {

namespace {

using ike::unexpected;

ike::Ipv4 octets(plan::Ipv4 a) {
  return {static_cast<std::uint8_t>(a.bits >> 24), static_cast<std::uint8_t>(a.bits >> 16),
          static_cast<std::uint8_t>(a.bits >> 8), static_cast<std::uint8_t>(a.bits)};
}

ike::Ipv4Subnet subnet(const plan::Ipv4Prefix& p) {
  return {octets(p.network()), octets(plan::mask_of_prefix_length(p.length))};
}

std::optional<ike::crypto::DhGroup> dh_group(std::uint32_t g) {
  using ike::crypto::DhGroup;
  switch (g) {
    case 1: return DhGroup::Modp768;
    case 2: return DhGroup::Modp1024;
    case 5: return DhGroup::Modp1536;
    case 14: return DhGroup::Modp2048;
    case 19: return DhGroup::Ecp256;
    case 20: return DhGroup::Ecp384;
    default: return std::nullopt;
  }
}

std::optional<ike::Phase1Policy> phase1_policy(const plan::IsakmpPolicy& p) {
  using ike::crypto::EncryptionAlgorithm;
  using ike::crypto::HashAlgorithm;
  if (p.authentication != plan::IkeAuthentication::PreShare) return std::nullopt;
  ike::Phase1Policy out;
  out.priority = static_cast<std::uint16_t>(p.priority);
  switch (p.encryption) {
    case plan::IkeEncryption::Aes128: out.cipher = {EncryptionAlgorithm::AesCbc, 128}; break;
    case plan::IkeEncryption::Aes192: out.cipher = {EncryptionAlgorithm::AesCbc, 192}; break;
    case plan::IkeEncryption::Aes256: out.cipher = {EncryptionAlgorithm::AesCbc, 256}; break;
    case plan::IkeEncryption::TripleDes: out.cipher = {EncryptionAlgorithm::TripleDesCbc, 192}; break;
    case plan::IkeEncryption::Des: return std::nullopt;
  }
  switch (p.hash) {
    case plan::IkeHash::Md5: out.hash = HashAlgorithm::Md5; break;
    case plan::IkeHash::Sha1: out.hash = HashAlgorithm::Sha1; break;
    case plan::IkeHash::Sha256: out.hash = HashAlgorithm::Sha2_256; break;
    case plan::IkeHash::Sha384: out.hash = HashAlgorithm::Sha2_384; break;
    case plan::IkeHash::Sha512: out.hash = HashAlgorithm::Sha2_512; break;
  }
  auto group = dh_group(p.group);
  if (!group) return std::nullopt;
  out.group = *group;
  out.lifetime_seconds = p.lifetime_seconds;
  return out;
}

std::optional<ike::IpsecTransform> ipsec_transform(const plan::TransformSet& t) {
  if (!t.esp_encryption || t.ah_integrity || t.compression ||
      t.mode != plan::TransformMode::Tunnel)
    return std::nullopt;
  using E = plan::EspEncryption;
  const E e = *t.esp_encryption;
  if (e == E::Gcm128 || e == E::Gcm256) {
    if (t.esp_integrity) return std::nullopt;
    return ike::IpsecTransform{ike::kEspTransformAesGcm16,
                               static_cast<std::uint16_t>(e == E::Gcm128 ? 128 : 256),
                               ike::EspIntegrity::None};
  }
  std::uint16_t bits = 0;
  if (e == E::Aes128) bits = 128;
  else if (e == E::Aes192) bits = 192;
  else if (e == E::Aes256) bits = 256;
  else return std::nullopt;
  if (!t.esp_integrity) return std::nullopt;
  ike::EspIntegrity integrity;
  if (*t.esp_integrity == plan::Integrity::Sha1) integrity = ike::EspIntegrity::HmacSha1;
  else if (*t.esp_integrity == plan::Integrity::Sha256) integrity = ike::EspIntegrity::HmacSha256;
  else return std::nullopt;
  return ike::IpsecTransform{ike::kEspTransformAes, bits, integrity};
}

// IOS picks the key whose address/mask is the most specific match for the peer.
const plan::PreSharedKey* key_for(const plan::Plan& plan, plan::Ipv4 peer) {
  const plan::PreSharedKey* best = nullptr;
  for (const auto& k : plan.pre_shared_keys) {
    if ((peer.bits & k.mask.bits) != (k.address.bits & k.mask.bits)) continue;
    if (!best || k.mask.bits > best->mask.bits) best = &k;
  }
  return best;
}

std::optional<ike::DpdConfig> dpd_config(const plan::Plan& plan) {
  if (!plan.dpd) return std::nullopt;
  ike::DpdConfig d;
  d.interval = seconds(plan.dpd->interval_seconds);
  d.retry = seconds(plan.dpd->retry_seconds);
  d.mode = plan.dpd->mode == plan::DpdMode::Periodic ? ike::DpdMode::Periodic
                                                      : ike::DpdMode::OnDemand;
  return d;
}

}  // namespace

std::optional<ike::TrafficSelector> line_proxies(const plan::TrafficSelector& l) {
  if (l.action != plan::SelectorAction::Permit) return std::nullopt;
  ike::TrafficSelector s;
  s.local = subnet(l.local);
  s.remote = subnet(l.remote);
  s.protocol = static_cast<std::uint8_t>(l.protocol);
  // IKEv1 IDs carry one port or none: a range becomes "any" (0).
  if (l.local_ports.low == l.local_ports.high)
    s.local_port = static_cast<std::uint16_t>(l.local_ports.low);
  if (l.remote_ports.low == l.remote_ports.high)
    s.remote_port = static_cast<std::uint16_t>(l.remote_ports.low);
  return s;
}

std::optional<ike::TrafficSelector> proxy_selector(
    const std::vector<plan::TrafficSelector>& lines) {
  for (const auto& l : lines)
    if (auto s = line_proxies(l)) return s;
  return std::nullopt;
}

ike::Expected<PeerSetups, std::string> build_peer_setups(const plan::Plan& plan) {
  PeerSetups out;
  std::vector<ike::Phase1Policy> policies;
  for (const auto& p : plan.isakmp_policies) {
    if (auto q = phase1_policy(p)) policies.push_back(*q);
    else out.notes.push_back("isakmp policy " + std::to_string(p.priority) +
                             " skipped: not supported by the IKE core");
  }
  for (const auto& binding : plan.crypto_map_bindings) {
    const plan::CryptoMap* map = plan.find_crypto_map(binding.map);
    if (!map) return unexpected("crypto map " + binding.map + " is not defined");
    const std::string where = "crypto map " + map->name + " on " + binding.interface;
    std::optional<plan::Ipv4> local;
    const std::string source_if = map->local_address.value_or(binding.interface);
    if (const plan::Interface* itf = plan.find_interface(source_if); itf && itf->address)
      local = itf->address->address;
    if (binding.redundancy_group) {
      const plan::HsrpGroup* g = plan.find_hsrp_group_named(*binding.redundancy_group);
      if (!g || !g->virtual_ip)
        return unexpected(where + ": redundancy group " + *binding.redundancy_group +
                          " has no virtual IP");
      local = *g->virtual_ip;
    }
    if (!local) return unexpected(where + ": " + source_if + " has no IPv4 address");
    if (policies.empty()) return unexpected(where + ": no usable crypto isakmp policy");

    for (const auto& entry : map->entries) {
      const std::string entry_name = map->name + " " + std::to_string(entry.sequence);
      auto selector = proxy_selector(entry.selectors);
      if (!selector) return unexpected("crypto map " + entry_name + ": no permit line in ACL");
      ike::Phase2Policy phase2;
      for (const auto& name : entry.transform_sets) {
        const plan::TransformSet* ts = plan.find_transform_set(name);
        if (!ts) return unexpected("crypto map " + entry_name + ": transform set " + name +
                                   " is not defined");
        if (auto t = ipsec_transform(*ts)) phase2.transform_sets.push_back(*t);
        else out.notes.push_back("transform set " + name + " skipped: not supported by the ESP data path");
      }
      if (phase2.transform_sets.empty())
        return unexpected("crypto map " + entry_name + ": no usable transform set");
      if (entry.pfs_group) {
        phase2.pfs = dh_group(*entry.pfs_group);
        if (!phase2.pfs) return unexpected("crypto map " + entry_name + ": PFS group " +
                                           std::to_string(*entry.pfs_group) + " not supported");
      }
      phase2.lifetime_seconds = entry.lifetime_seconds;
      phase2.lifetime_kilobytes = entry.lifetime_kilobytes;
      phase2.selector = *selector;
      for (const auto& line : entry.selectors)
        if (auto s = line_proxies(line)) phase2.acl_lines.push_back(*s);

      for (std::size_t i = 0; i < entry.peers.size(); ++i) {
        const plan::Ipv4 peer = entry.peers[i];
        const plan::PreSharedKey* key = key_for(plan, peer);
        if (!key) return unexpected("crypto map " + entry_name + ": no crypto isakmp key for peer " +
                                    peer.to_string());
        PeerSetup s;
        s.map = map->name;
        s.sequence = entry.sequence;
        s.interface = binding.interface;
        s.redundancy_group = binding.redundancy_group;
        s.acl = entry.acl;
        s.selectors = entry.selectors;
        s.replay_window = entry.replay_window;
        s.initiates = i == 0;
        s.session.main_mode.policies = policies;
        s.session.main_mode.pre_shared_key = key->key;
        s.session.main_mode.local = ike::Endpoint{octets(*local), ike::kIkePort};
        s.session.main_mode.remote = ike::Endpoint{octets(peer), ike::kIkePort};
        // IOS default `crypto ipsec nat-transparency udp-encapsulation`: offer RFC 3947;
        // with no NAT between the peers nothing changes (ESP stays protocol 50).
        s.session.main_mode.send_nat_t_vendor_id = true;
        s.session.main_mode.send_initial_contact = true;
        s.session.phase2 = phase2;
        s.session.dpd = dpd_config(plan);
        s.nat_keepalive_seconds = plan.nat_keepalive_seconds;
        out.peers.push_back(std::move(s));
      }
    }
  }
  return out;
}

}  // namespace havpnc::crypto
