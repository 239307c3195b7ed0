#pragma once
// IOS defaults havpnc fills in, each marked `defaulted` in the model so a rule can tell a
// value someone chose from one nobody chose. Documented in docs/model.md.
#include <cstdint>

#include "compiler/model/crypto_enums.h"

namespace havpnc::model::defaults {

// crypto isakmp policy (IOS 15.x "show crypto isakmp default policy")
inline constexpr IkeCipher kIsakmpEncryption = IkeCipher::Des;
inline constexpr IkeHash kIsakmpHash = IkeHash::Sha1;
inline constexpr IkeAuth kIsakmpAuthentication = IkeAuth::RsaSig;
inline constexpr DhGroup kIsakmpGroup = DhGroup::G1;
inline constexpr std::uint32_t kIsakmpLifetimeSeconds = 86400;

// crypto isakmp keepalive SECONDS [RETRY]: retry defaults to 2 s, mode to on-demand.
inline constexpr std::uint32_t kDpdRetrySeconds = 2;

// crypto ipsec security-association
inline constexpr std::uint32_t kReplayWindow = 64;
inline constexpr std::uint32_t kIpsecLifetimeSeconds = 3600;
inline constexpr std::uint64_t kIpsecLifetimeKilobytes = 4608000;

// standby (RFC 2281 §5.4 and IOS)
inline constexpr std::uint32_t kHsrpGroup = 0;
inline constexpr std::uint32_t kHsrpPriority = 100;
inline constexpr std::uint32_t kHsrpHelloMs = 3000;
inline constexpr std::uint32_t kHsrpHoldMs = 10000;
inline constexpr std::uint32_t kHsrpVersion = 1;
inline constexpr std::uint32_t kHsrpTrackDecrement = 10;
inline constexpr const char* kHsrpTextAuthentication = "cisco";

// ipc zone default / association (IOS defaults, also what the seed configures)
inline constexpr std::uint32_t kSctpRetransmitMinMs = 300;
inline constexpr std::uint32_t kSctpRetransmitMaxMs = 10000;
inline constexpr std::uint32_t kSctpPathRetransmit = 5;
inline constexpr std::uint32_t kSctpAssocRetransmit = 5;

}  // namespace havpnc::model::defaults
