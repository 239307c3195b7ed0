#pragma once
// Records with every field set to something distinctive, so a codec that drops or swaps a
// field fails the round trip.
#include <cstdint>
#include <vector>

#include "runtime/sso/records.h"

namespace havpnc::sso::test {

inline Secret key_bytes(std::size_t n, std::uint8_t seed) {
  std::vector<std::uint8_t> b(n);
  for (std::size_t i = 0; i < n; ++i) b[i] = static_cast<std::uint8_t>(seed + i * 7);
  return Secret(b);
}

inline IkeSaKey ike_key(std::uint32_t n) {
  IkeSaKey k;
  for (int i = 0; i < 8; ++i) {
    k.initiator[i] = static_cast<std::uint8_t>((n >> (i % 4 * 8)) + i);
    k.responder[i] = static_cast<std::uint8_t>((n >> (i % 4 * 8)) + 0x80 + i);
  }
  return k;
}

inline IkeSaRecord sample_ike_sa(std::uint32_t n = 1) {
  IkeSaRecord sa;
  sa.key = ike_key(n);
  sa.role = 1;
  sa.local = {0x06069C64, 500};   // 6.6.156.100 (the VIP)
  sa.remote = {0x06061902, 500};  // 6.6.25.2 (R2)
  sa.encryption = 7;
  sa.key_bits = 128;
  sa.hash = 2;
  sa.dh_group = 2;
  sa.authentication = 1;
  sa.lifetime_seconds = 86400;
  sa.age_ms = 3770000 + n;
  sa.skeyid_d = key_bytes(20, static_cast<std::uint8_t>(n));
  sa.skeyid_a = key_bytes(20, static_cast<std::uint8_t>(n + 1));
  sa.skeyid_e = key_bytes(20, static_cast<std::uint8_t>(n + 2));
  sa.encryption_key = key_bytes(16, static_cast<std::uint8_t>(n + 3));
  sa.phase1_iv = {0xC0, 0x7F, 0xF5, 0xAE, 0x96, 0x7E, 0x06, 0xE3,
                  0xFC, 0x92, 0xF3, 0x60, 0x92, 0x51, 0x49, 0x88};
  sa.message_ids = {0x11223344, 0x55667788 + n};
  sa.dpd_next_sequence = 0x1000 + n;
  sa.dpd_peer_sequence = 0x2000 + n;
  sa.dpd_peer_sequence_valid = true;
  sa.peer_supports_dpd = true;
  sa.nat_traversal = true;
  sa.remote_behind_nat = true;
  sa.nat_t_floated = true;  // strongSwan's forced encapsulation: IKE on 4500
  sa.nat_t_local_port = 4500;
  sa.nat_t_peer_port = static_cast<std::uint16_t>(4500 + n);  // as if a NAT rewrote it
  sa.local_id = {1, 17, 500, {6, 6, 156, 100}};
  sa.peer_id = {1, 17, 500, {6, 6, 25, 2}};
  return sa;
}

inline IpsecSaRecord sample_ipsec_sa(std::uint32_t n = 1) {
  IpsecSaRecord sa;
  sa.key = {0xC0000000u + n, 0x50000000u + n};
  sa.parent = ike_key(n);
  sa.esp_transform_id = 12;  // esp-aes esp-sha-hmac, the seed's SET2
  sa.key_bits = 128;
  sa.integrity = 2;
  sa.encapsulation = 1;
  sa.pfs_group = 2;
  sa.local = {0x06069C64, 500};
  sa.remote = {0x06061902, 500};
  sa.selector = {0x06069200, 0xFFFFFF00, 0x06060200, 0xFFFFFF00, 0, 0, 0};
  sa.inbound_cipher_key = key_bytes(16, static_cast<std::uint8_t>(n + 10));
  sa.inbound_integrity_key = key_bytes(20, static_cast<std::uint8_t>(n + 11));
  sa.outbound_cipher_key = key_bytes(16, static_cast<std::uint8_t>(n + 12));
  sa.outbound_integrity_key = key_bytes(20, static_cast<std::uint8_t>(n + 13));
  sa.replay_window = 1024;
  sa.lifetime_seconds = 3600;
  sa.lifetime_kilobytes = 4608000;
  sa.age_ms = 364000;
  sa.outbound_next_sequence = 5 + n;
  sa.inbound_highest_sequence = 4 + n;
  sa.inbound_bytes = 400;
  sa.outbound_bytes = 500;
  sa.inbound_packets = 4;
  sa.outbound_packets = 5;
  return sa;
}

// ESP in UDP (RFC 3948) toward a peer whose NAT-T port a NAT rewrote.
inline IpsecSaRecord sample_udp_ipsec_sa(std::uint32_t n = 1) {
  IpsecSaRecord sa = sample_ipsec_sa(n);
  sa.encapsulation = kEncapsulationUdpTunnel;
  sa.encap_local_port = 4500;
  sa.encap_remote_port = static_cast<std::uint16_t>(4500 + n);
  return sa;
}

// One record of each type (and ESP in UDP), for the codec tests and the fuzzer seeds.
inline std::vector<Record> one_of_each() {
  std::vector<Record> r;
  r.push_back({1, IkeSaAdd{sample_ike_sa(1)}});
  r.push_back({2, IkeSaUpdate{sample_ike_sa(2)}});
  r.push_back({3, IkeSaDelete{ike_key(3)}});
  r.push_back({4, IpsecSaAdd{sample_ipsec_sa(4)}});
  r.push_back({5, IpsecSaDelete{{0xC0000005u, 0x50000005u}}});
  r.push_back({6, SequenceCheckpoint{{0xC0000006u, 0x50000006u}, 2001, 1999, 1234, 5678}});
  r.push_back({7, BulkSyncStart{3, 10, 20}});
  r.push_back({8, BulkSyncEnd{3, 10, 20}});
  r.push_back({9, PeerStatus{8}});
  r.push_back({10, IpsecSaAdd{sample_udp_ipsec_sa(10)}});
  return r;
}

}  // namespace havpnc::sso::test
