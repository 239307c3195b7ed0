// ha-peer-replay-window: the standby learns the active router's outbound ESP sequence number
// only every `replay-interval out N` packets, so after a failover the new active router's
// numbers can sit up to N behind what the remote peer last accepted. The peer's anti-replay
// window (RFC 4303 §3.4.3; IOS default 64) must cover that gap, or it drops those packets as
// replays. The seed raises the window to 1024 for an interval of 1000 for this reason.
#include <map>

#include "lint/rules/ha_common.h"
#include "lint/rules/rules.h"
#include "lint/rules/tunnel_common.h"

namespace havpnc::lint::rules {
namespace {

struct Window {
  std::uint32_t size = 0;
  model::SourceRange range;
  bool defaulted = false;
  bool disabled = false;
};

// The window the peer applies to SAs of this entry: the entry's own setting, else the global.
Window window_of(const model::Device& peer, const model::CryptoMapEntry* entry) {
  if (entry != nullptr && entry->replay.disabled) return {0, *entry->replay.disabled, false, true};
  if (entry != nullptr && entry->replay.window_size) {
    return {entry->replay.window_size->value, entry->replay.window_size->range, false, false};
  }
  if (peer.ipsec.replay_disabled) return {0, *peer.ipsec.replay_disabled, false, true};
  return {peer.ipsec.replay_window.value, peer.ipsec.replay_window.range, peer.ipsec.replay_window.defaulted, false};
}

class HaPeerReplayWindow final : public Rule {
 public:
  std::string_view id() const override { return "ha-peer-replay-window"; }
  std::string_view summary() const override {
    return "remote peer's anti-replay window is smaller than the HA pair's `replay-interval out`";
  }
  model::Severity default_severity() const override { return model::Severity::Error; }

  void check_network(const network::Network& net, FindingSink& sink) const override {
    const auto links = tunnel_links(net);
    // One finding per peer entry, naming every HA router whose interval it cannot absorb.
    std::map<std::pair<const model::Device*, const model::CryptoMapEntry*>, Finding> findings;
    std::vector<std::pair<const model::Device*, const model::CryptoMapEntry*>> order;
    for (const auto& ha : links) {
      if (!is_stateful_ha(*ha.local) || is_stateful_ha(*ha.remote)) continue;
      if (ha.map == nullptr || !ha.map->replay_interval || !ha.map->replay_interval->outbound) continue;
      const auto& interval = *ha.map->replay_interval->outbound;
      const model::Device& peer = *ha.remote;
      const TunnelLink* back = nullptr;
      for (const auto& l : links) {
        if (l.local == &peer && l.remote == ha.local) back = &l;
      }
      const Window w = window_of(peer, back != nullptr ? back->entry : nullptr);
      if (w.disabled || w.size >= interval.value) continue;
      const auto key = std::make_pair(&peer, back != nullptr ? back->entry : nullptr);
      auto it = findings.find(key);
      if (it == findings.end()) {
        const model::SourceRange at = w.range.valid() || back == nullptr ? w.range : back->peer.range;
        Finding f = make_finding(
            *this,
            peer.display_name() + ": anti-replay window " + std::to_string(w.size) + (w.defaulted ? " (IOS default)" : "") +
                " is smaller than HA router " + ha.local->display_name() + "'s `crypto map " + ha.map->name.value +
                " redundancy replay-interval outbound " + std::to_string(interval.value) +
                "`; after failover the new active router's sequence numbers can lag by up to that many packets and "
                "this peer drops them as replays (RFC 4303 §3.4.3). Set `crypto ipsec security-association replay "
                "window-size` to at least " + std::to_string(interval.value),
            at, {peer.display_name(), ha.local->display_name()});
        it = findings.emplace(key, std::move(f)).first;
        order.push_back(key);
      } else {
        it->second.devices.push_back(ha.local->display_name());
      }
      add_related(it->second, ha.map->replay_interval->range, ha.local->display_name() + "'s replay-interval");
    }
    for (const auto& key : order) sink.report(std::move(findings.at(key)));
  }
};

}  // namespace

std::unique_ptr<Rule> make_ha_peer_replay_window() { return std::make_unique<HaPeerReplayWindow>(); }

}  // namespace havpnc::lint::rules
