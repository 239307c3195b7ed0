#pragma once
// Which ESP SA pair serves which crypto map peer. Quick mode hands over a ChildSa; the
// store keys both esp::EspSa halves from it (inbound into the SPI table the receive path
// looks up, outbound kept with its peer) and remembers what `show crypto ipsec sa` prints.
// IOS negotiates one SA pair per permit line of the crypto ACL, so a pair belongs to a
// (peer, ACL line); the line is derived from the pair's selector, whoever installs it (a
// quick mode of either role, an SSO takeover). The newest pair of a (peer, line) carries its
// outbound traffic; older pairs keep decrypting until IKE deletes them or they expire, as
// IOS does across a rekey.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "runtime/core/time.h"
#include "runtime/esp/sa.h"
#include "runtime/esp/sa_table.h"
#include "runtime/ike/child_sa.h"

namespace havpnc::crypto {

struct SaBinding {
  std::size_t peer = 0;  // the component's peer slot
  std::size_t line = 0;  // index of its permit line in the entry's ACL (deny lines count)
  std::uint32_t inbound_spi = 0;
  std::uint32_t outbound_spi = 0;
  ike::TrafficSelector selector;  // this side's view
  ike::IpsecTransform transform;
  std::optional<ike::crypto::DhGroup> pfs_group;
  ike::Endpoint local;
  ike::Endpoint remote;
  bool udp_encapsulated = false;  // RFC 3948: ESP goes in UDP 4500, not as protocol 50
  TimePoint established_at{};
  std::uint32_t lifetime_seconds = 0;    // negotiated (RESPONDER-LIFETIME applied)
  std::uint64_t lifetime_kilobytes = 0;  // 0 = no volume limit
  std::uint32_t connection_id = 0;  // IOS "conn id" of the inbound half; outbound is +1
  std::uint64_t invalid_identity = 0;  // decrypted, but outside the selectors (RFC 4301 §5.2)
  std::uint64_t inner_malformed = 0;   // decrypted, but not an IPv4 packet
  std::unique_ptr<esp::EspSa> outbound;
  esp::EspSa* inbound = nullptr;  // owned by the store's SaTable
};

class SaBindings {
 public:
  // The entry's ACL as proxies, one per line (nullopt: a deny line). Without it every pair
  // of the peer is line 0.
  void set_acl_lines(std::size_t peer, std::vector<std::optional<ike::TrafficSelector>> lines);
  // The first permit line whose proxies hold `selector` (this side's view): the line a
  // quick mode for that selector was negotiated for. nullopt when none does.
  std::optional<std::size_t> line_for_selector(std::size_t peer,
                                               const ike::TrafficSelector& selector) const;
  // Keys both halves, bound to line_for_selector(peer, child.selector). On failure (no
  // permit line holds the selector, a key or SPI problem) nothing is installed and `error`
  // says why (never a key).
  bool install(std::size_t peer, const ike::ChildSa& child, std::uint32_t replay_window,
               TimePoint now, std::string* error);
  // Removes the pair that has either SPI. False when there is none.
  bool remove(std::uint32_t inbound_spi, std::uint32_t outbound_spi);
  // Every pair of a peer (peer dead). Returns how many.
  std::size_t remove_peer(std::size_t peer);
  // Pairs whose hard lifetime passed (by time or volume). Returns the removed SPIs.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> expire(TimePoint now);

  // The newest pair of a peer's ACL line with a live outbound SA.
  SaBinding* outbound_for(std::size_t peer, std::size_t line);
  SaBinding* by_inbound_spi(std::uint32_t spi);
  esp::SaTable& inbound_table() { return table_; }
  const esp::SaTable& inbound_table() const { return table_; }
  const std::vector<SaBinding>& all() const { return bindings_; }
  // Earliest hard-lifetime deadline over every SA; TimePoint::max() if none.
  TimePoint next_expiry() const;

 private:
  std::vector<SaBinding> bindings_;  // install order
  std::vector<std::vector<std::optional<ike::TrafficSelector>>> acl_lines_;  // per peer
  esp::SaTable table_;
  std::uint32_t next_connection_id_ = 2001;
};

}  // namespace havpnc::crypto
