#include "runtime/sso/ike_esp_bridge.h"

#include <algorithm>
#include <chrono>

#include "runtime/ike/esp_sa_params.h"

namespace havpnc::sso {

namespace {

std::uint32_t to_u32(const ike::Ipv4& a) {
  return (std::uint32_t{a[0]} << 24) | (std::uint32_t{a[1]} << 16) | (std::uint32_t{a[2]} << 8) | a[3];
}

ike::Ipv4 to_ipv4(std::uint32_t v) {
  return {static_cast<std::uint8_t>(v >> 24), static_cast<std::uint8_t>(v >> 16),
          static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)};
}

Ipv4Endpoint endpoint(const ike::Endpoint& e) { return {to_u32(e.address), e.port}; }
ike::Endpoint endpoint(const Ipv4Endpoint& e) { return {to_ipv4(e.address), e.port}; }

Identity identity(const ike::IdPayload& id) {
  Identity out{id.id_type, id.protocol, id.port, {}};
  const std::size_t n = std::min(id.data.size(), kMaxIdentityLen);
  out.data.assign(id.data.begin(), id.data.begin() + static_cast<std::ptrdiff_t>(n));
  return out;
}

ike::IdPayload identity(const Identity& id) {
  ike::IdPayload out;
  out.id_type = id.id_type;
  out.protocol = id.protocol;
  out.port = id.port;
  out.data.assign(id.data.begin(), id.data.end());
  return out;
}

std::uint64_t age_ms(TimePoint established, TimePoint now) {
  if (now <= established) return 0;
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(now - established).count());
}

}  // namespace

IkeSaRecord from_ike_sa(const ike::IkeSa& sa, const IkeSessionState& session, TimePoint now) {
  IkeSaRecord r;
  r.key = {sa.initiator_cookie, sa.responder_cookie};
  r.role = sa.role == ike::IkeRole::Initiator ? 0 : 1;
  r.local = endpoint(sa.local);
  r.remote = endpoint(sa.remote);
  r.encryption = static_cast<std::uint16_t>(sa.cipher.algorithm);
  r.key_bits = sa.cipher.key_bits;
  r.hash = static_cast<std::uint16_t>(sa.hash);
  r.dh_group = static_cast<std::uint16_t>(sa.group);
  r.authentication = sa.authentication;
  r.lifetime_seconds = sa.lifetime_seconds;
  r.age_ms = age_ms(sa.established_at, now);
  r.skeyid_d = sa.skeyid_d;
  r.skeyid_a = sa.skeyid_a;
  r.skeyid_e = sa.skeyid_e;
  r.encryption_key = sa.encryption_key;
  r.phase1_iv = sa.phase1_iv;
  const auto& ids = session.recent_message_ids;
  const std::size_t keep = std::min(ids.size(), kMaxMessageIds);
  r.message_ids.assign(ids.end() - static_cast<std::ptrdiff_t>(keep), ids.end());
  r.dpd_next_sequence = session.dpd_next_sequence;
  r.dpd_peer_sequence = session.dpd_peer_sequence.value_or(0);
  r.dpd_peer_sequence_valid = session.dpd_peer_sequence.has_value();
  r.peer_supports_dpd = sa.peer_supports_dpd;
  r.nat_traversal = sa.nat_traversal;
  r.local_behind_nat = sa.local_behind_nat;
  r.remote_behind_nat = sa.remote_behind_nat;
  r.nat_t_floated = session.nat_t_floated.value_or(sa.nat_traversal && (sa.local_behind_nat || sa.remote_behind_nat));
  if (r.nat_t_floated) {
    // RFC 3947 §4: we float to 4500 ourselves; the peer's port is what we heard (a NAT may
    // have moved it), 4500 when nothing was heard yet.
    r.nat_t_local_port = ike::kNatTraversalPort;
    const std::uint16_t heard = session.nat_t_peer_port.value_or(ike::kNatTraversalPort);
    r.nat_t_peer_port = heard != 0 ? heard : ike::kNatTraversalPort;
  }
  r.local_id = identity(sa.local_id);
  r.peer_id = identity(sa.peer_id);
  return r;
}

std::optional<std::uint16_t> nat_t_peer_port(const IkeSaRecord& record) {
  if (!record.nat_t_floated || record.nat_t_peer_port == 0) return std::nullopt;
  return record.nat_t_peer_port;
}

ike::IkeSa to_ike_sa(const IkeSaRecord& r, TimePoint established) {
  ike::IkeSa sa;
  sa.role = r.role == 0 ? ike::IkeRole::Initiator : ike::IkeRole::Responder;
  sa.initiator_cookie = r.key.initiator;
  sa.responder_cookie = r.key.responder;
  sa.local = endpoint(r.local);
  sa.remote = endpoint(r.remote);
  sa.cipher.algorithm = static_cast<ike::crypto::EncryptionAlgorithm>(r.encryption);
  sa.cipher.key_bits = r.key_bits;
  sa.hash = static_cast<ike::crypto::HashAlgorithm>(r.hash);
  sa.group = static_cast<ike::crypto::DhGroup>(r.dh_group);
  sa.authentication = r.authentication;
  sa.lifetime_seconds = r.lifetime_seconds;
  sa.established_at = established;
  sa.skeyid_d = r.skeyid_d;
  sa.skeyid_a = r.skeyid_a;
  sa.skeyid_e = r.skeyid_e;
  sa.encryption_key = r.encryption_key;
  sa.phase1_iv = r.phase1_iv;
  sa.local_id = identity(r.local_id);
  sa.peer_id = identity(r.peer_id);
  sa.peer_supports_dpd = r.peer_supports_dpd;
  sa.nat_traversal = r.nat_traversal;
  sa.local_behind_nat = r.local_behind_nat;
  sa.remote_behind_nat = r.remote_behind_nat;
  return sa;
}

