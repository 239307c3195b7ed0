#pragma once
// Which key protects the SSO channel of a device (issue 7), decided once here so the compiler
// (which puts it in the plan) and lint (which warns when there is none, or when the two routers
// of a pair disagree) answer the same way.
//
// IOS: `redundancy inter-device / security ipsec PROFILE` protects the ipc zone's SCTP traffic
// with IPsec using `crypto ipsec profile PROFILE`, authenticated with the ISAKMP pre-shared key
// configured for the association's remote-ip: a global `crypto isakmp key ... address A` or a
// keyring's `pre-shared-key address A key ...` (the longest mask wins, as for any IKE peer; on
// a tie the global key, which IOS consults without a profile). havpnc uses that key as the
// channel secret (runtime/sso/channel_security.h) rather than running IKE between the pair.
//
// havpnc extension: `security key [0|7] KEY` under `redundancy inter-device` names the channel
// key directly, for a pair that wants one without IPsec profile semantics. It wins over
// `security ipsec` when both are configured.
#include <optional>
#include <string>

#include "compiler/model/device.h"

namespace havpnc::model {

struct SsoChannelKey {
  enum class Source { SecurityKey, IsakmpKey, KeyringKey };
  Source source = Source::IsakmpKey;
  const KeyText* key = nullptr;  // never null in a returned value
  SourceRange key_range;         // the line that holds the key
  std::optional<Ipv4> peer;      // the ipc remote-ip the key was looked up for (not for SecurityKey)
  std::string keyring;           // KeyringKey: the keyring's name
  // For people, never containing the key: "crypto isakmp key for 6.6.146.11",
  // "keyring SSO pre-shared-key for 6.6.146.11", "redundancy inter-device security key".
  std::string description() const;
};

// The association SSO runs on: the lowest-numbered `ipc zone default` association that is not
// shut down (what `havpnc run` uses). nullptr when there is none.
const SctpAssociation* sso_association(const Device& device);

// The address whose pre-shared key `security ipsec` needs: the SSO association's first remote-ip.
std::optional<Located<Ipv4>> sso_remote_ip(const Device& device);

// The key, or nullopt: no `redundancy inter-device`, no `security ipsec`/`security key`, no
// remote-ip, or no pre-shared key matches the remote-ip.
std::optional<SsoChannelKey> sso_channel_key(const Device& device);

}  // namespace havpnc::model
