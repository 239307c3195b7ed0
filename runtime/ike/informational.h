#pragma once
// The protected informational exchange (RFC 2408 §4.8, RFC 2409 §5.7): one message, no
// reply, carrying Notification and Delete payloads once an ISAKMP SA exists:
//
//   HDR*, HASH(1), N/D...     HASH(1) = prf(SKEYID_a, M-ID | N/D...)
//
// The M-ID is fresh and random; its IV is hash(phase-1 IV | M-ID) (RFC 2409 App. B), so the
// IV chain of the exchange is dropped as soon as the message is sealed or accepted. DPD
// (dpd.h) rides on these messages; so do Delete and INITIAL-CONTACT.
#include <cstdint>
#include <vector>

#include "runtime/ike/crypto/random.h"
#include "runtime/ike/ike_sa.h"
#include "runtime/ike/protection.h"
#include "runtime/ike/task.h"

namespace havpnc::ike {

// A random M-ID that is not zero (zero belongs to phase 1).
std::uint32_t random_message_id(crypto::RandomSource& random);

// HDR*, HASH(1), payloads. nullopt if the payloads do not encode.
std::optional<Bytes> seal_informational(const IkeSa& sa, MessageProtection& protection,
                                        std::uint32_t message_id, std::vector<Payload> payloads);

struct Informational {
  std::uint32_t message_id = 0;
  std::vector<NotificationPayload> notifications;
  std::vector<DeletePayload> deletes;
};

// Checks the header against the SA (cookies, exchange 5, E flag, non-zero M-ID), decrypts,
// requires HASH first and verifies it in constant time. Any failure is an error value that
// the caller counts: informational messages are never answered with an error.
Expected<Informational, IkeError> open_informational(const IkeSa& sa,
                                                     MessageProtection& protection,
                                                     const RawMessage& raw);

// RFC 2408 §3.15: the ISAKMP SA itself, SPI = CKY-I | CKY-R (16 bytes).
DeletePayload delete_isakmp_sa(const IkeSa& sa);
// RFC 2408 §3.15 / RFC 2407 §4.6.3: ESP SAs, each SPI being the sender's inbound SPI.
DeletePayload delete_esp_sas(const std::vector<std::uint32_t>& inbound_spis);
// A notification about the ISAKMP SA (SPI = CKY-I | CKY-R): INITIAL-CONTACT, DPD.
NotificationPayload isakmp_notification(const IkeSa& sa, NotifyType type, Bytes data = {});
// An error notification about a quick mode (RFC 2408 §3.14.1), e.g. NO-PROPOSAL-CHOSEN.
NotificationPayload esp_error_notification(NotifyType type, std::uint32_t spi);

// "NO-PROPOSAL-CHOSEN", "R-U-THERE", ... for log text.
std::string notify_name(std::uint16_t type);

}  // namespace havpnc::ike