IpsecSaRecord from_child_sa(const ike::ChildSa& c, std::uint32_t replay_window, TimePoint now,
                            std::uint16_t peer_nat_t_port) {
  IpsecSaRecord r;
  r.key = {c.inbound_spi, c.outbound_spi};
  r.parent = {c.initiator_cookie, c.responder_cookie};
  r.esp_transform_id = c.transform.esp_id;
  r.key_bits = c.transform.key_bits;
  r.integrity = static_cast<std::uint16_t>(c.transform.integrity);
  r.encapsulation = c.encapsulation;
  if (udp_encapsulated(c.encapsulation)) {
    r.encap_local_port = ike::kNatTraversalPort;
    r.encap_remote_port = peer_nat_t_port != 0 ? peer_nat_t_port : ike::kNatTraversalPort;
  }
  r.pfs_group = c.pfs_group ? static_cast<std::uint16_t>(*c.pfs_group) : 0;
  r.local = endpoint(c.local);
  r.remote = endpoint(c.remote);
  r.selector = {to_u32(c.selector.local.address),  to_u32(c.selector.local.mask),
                to_u32(c.selector.remote.address), to_u32(c.selector.remote.mask),
                c.selector.protocol,               c.selector.local_port,
                c.selector.remote_port};
  r.inbound_cipher_key = c.inbound_encryption_key;
  r.inbound_integrity_key = c.inbound_integrity_key;
  r.outbound_cipher_key = c.outbound_encryption_key;
  r.outbound_integrity_key = c.outbound_integrity_key;
  r.replay_window = replay_window;
  r.lifetime_seconds = c.lifetime_seconds;
  r.lifetime_kilobytes = c.lifetime_kilobytes;
  r.age_ms = age_ms(c.established_at, now);
  return r;
}

ike::ChildSa to_child_sa(const IpsecSaRecord& r, TimePoint established) {
  ike::ChildSa c;
  c.initiator_cookie = r.parent.initiator;
  c.responder_cookie = r.parent.responder;
  c.local = endpoint(r.local);
  c.remote = endpoint(r.remote);
  c.inbound_spi = r.key.inbound_spi;
  c.outbound_spi = r.key.outbound_spi;
  c.transform.esp_id = r.esp_transform_id;
  c.transform.key_bits = r.key_bits;
  c.transform.integrity = static_cast<ike::EspIntegrity>(r.integrity);
  if (r.pfs_group != 0) c.pfs_group = static_cast<ike::crypto::DhGroup>(r.pfs_group);
  c.encapsulation = r.encapsulation;
  c.inbound_encryption_key = r.inbound_cipher_key;
  c.inbound_integrity_key = r.inbound_integrity_key;
  c.outbound_encryption_key = r.outbound_cipher_key;
  c.outbound_integrity_key = r.outbound_integrity_key;
  c.selector.local = {to_ipv4(r.selector.local_address), to_ipv4(r.selector.local_mask)};
  c.selector.remote = {to_ipv4(r.selector.remote_address), to_ipv4(r.selector.remote_mask)};
  c.selector.protocol = r.selector.protocol;
  c.selector.local_port = r.selector.local_port;
  c.selector.remote_port = r.selector.remote_port;
  c.lifetime_seconds = r.lifetime_seconds;
  c.lifetime_kilobytes = r.lifetime_kilobytes;
  c.established_at = established;
  return c;
}

ike::Expected<ActivatedEspPair, std::string> activate(const IpsecActivation& a, TimePoint now) {
  if (a.exhausted) return ike::unexpected(std::string("outbound sequence space exhausted: rekey"));
  auto params = ike::esp_sa_params(to_child_sa(a.sa, a.established));
  if (!params) return ike::unexpected(params.error());
  params->inbound.replay_window = a.sa.replay_window;
  std::string error;
  ActivatedEspPair pair;
  pair.inbound = esp::EspSa::create(std::move(params->inbound), now, &error);
  if (!pair.inbound) return ike::unexpected("inbound SA: " + error);
  pair.outbound = esp::EspSa::create(std::move(params->outbound), now, &error);
  if (!pair.outbound) return ike::unexpected("outbound SA: " + error);
  if (!pair.outbound->resume_outbound_at(a.resume_outbound_at))
    return ike::unexpected(std::string("outbound sequence cannot resume there"));
  pair.inbound->restore_replay_checkpoint(a.inbound_highest);
  // The SA's lifetimes (RFC 4301 §4.4.2.1) run from its negotiation on the old active.
  pair.inbound->restore_lifetime(a.established, a.sa.inbound_bytes);
  pair.outbound->restore_lifetime(a.established, a.sa.outbound_bytes);
  if (udp_encapsulated(a.sa.encapsulation)) {
    if (a.sa.encap_local_port == 0 || a.sa.encap_remote_port == 0)
      return ike::unexpected(std::string("UDP-encapsulated SA without its UDP ports"));
    pair.udp = UdpEncapsulation{a.sa.encap_local_port, a.sa.encap_remote_port};
  }
  return pair;
}

}  // namespace havpnc::sso
