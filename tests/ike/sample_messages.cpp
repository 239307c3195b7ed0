#include "tests/ike/sample_messages.h"

namespace havpnc::ike::testing {

Message ios_main_mode_1() {
  Message m;
  m.header.initiator_cookie = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08};
  m.header.exchange = ExchangeType::IdentityProtection;
  Transform t;
  t.number = 1;
  t.id = kTransformKeyIke;
  t.attributes = {
      Attribute::tv(p1attr::kEncryptionAlgorithm, 7),
      Attribute::tv(p1attr::kKeyLength, 128),
      Attribute::tv(p1attr::kHashAlgorithm, 2),
      Attribute::tv(p1attr::kAuthenticationMethod, kAuthMethodPreSharedKey),
      Attribute::tv(p1attr::kGroupDescription, 2),
      Attribute::tv(p1attr::kLifeType, kLifeTypeSeconds),
      Attribute::integer(p1attr::kLifeDuration, 86400),
  };
  Proposal p;
  p.transforms.push_back(t);
  SaPayload sa;
  sa.proposals.push_back(p);
  m.payloads.push_back(Payload{sa, {}});
  return m;
}

SaPayload esp_udp_tunnel_sa() {
  Transform t;
  t.number = 1;
  t.id = kEspTransformAes;
  t.attributes = {
      Attribute::tv(p2attr::kSaLifeType, kLifeTypeSeconds),
      Attribute::integer(p2attr::kSaLifeDuration, 3600),
      Attribute::tv(p2attr::kSaLifeType, kLifeTypeKilobytes),
      Attribute::integer(p2attr::kSaLifeDuration, 4608000),
      Attribute::tv(p2attr::kGroupDescription, 14),
      Attribute::tv(p2attr::kEncapsulationMode, kEncapsulationUdpTunnel),
      Attribute::tv(p2attr::kAuthenticationAlgorithm, kAuthHmacSha1),
      Attribute::tv(p2attr::kKeyLength, 256),
  };
  Proposal p;
  p.protocol = static_cast<std::uint8_t>(ProtocolId::Esp);
  p.spi = {0xc0, 0xff, 0xee, 0x01};
  p.transforms.push_back(t);
  SaPayload sa;
  sa.proposals.push_back(p);
  return sa;
}

Message every_payload_kind() {
  Message m;
  m.header.initiator_cookie = {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88};
  m.header.responder_cookie = {0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x00};
  m.header.exchange = ExchangeType::QuickMode;
  m.header.message_id = 0xdeadbeef;
  auto add = [&m](PayloadBody b) { m.payloads.push_back(Payload{std::move(b), {}}); };
  add(HashPayload{Bytes(20, 0xab)});
  add(esp_udp_tunnel_sa());
  add(NoncePayload{Bytes(32, 0x5a)});
  add(KePayload{Bytes(256, 0x01)});
  add(IdPayload::ipv4_subnet({10, 1, 0, 0}, {255, 255, 0, 0}));
  add(IdPayload::ipv4({6, 6, 156, 100}, 17, 500));
  add(IdPayload::fqdn("r10.example.net", 17, 500));
  add(NotificationPayload{kDoiIpsec, static_cast<std::uint8_t>(ProtocolId::Isakmp),
                          static_cast<std::uint16_t>(NotifyType::InitialContact),
                          Bytes(16, 0x0c), {}});
  add(NotificationPayload{kDoiIpsec, static_cast<std::uint8_t>(ProtocolId::Isakmp),
                          static_cast<std::uint16_t>(NotifyType::RUThere), Bytes(16, 0x0d),
                          Bytes{0x00, 0x00, 0x30, 0x39}});
  add(NotificationPayload{kDoiIpsec, static_cast<std::uint8_t>(ProtocolId::Esp),
                          static_cast<std::uint16_t>(NotifyType::ResponderLifetime),
                          Bytes{0xc0, 0xff, 0xee, 0x01},
                          Bytes{0x80, 0x01, 0x00, 0x01, 0x80, 0x02, 0x0e, 0x10}});
  add(DeletePayload{kDoiIpsec, static_cast<std::uint8_t>(ProtocolId::Esp), 4,
                    {Bytes{1, 2, 3, 4}, Bytes{5, 6, 7, 8}}});
  add(DeletePayload{kDoiIpsec, static_cast<std::uint8_t>(ProtocolId::Isakmp), 16,
                    {Bytes(16, 0x77)}});
  add(VendorIdPayload{Bytes{0xaf, 0xca, 0xd7, 0x13, 0x68, 0xa1, 0xf1, 0xc9, 0x6b, 0x86, 0x96,
                            0xfc, 0x77, 0x57, 0x01, 0x00}});
  add(NatDPayload{Bytes(20, 0x3c)});
  add(NatDPayload{Bytes(20, 0x3d)});
  add(UnknownPayload{130, Bytes{1, 2, 3}});
  return m;
}

}  // namespace havpnc::ike::testing
