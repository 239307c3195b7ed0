#include "runtime/crypto/sa_bindings.h"

#include <algorithm>

#include "runtime/ike/esp_sa_params.h"

namespace havpnc::crypto {

void SaBindings::set_acl_lines(std::size_t peer,
                               std::vector<std::optional<ike::TrafficSelector>> lines) {
  if (acl_lines_.size() <= peer) acl_lines_.resize(peer + 1);
  acl_lines_[peer] = std::move(lines);
}

std::optional<std::size_t> SaBindings::line_for_selector(
    std::size_t peer, const ike::TrafficSelector& selector) const {
  if (peer >= acl_lines_.size() || acl_lines_[peer].empty()) return 0;
  const auto& lines = acl_lines_[peer];
  const ike::ProxyIdentity local{selector.local, selector.protocol, selector.local_port};
  const ike::ProxyIdentity remote{selector.remote, selector.protocol, selector.remote_port};
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (!lines[i]) continue;
    const ike::TrafficSelector& l = *lines[i];
    if (ike::contains({l.local, l.protocol, l.local_port}, local) &&
        ike::contains({l.remote, l.protocol, l.remote_port}, remote))
      return i;
  }
  return std::nullopt;
}

bool SaBindings::install(std::size_t peer, const ike::ChildSa& child,
                         std::uint32_t replay_window, TimePoint now, std::string* error) {
  // A pair outside every permit line (a replicated SA of another configuration) would be
  // chosen for no traffic and its inbound policy would contradict the ACL: refused.
  const auto line = line_for_selector(peer, child.selector);
  if (!line) {
    if (error) *error = "proxies " + ike::to_string(child.selector) + " match no permit line";
    return false;
  }
  auto params = ike::esp_sa_params(child);
  if (!params) {
    if (error) *error = params.error();
    return false;
  }
  params->inbound.replay_window = replay_window;
  std::string why;
  auto inbound = esp::EspSa::create(std::move(params->inbound), now, &why);
  auto outbound = inbound ? esp::EspSa::create(std::move(params->outbound), now, &why) : nullptr;
  if (!inbound || !outbound) {
    if (error) *error = why;
    return false;
  }
  esp::EspSa* in = inbound.get();
  if (!table_.add(std::move(inbound))) {
    if (error) *error = "inbound SPI already in use";
    return false;
  }
  SaBinding b;
  b.peer = peer;
  b.line = *line;
  b.inbound_spi = child.inbound_spi;
  b.outbound_spi = child.outbound_spi;
  b.selector = child.selector;
  b.transform = child.transform;
  b.pfs_group = child.pfs_group;
  b.local = child.local;
  b.remote = child.remote;
  b.udp_encapsulated = child.encapsulation == ike::kEncapsulationUdpTunnel ||
                       child.encapsulation == ike::kEncapsulationUdpTunnelDraft;
  b.established_at = child.established_at;
  b.lifetime_seconds = child.lifetime_seconds;
  b.lifetime_kilobytes = child.lifetime_kilobytes;
  b.connection_id = next_connection_id_;
  next_connection_id_ += 2;
  b.outbound = std::move(outbound);
  b.inbound = in;
  bindings_.push_back(std::move(b));
  return true;
}

bool SaBindings::remove(std::uint32_t inbound_spi, std::uint32_t outbound_spi) {
  auto it = std::find_if(bindings_.begin(), bindings_.end(), [&](const SaBinding& b) {
    return b.inbound_spi == inbound_spi || b.outbound_spi == outbound_spi;
  });
  if (it == bindings_.end()) return false;
  table_.remove(it->inbound_spi);
  bindings_.erase(it);
  return true;
}

std::size_t SaBindings::remove_peer(std::size_t peer) {
  std::size_t n = 0;
  for (auto it = bindings_.begin(); it != bindings_.end();) {
    if (it->peer != peer) {
      ++it;
      continue;
    }
    table_.remove(it->inbound_spi);
    it = bindings_.erase(it);
    ++n;
  }
  return n;
}

std::vector<std::pair<std::uint32_t, std::uint32_t>> SaBindings::expire(TimePoint now) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> gone;
  for (auto it = bindings_.begin(); it != bindings_.end();) {
    it->inbound->poll_lifetime(now);
    it->outbound->poll_lifetime(now);
    if (!it->inbound->lifetime().hard_expired() && !it->outbound->lifetime().hard_expired()) {
      ++it;
      continue;
    }
    gone.emplace_back(it->inbound_spi, it->outbound_spi);
    table_.remove(it->inbound_spi);
    it = bindings_.erase(it);
  }
  return gone;
}

SaBinding* SaBindings::outbound_for(std::size_t peer, std::size_t line) {
  for (auto it = bindings_.rbegin(); it != bindings_.rend(); ++it) {
    if (it->peer == peer && it->line == line && !it->outbound->lifetime().hard_expired())
      return &*it;
  }
  return nullptr;
}

SaBinding* SaBindings::by_inbound_spi(std::uint32_t spi) {
  for (auto& b : bindings_)
    if (b.inbound_spi == spi) return &b;
  return nullptr;
}

TimePoint SaBindings::next_expiry() const {
  TimePoint t = TimePoint::max();
  for (const auto& b : bindings_) {
    t = std::min({t, b.inbound->lifetime().hard_deadline(), b.outbound->lifetime().hard_deadline()});
  }
  return t;
}

}  // namespace havpnc::crypto
