#include "runtime/ike/informational.h"

#include <openssl/crypto.h>

#include "runtime/ike/crypto/keymat.h"
#include "runtime/ike/ipsec_proposal.h"

namespace havpnc::ike {

std::uint32_t random_message_id(crypto::RandomSource& random) {
  std::uint32_t mid = 0;
  while (mid == 0) {
    Bytes b = random.bytes(4);
    mid = spi_value(b);
  }
  return mid;
}

std::optional<Bytes> seal_informational(const IkeSa& sa, MessageProtection& protection,
                                        std::uint32_t message_id, std::vector<Payload> payloads) {
  auto after = encode_payload_chain(payloads);
  if (!after) return std::nullopt;
  Message m;
  m.header.initiator_cookie = sa.initiator_cookie;
  m.header.responder_cookie = sa.responder_cookie;
  m.header.exchange = ExchangeType::Informational;
  m.header.message_id = message_id;
  m.payloads.push_back(
      Payload{HashPayload{crypto::quick_mode_hash1(sa.hash, sa.skeyid_a, message_id, *after)}, {}});
  for (auto& p : payloads) m.payloads.push_back(std::move(p));
  auto sealed = protection.seal(m);
  protection.forget(message_id);
  return sealed;
}

Expected<Informational, IkeError> open_informational(const IkeSa& sa,
                                                     MessageProtection& protection,
                                                     const RawMessage& raw) {
  const Header& h = raw.header;
  auto refuse = [](IkeErrorCode c, std::string text) {
    return unexpected(IkeError{c, std::move(text)});
  };
  if (h.exchange != ExchangeType::Informational)
    return refuse(IkeErrorCode::UnexpectedMessage, "not an informational exchange");
  if (h.initiator_cookie != sa.initiator_cookie || h.responder_cookie != sa.responder_cookie)
    return refuse(IkeErrorCode::UnexpectedMessage, "cookies do not match the ISAKMP SA");
  if (!h.encrypted())
    return refuse(IkeErrorCode::UnexpectedMessage, "unprotected informational after phase 1");
  if (h.message_id == 0)
    return refuse(IkeErrorCode::UnexpectedMessage, "informational with message ID 0");
  auto opened = protection.open(raw);
  if (!opened) {
    protection.forget(h.message_id);
    return refuse(IkeErrorCode::Malformed, opened.error().describe());
  }
  const Message& m = opened->message;
  const auto* hash = m.payloads.empty() ? nullptr : std::get_if<HashPayload>(&m.payloads[0].body);
  if (!hash) {
    protection.forget(h.message_id);
    return refuse(IkeErrorCode::MissingPayload, "informational without HASH(1) first");
  }
  Bytes expected =
      crypto::quick_mode_hash1(sa.hash, sa.skeyid_a, h.message_id, payloads_after_first(*opened));
  bool ok = expected.size() == hash->data.size() &&
            CRYPTO_memcmp(expected.data(), hash->data.data(), expected.size()) == 0;
  // One message per exchange: nothing will chain on this M-ID again either way.
  protection.forget(h.message_id);
  if (!ok) return refuse(IkeErrorCode::AuthenticationFailed, "informational HASH(1) mismatch");
  Informational out;
  out.message_id = h.message_id;
  for (const auto* n : m.find_all<NotificationPayload>()) out.notifications.push_back(*n);
  for (const auto* d : m.find_all<DeletePayload>()) out.deletes.push_back(*d);
  return out;
}

DeletePayload delete_isakmp_sa(const IkeSa& sa) {
  DeletePayload d;
  d.protocol = static_cast<std::uint8_t>(ProtocolId::Isakmp);
  d.spi_size = 16;
  d.spis.push_back(concat({sa.initiator_cookie, sa.responder_cookie}));
  return d;
}

DeletePayload delete_esp_sas(const std::vector<std::uint32_t>& inbound_spis) {
  DeletePayload d;
  d.protocol = static_cast<std::uint8_t>(ProtocolId::Esp);
  d.spi_size = 4;
  for (auto spi : inbound_spis) d.spis.push_back(spi_bytes(spi));
  return d;
}

NotificationPayload isakmp_notification(const IkeSa& sa, NotifyType type, Bytes data) {
  NotificationPayload n;
  n.protocol = static_cast<std::uint8_t>(ProtocolId::Isakmp);
  n.type = static_cast<std::uint16_t>(type);
  n.spi = concat({sa.initiator_cookie, sa.responder_cookie});
  n.data = std::move(data);
  return n;
}

NotificationPayload esp_error_notification(NotifyType type, std::uint32_t spi) {
  NotificationPayload n;
  n.protocol = static_cast<std::uint8_t>(ProtocolId::Esp);
  n.type = static_cast<std::uint16_t>(type);
  n.spi = spi_bytes(spi);
  return n;
}

std::string notify_name(std::uint16_t type) {
  switch (static_cast<NotifyType>(type)) {
    case NotifyType::InvalidPayloadType: return "INVALID-PAYLOAD-TYPE";
    case NotifyType::InvalidCookie: return "INVALID-COOKIE";
    case NotifyType::InvalidExchangeType: return "INVALID-EXCHANGE-TYPE";
    case NotifyType::InvalidFlags: return "INVALID-FLAGS";
    case NotifyType::InvalidMessageId: return "INVALID-MESSAGE-ID";
    case NotifyType::NoProposalChosen: return "NO-PROPOSAL-CHOSEN";
    case NotifyType::PayloadMalformed: return "PAYLOAD-MALFORMED";
    case NotifyType::InvalidKeyInformation: return "INVALID-KEY-INFORMATION";
    case NotifyType::InvalidIdInformation: return "INVALID-ID-INFORMATION";
    case NotifyType::InvalidHashInformation: return "INVALID-HASH-INFORMATION";
    case NotifyType::AuthenticationFailed: return "AUTHENTICATION-FAILED";
    case NotifyType::Connected: return "CONNECTED";
    case NotifyType::ResponderLifetime: return "RESPONDER-LIFETIME";
    case NotifyType::ReplayStatus: return "REPLAY-STATUS";
    case NotifyType::InitialContact: return "INITIAL-CONTACT";
    case NotifyType::RUThere: return "R-U-THERE";
    case NotifyType::RUThereAck: return "R-U-THERE-ACK";
  }
  return "notify type " + std::to_string(type);
}

}  // namespace havpnc::ike
