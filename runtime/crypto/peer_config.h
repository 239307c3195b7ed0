#pragma once
// The plan's crypto maps turned into what the IKE core and the data path need, one
// PeerSetup per (crypto map entry, `set peer` address): the IkeSession configuration with the
// PSK found by peer address (`crypto isakmp key K address A M`, the most specific one wins
// as in IOS), the ISAKMP policies, transform sets, PFS, lifetimes and DPD, and the address
// IKE and ESP leave from: the crypto map interface's address, the interface named by
// `crypto map NAME local-address`, or the HSRP virtual IP when the map is bound with
// `redundancy GROUP` (IOS "Stateful Failover for IPsec": IKE and ESP use the VIP).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "runtime/ike/ike_session.h"
#include "runtime/ike/result.h"
#include "runtime/plan/plan.h"

namespace havpnc::crypto {

struct PeerSetup {
  std::string map;             // crypto map name
  std::uint32_t sequence = 0;  // entry sequence number
  std::string interface;       // IOS name of the interface the map is bound to
  std::optional<std::string> redundancy_group;
  std::string acl;             // `match address`, for show
  std::vector<plan::TrafficSelector> selectors;  // every ACL line, in order
  std::uint32_t replay_window = 64;
  // `crypto isakmp nat keepalive S` (RFC 3948 §2.3); none when the plan has no such line.
  std::optional<std::uint32_t> nat_keepalive_seconds;
  ike::SessionConfig session;  // main_mode.local/remote are the IKE endpoints
  bool initiates = true;       // the entry's first peer: traffic starts IKE toward it
};

struct PeerSetups {
  std::vector<PeerSetup> peers;     // map binding order, then sequence, then `set peer` order
  std::vector<std::string> notes;   // things skipped (unsupported policy or transform set)
};

// Fails with a reason (never a key) when a bound crypto map cannot run: no address on its
// interface, no VIP on its redundancy group, no key for a peer, no usable ISAKMP policy or
// transform set, or an entry without a permit line.
ike::Expected<PeerSetups, std::string> build_peer_setups(const plan::Plan& plan);

// One ACL line as quick mode proxy identities (this side's view); nullopt for a deny line.
// IKEv1 IDs carry one port or none: a port range becomes "any".
std::optional<ike::TrafficSelector> line_proxies(const plan::TrafficSelector& line);
// The entry's first permit line: the default quick mode of a session (IOS negotiates one SA
// per permit line; the component asks for each line's own, see README).
std::optional<ike::TrafficSelector> proxy_selector(const std::vector<plan::TrafficSelector>& lines);

}  // namespace havpnc::crypto
