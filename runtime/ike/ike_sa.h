#pragma once
// An established IKEv1 (ISAKMP) SA: everything quick mode, informational/DPD and the SSO
// standby need to protect phase-2 traffic with this peer. It has no operator<< on purpose;
// the Secrets in it must never reach a log line.
#include "runtime/core/secret.h"
#include "runtime/core/time.h"
#include "runtime/ike/crypto/cipher.h"
#include "runtime/ike/crypto/dh.h"
#include "runtime/ike/crypto/hash.h"
#include "runtime/ike/endpoint.h"
#include "runtime/ike/message.h"

namespace havpnc::ike {

enum class IkeRole { Initiator, Responder };

struct IkeSa {
  IkeRole role = IkeRole::Initiator;
  Cookie initiator_cookie{};
  Cookie responder_cookie{};
  Endpoint local;
  Endpoint remote;

  crypto::Cipher cipher;
  crypto::HashAlgorithm hash = crypto::HashAlgorithm::Sha1;
  crypto::DhGroup group = crypto::DhGroup::Modp1024;
  std::uint16_t authentication = kAuthMethodPreSharedKey;
  std::uint32_t lifetime_seconds = 0;
  std::uint16_t policy_priority = 0;  // responder: the local policy that matched
  TimePoint established_at{};

  Secret skeyid_d;        // phase-2 KEYMAT (RFC 2409 §5.5)
  Secret skeyid_a;        // HASH(1..3) of quick mode and informational exchanges
  Secret skeyid_e;
  Secret encryption_key;  // Ka, derived from SKEYID_e (Appendix B)
  Bytes phase1_iv;        // last CBC block of MM6: seeds every phase-2 IV

  IdPayload local_id;
  IdPayload peer_id;
  bool peer_supports_dpd = false;       // RFC 3706 VID seen
  bool nat_traversal = false;           // RFC 3947 VID exchanged both ways
  bool local_behind_nat = false;
  bool remote_behind_nat = false;
  bool initial_contact_received = false;  // RFC 2407 §4.6.3.3: flush old SAs with this peer

  TimePoint expires_at() const { return established_at + seconds(lifetime_seconds); }
};

}  // namespace havpnc::ike
