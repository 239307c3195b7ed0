#pragma once
// Phase-1 proposals: `crypto isakmp policy` entries turned into an SA offer, and the IOS
// selection rule for an offer received. IOS semantics (Cisco IKE configuration guide): the
// responder walks its policies in priority order (lowest number first) and takes the first
// one that equals one of the initiator's transforms in encryption, key length, hash,
// authentication method and group, provided the initiator's lifetime is not longer than the
// policy's; the initiator's (shorter or equal) lifetime is then used.
#include <cstdint>
#include <span>
#include <string>

#include "runtime/ike/crypto/cipher.h"
#include "runtime/ike/crypto/dh.h"
#include "runtime/ike/crypto/hash.h"
#include "runtime/ike/payloads.h"
#include "runtime/ike/result.h"

namespace havpnc::ike {

// A peer that omits the life duration gets 8 hours, the default RFC 2407 §4.5 gives;
// havpnc itself always sends one, like IOS (policy default 86400 s).
inline constexpr std::uint32_t kDefaultPhase1LifetimeSeconds = 28800;
inline constexpr std::uint32_t kIosPhase1LifetimeSeconds = 86400;

// One `crypto isakmp policy <priority>` block.
struct Phase1Policy {
  std::uint16_t priority = 10;
  crypto::Cipher cipher{crypto::EncryptionAlgorithm::AesCbc, 128};
  crypto::HashAlgorithm hash = crypto::HashAlgorithm::Sha1;
  std::uint16_t authentication = kAuthMethodPreSharedKey;
  crypto::DhGroup group = crypto::DhGroup::Modp1024;
  std::uint32_t lifetime_seconds = kIosPhase1LifetimeSeconds;
  friend bool operator==(const Phase1Policy&, const Phase1Policy&) = default;
};

// What one phase-1 transform asks for.
struct Phase1Proposal {
  crypto::Cipher cipher;
  crypto::HashAlgorithm hash = crypto::HashAlgorithm::Sha1;
  std::uint16_t authentication = kAuthMethodPreSharedKey;
  crypto::DhGroup group = crypto::DhGroup::Modp1024;
  std::uint32_t lifetime_seconds = kDefaultPhase1LifetimeSeconds;
  friend bool operator==(const Phase1Proposal&, const Phase1Proposal&) = default;
};

// Reads a KEY_IKE transform; refuses duplicates, unknown attributes, kilobyte lifetimes and
// AES without a key length (RFC 2409 App. A: variable-length ciphers must say it).
Expected<Phase1Proposal, std::string> parse_phase1_transform(const Transform& t);

Transform build_phase1_transform(const Phase1Policy& policy, std::uint8_t number);
// One ISAKMP proposal with one transform per policy, in priority order (as IOS offers).
SaPayload build_phase1_sa(std::span<const Phase1Policy> policies);

struct Phase1Selection {
  Phase1Proposal proposal;
  std::uint16_t policy_priority = 0;
  Transform transform;  // the initiator's transform, echoed unchanged in MM2
  std::uint8_t proposal_number = 1;
};

// Responder side. The error text lists why nothing matched, for the log.
Expected<Phase1Selection, std::string> select_phase1(std::span<const Phase1Policy> policies,
                                                     const SaPayload& offer);
// The SA payload a responder returns: the chosen proposal with only the chosen transform.
SaPayload phase1_reply_sa(const Phase1Selection& selection);

// Initiator side: the reply must hold exactly one proposal with one transform that matches
// one we offered, with a lifetime no longer than ours (RFC 2408 §4.2).
Expected<Phase1Proposal, std::string> accept_phase1_reply(std::span<const Phase1Policy> offered,
                                                          const SaPayload& reply);

}  // namespace havpnc::ike
