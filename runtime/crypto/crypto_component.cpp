#include "runtime/crypto/crypto_component.h"

#include <algorithm>

#include "runtime/crypto/crypto_show.h"
#include "runtime/crypto/inbound_policy.h"

namespace havpnc::crypto {

namespace {

// A traffic-triggered quick mode that has not produced an SA is retried after the IKE
// retransmission policy would have given it up (10 s x (1 + 5 resends)).
constexpr Duration kQuickModeRetry = seconds(60);

std::vector<ClassifierEntry> classifier_entries(const std::vector<PeerSetup>& peers) {
  std::vector<ClassifierEntry> entries;
  for (std::size_t i = 0; i < peers.size(); ++i)
    if (peers[i].initiates) entries.push_back(ClassifierEntry{i, peers[i].selectors});
  return entries;
}

// RFC 2408 §3.1: an MM1 has a zero responder cookie, exchange type 2, message ID 0.
bool is_main_mode_start(std::span<const std::uint8_t> p) {
  if (p.size() < 28) return false;
  for (std::size_t i = 8; i < 16; ++i)
    if (p[i] != 0) return false;
  return p[18] == 2;
}

}  // namespace

CryptoComponent::CryptoComponent(PeerSetups setups, CryptoOptions options,
                                 ike::crypto::RandomSource& random, esp::IvSource& ivs,
                                 PacketSink& sink)
    : options_(std::move(options)),
      random_(&random),
      ivs_(&ivs),
      sink_(&sink),
      classifier_(classifier_entries(setups.peers)) {
  for (std::size_t i = 0; i < setups.peers.size(); ++i) {
    auto slot = std::make_unique<PeerSlot>();
    slot->setup = std::move(setups.peers[i]);
    slot->binding.local = slot->setup.session.main_mode.local;
    slot->binding.interface = slot->setup.interface;
    slot->binding.timer_key = static_cast<engine::TimerKey>(i);
    slot->incoming_binding = slot->binding;
    slot->incoming_binding.timer_key = kIncomingTimerBase + static_cast<engine::TimerKey>(i);
    slot->pending.assign(slot->setup.selectors.size(), PendingQueue(options_.pending));
    // SAs bind to the permit line whose proxies hold their selector (sa_bindings.h).
    std::vector<std::optional<ike::TrafficSelector>> lines;
    for (const auto& line : slot->setup.selectors) lines.push_back(line_proxies(line));
    sas_.set_acl_lines(i, std::move(lines));
    slots_.push_back(std::move(slot));
  }
}

TimePoint CryptoComponent::show_now() const {
  return options_.show_clock ? options_.show_clock() : last_now_;
}

std::vector<engine::Subscription> CryptoComponent::subscriptions() const {
  return {{engine::Transport::Udp, ike::kIkePort},
          {engine::Transport::Udp, ike::kNatTraversalPort},
          {engine::Transport::Esp, 0}};
}

void CryptoComponent::register_show(control::ShowRegistry& registry) {
  register_crypto_show(registry, *this);
}

void CryptoComponent::start(TimePoint now, engine::Actions& out) {
  last_now_ = now;
  // Traffic for the remote side of every crypto ACL is routed into the TUN, where it is
  // classified and encrypted (ARCHITECTURE.md "Runtime").
  std::vector<engine::Route> routes;
  for (const auto& slot : slots_) {
    for (const auto& line : slot->setup.selectors) {
      if (line.action != plan::SelectorAction::Permit) continue;
      engine::Route r{line.remote.network().bits, static_cast<std::uint8_t>(line.remote.length),
                      options_.tun_interface, 0};
      if (std::find(routes.begin(), routes.end(), r) == routes.end()) routes.push_back(r);
    }
  }
  for (auto& r : routes) out.emplace_back(engine::AddRoute{std::move(r)});
}

// ---- IKE -----------------------------------------------------------------------------------

void CryptoComponent::new_session(std::size_t i, ike::IkeRole role) {
  PeerSlot& s = *slots_[i];
  s.session.reset();
  s.role = role;
  s.quick_mode_started.reset();
  if (role == ike::IkeRole::Initiator)
    s.session.emplace(ike::IkeSession::initiator(s.setup.session, *random_, s.ike_counters));
  else
    s.session.emplace(ike::IkeSession::responder(s.setup.session, *random_, s.ike_counters));
}

std::optional<std::size_t> CryptoComponent::slot_for_peer(std::uint32_t address) const {
  for (std::size_t i = 0; i < slots_.size(); ++i)
    if (host_order(slots_[i]->setup.session.main_mode.remote.address) == address) return i;
  return std::nullopt;
}

void CryptoComponent::inbound_ike(const engine::Datagram& d, TimePoint now, engine::Actions& out) {
  ++counters_.ike_received;
  // From UDP 4500 the source port goes with the message: the session moves its replies
  // there only if the message authenticates (RFC 3947 §5; ike_session.h).
  const bool nat_t = d.destination_port == ike::kNatTraversalPort;
  auto receive = [&](ike::IkeSession& session) {
    return nat_t ? session.receive(now, d.payload, d.source_port) : session.receive(now, d.payload);
  };
  auto found = slot_for_peer(d.source);
  if (!found) {
    ++counters_.ike_unknown_peer;
    return;
  }
  const std::size_t i = *found;
  PeerSlot& s = *slots_[i];
  const bool mm1 = is_main_mode_start(d.payload);
  if (!s.session) {
    if (!mm1) {
      ++counters_.ike_no_session;
      return;
    }
    new_session(i, ike::IkeRole::Responder);
  } else if (mm1 && s.session->ike_sa()) {
    if (!s.incoming)
      s.incoming.emplace(ike::IkeSession::responder(s.setup.session, *random_, s.ike_counters));
    apply_incoming(i, receive(*s.incoming), now, out);
    return;
  } else if (mm1 && s.role == ike::IkeRole::Initiator) {
    const std::uint32_t local = host_order(s.setup.session.main_mode.local.address);
    if (s.session->next_deadline() != TimePoint::max()) {
      ++counters_.ike_collisions;
      if (local < d.source) return;  // ours goes on; the peer answers it (see header)
    }
    new_session(i, ike::IkeRole::Responder);
  } else if (s.incoming && s.session->ike_sa() && d.payload.size() >= 8 &&
             !std::equal(s.session->ike_sa()->initiator_cookie.begin(),
                         s.session->ike_sa()->initiator_cookie.end(), d.payload.begin())) {
    // Not our established SA's cookie: the exchange running beside it.
    apply_incoming(i, receive(*s.incoming), now, out);
    return;
  }
  apply(i, receive(*s.session), now, out);
}

void CryptoComponent::track_connection_id(PeerSlot& s) {
  const ike::IkeSa* sa = s.session ? s.session->ike_sa() : nullptr;
  if (!sa) {
    s.connection_id = 0;
    return;
  }
  if (s.connection_id == 0 || s.connection_cookie != sa->initiator_cookie) {
    s.connection_id = next_connection_id_++;
    s.connection_cookie = sa->initiator_cookie;
    if (key_export_) key_export_->ike_sa_established(*sa);
    // The session starts the quick modes asked for during main mode as soon as it is done:
    // their retry clock starts now.
    for (auto& [line, started] : s.quick_mode_started.by_line) started = sa->established_at;
  }
}

void CryptoComponent::apply(std::size_t i, ike::Actions actions, TimePoint now,
                            engine::Actions& out) {
  PeerSlot& s = *slots_[i];
  const std::size_t first = out.size();
  ike::Actions rest = engine::adapt_ike(std::move(actions), s.binding, out);
  add_non_esp_markers(out, first, nat_t_);
  track_connection_id(s);
  report_ike_sa(s, now);
  arm_nat_keepalive(i, now, out);
  if (s.session) {
    // The session re-arms with every answer it gives; a deadline of max leaves the earlier
    // host timer in place, which then fires harmlessly.
    const TimePoint t = s.session->next_deadline();
    if (t != TimePoint::max()) s.armed = t;
  }
  for (auto& a : rest) {
    if (auto* install_sa = std::get_if<ike::InstallChildSa>(&a)) {
      install(i, install_sa->sa, now, out);
    } else if (auto* remove_sa = std::get_if<ike::RemoveChildSa>(&a)) {
      if (sas_.remove(remove_sa->inbound_spi, remove_sa->outbound_spi)) {
        ++counters_.sa_removed;
        report_removed(remove_sa->inbound_spi, remove_sa->outbound_spi, now);
      }
    } else if (auto* deleted = std::get_if<ike::IkeSaDeleted>(&a)) {
      if (key_export_) key_export_->ike_sa_deleted(deleted->initiator_cookie);
      if (observer_ && redundancy_active_)
        observer_->ike_sa_deleted(deleted->initiator_cookie, deleted->responder_cookie, now);
      s.reported_cookie = {};
      // Peer dead or ISAKMP SA deleted: nothing queued will be sent on its behalf.
      discard_pending(s);
      s.quick_mode_started.reset();
    }
  }
}

void CryptoComponent::apply_incoming(std::size_t i, ike::Actions actions, TimePoint now,
                                    engine::Actions& out) {
  PeerSlot& s = *slots_[i];
  const std::size_t first = out.size();
  ike::Actions rest = engine::adapt_ike(std::move(actions), s.incoming_binding, out);
  add_non_esp_markers(out, first, nat_t_);
  if (!s.incoming->ike_sa()) {
    if (s.incoming->next_deadline() == TimePoint::max()) s.incoming.reset();  // given up
    return;
  }
  // Authenticated: the peer really restarted. Its old IPsec SAs are gone on its side
  // (RFC 2407 §4.6.3.3 INITIAL-CONTACT says the same), and so is the old ISAKMP SA.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> gone;
  for (const auto& b : sas_.all())
    if (b.peer == i) gone.emplace_back(b.inbound_spi, b.outbound_spi);
  counters_.sa_removed += sas_.remove_peer(i);
  for (const auto& [in, outb] : gone) report_removed(in, outb, now);
  if (key_export_ && s.session && s.session->ike_sa())
    key_export_->ike_sa_deleted(s.session->ike_sa()->initiator_cookie);
  if (observer_ && redundancy_active_ && s.session && s.session->ike_sa())
    observer_->ike_sa_deleted(s.session->ike_sa()->initiator_cookie,
                              s.session->ike_sa()->responder_cookie, now);
  s.session.reset();
  s.session.emplace(std::move(*s.incoming));
  s.incoming.reset();
  s.role = ike::IkeRole::Responder;
  s.quick_mode_started.reset();
  s.armed = TimePoint::max();
  apply(i, std::move(rest), now, out);
  rearm(i, out);
}

void CryptoComponent::install(std::size_t i, const ike::ChildSa& child, TimePoint now,
                              engine::Actions& out) {
  PeerSlot& s = *slots_[i];
  std::string error;
  if (!sas_.install(i, child, s.setup.replay_window, now, &error)) {
    ++counters_.sa_install_failed;
    out.emplace_back(LogRecord{"CRYPTO", Severity::Warning, "IPSEC_SA_INSTALL_FAILED",
                               "IPsec SA with peer " + ike::to_string(child.remote.address) +
                                   " not installed: " + error});
    return;
  }
  ++counters_.sa_installed;
  if (key_export_) key_export_->ipsec_sa_installed(child);
  if (observer_ && redundancy_active_) observer_->ipsec_sa_added(child, s.setup.replay_window, now);
  const SaBinding* bound = sas_.by_inbound_spi(child.inbound_spi);
  const std::size_t line = bound ? bound->line : 0;
  s.quick_mode_started.by_line.erase(line);
  arm_expiry(out);
  // Queued packets of this entry's line leave now, oldest first.
  for (std::size_t j = 0; j < slots_.size(); ++j) {
    PeerSlot& q = *slots_[j];
    if (q.setup.map != s.setup.map || q.setup.sequence != s.setup.sequence) continue;
    if (line >= q.pending.size()) continue;
    for (auto& packet : q.pending[line].take()) {
      if (SaBinding* sa = sas_.outbound_for(i, line)) encrypt(*sa, packet, now, out);
    }
  }
  // Other lines still waiting (traffic that came while we answered the peer's main mode):
  // their own quick modes, now that the ISAKMP SA is up.
  for (std::size_t l = 0; l < s.pending.size(); ++l)
    if (s.pending[l].size() && !outbound_sa_for_entry(i, l)) ensure_sa(i, l, now, out);
}

void CryptoComponent::discard_pending(PeerSlot& s) {
  for (PendingQueue& q : s.pending) {
    counters_.outbound_queue_discarded += q.size();
    q.discard();
  }
}

void CryptoComponent::ensure_sa(std::size_t i, std::size_t line, TimePoint now,
                                engine::Actions& out) {
  PeerSlot& s = *slots_[i];
  if (line >= s.setup.selectors.size()) return;
  // IOS negotiates one SA pair per permit line, with that line as proxy identities.
  const auto proxies = line_proxies(s.setup.selectors[line]);
  if (!proxies) return;
  auto& started = s.quick_mode_started.by_line;
  const bool idle = !s.session ||
                    (!s.session->ike_sa() && s.session->next_deadline() == TimePoint::max());
  if (idle) {
    // Nothing running: a fresh initiator session (replacing an idle responder one, or one
    // whose main mode was given up together with the lines that waited on it); the line's
    // quick mode waits in the session for main mode.
    new_session(i, ike::IkeRole::Initiator);
    ++counters_.initiations;
    started[line] = now;
    apply(i, s.session->initiate_quick_mode(now, *proxies), now, out);
    apply(i, s.session->start(now), now, out);
    return;
  }
  if (!s.session->ike_sa()) {
    // Main mode running. Ours: this line's quick mode joins the ones waiting for it. The
    // peer's: its quick mode follows, and install() starts the lines still waiting.
    if (s.role != ike::IkeRole::Initiator || started.count(line)) return;
    started[line] = now;
    apply(i, s.session->initiate_quick_mode(now, *proxies), now, out);
    return;
  }
  if (auto it = started.find(line); it != started.end() && now - it->second < kQuickModeRetry)
    return;
  started[line] = now;
  ++counters_.quick_mode_initiations;
  apply(i, s.session->initiate_quick_mode(now, *proxies), now, out);
}

// ---- data path ------------------------------------------------------------------------------

SaBinding* CryptoComponent::outbound_sa_for_entry(std::size_t i, std::size_t line) {
  const PeerSlot& e = *slots_[i];
  for (std::size_t j = 0; j < slots_.size(); ++j) {
    const PeerSlot& s = *slots_[j];
    if (s.setup.map != e.setup.map || s.setup.sequence != e.setup.sequence) continue;
    if (SaBinding* sa = sas_.outbound_for(j, line)) return sa;
  }
  return nullptr;
}

void CryptoComponent::outbound_packet(std::span<const std::uint8_t> packet, TimePoint now,
                                      engine::Actions& out) {
  last_now_ = now;
  ++counters_.outbound_packets;
  if (!redundancy_active_) {
    ++standby_drops_;
    return;
  }
  const FlowResult parsed = parse_flow(packet);
  if (!parsed.flow) {
    ++counters_.outbound_malformed;
    return;
  }
  const auto match = classifier_.classify(*parsed.flow);
  if (!match) {
    ++counters_.outbound_no_selector;
    return;
  }
  // The pair must cover the packet (RFC 4301 §5.1): a pair the peer narrowed below the ACL
  // line as responder does not carry the rest of the line; that traffic asks for its own.
  SaBinding* sa = outbound_sa_for_entry(match->id, match->line);
  if (sa && inbound_allowed(sa->selector.mirrored(), *parsed.flow)) {
    encrypt(*sa, packet, now, out);
    return;
  }
  PeerSlot& s = *slots_[match->id];
  if (match->line < s.pending.size() &&
      s.pending[match->line].push(std::vector<std::uint8_t>(packet.begin(), packet.end())))
    ++counters_.outbound_queued;
  else
    ++counters_.outbound_queue_overflow;
  ensure_sa(match->id, match->line, now, out);
  rearm(match->id, out);
}

void CryptoComponent::encrypt(SaBinding& sa, std::span<const std::uint8_t> packet, TimePoint now,
                              engine::Actions& out) {
  engine::Bytes wire(sa.outbound->encapsulated_size(packet.size()));
  const esp::EncapResult r = sa.outbound->encapsulate(packet, now, *ivs_, wire);
  if (r.status != esp::EncapStatus::Ok) {
    ++counters_.outbound_encrypt_refused;
    if (r.status == esp::EncapStatus::LifetimeExpired) expire_now(now, out);
    return;
  }
  wire.resize(r.length);
  ++counters_.outbound_encrypted;
  if (observer_)
    observer_->outbound_progress(sa.inbound_spi, sa.outbound_spi, sa.outbound->next_sequence(),
                                 sa.outbound->lifetime().bytes(), now);
  PeerSlot& s = *slots_[sa.peer];
  out.emplace_back(esp_datagram(sa, std::move(wire)));
  if (r.lifetime == esp::LifetimeEvent::Hard) expire_now(now, out);
  if (s.session) {
    s.session->outbound_traffic(now);  // on-demand DPD (RFC 3706 §5.5)
    rearm(sa.peer, out);
  }
  if (r.lifetime == esp::LifetimeEvent::Soft) start_rekeys(now, out);  // kilobytes
}

void CryptoComponent::inbound_esp(const engine::Datagram& d, TimePoint now, engine::Actions& out) {
  ++counters_.esp_received;
  scratch_.resize(d.payload.size());
  const esp::DecapResult r = sas_.inbound_table().decapsulate(d.payload, now, scratch_);
  if (r.lifetime == esp::LifetimeEvent::Hard) expire_now(now, out);
  if (r.drop != esp::DropReason::None) {
    ++counters_.esp_dropped;
    return;
  }
  SaBinding* sa = sas_.by_inbound_spi(r.spi);
  const FlowResult parsed = parse_flow(r.inner);
  if (!parsed.flow) {
    ++counters_.inner_malformed;
    if (sa) ++sa->inner_malformed;
    return;
  }
  if (!sa || !inbound_allowed(sa->selector, *parsed.flow)) {
    ++counters_.inner_policy_drops;
    if (sa) ++sa->invalid_identity;
    return;
  }
  PeerSlot& s = *slots_[sa->peer];
  // RFC 3948 §2: ESP in UDP that verified (ICV, replay) may move the NAT mapping we answer
  // to; an unauthenticated datagram never does.
  if (s.session && sa->udp_encapsulated && d.transport == engine::Transport::Udp &&
      d.source == host_order(sa->remote.address) && s.session->nat_t_floated() &&
      s.session->peer_endpoint().port != d.source_port) {
    s.session->heard_on_nat_t_port(d.source_port);
    report_ike_sa(s, now);
  }
  if (s.session) {
    s.session->inbound_traffic(now);  // the peer is alive (RFC 3706 §5.5)
    rearm(sa->peer, out);
  }
  ++counters_.delivered;
  if (observer_)
    observer_->inbound_progress(sa->inbound_spi, sa->outbound_spi,
                                sa->inbound->replay_window().highest(),
                                sa->inbound->lifetime().bytes(), now);
  sink_->write(r.inner);
}

void CryptoComponent::datagram(const engine::Datagram& d, TimePoint now, engine::Actions& out) {
  last_now_ = now;
  if (!redundancy_active_) {
    ++standby_drops_;
    return;
  }
  if (d.transport == engine::Transport::Esp) {
    inbound_esp(d, now, out);
  } else if (d.destination_port == ike::kIkePort) {
    inbound_ike(d, now, out);
  } else {
    inbound_nat_t(d, now, out);
  }
}

// ---- timers ---------------------------------------------------------------------------------

void CryptoComponent::rearm(std::size_t i, engine::Actions& out) {
  PeerSlot& s = *slots_[i];
  if (!s.session) return;
  const TimePoint t = s.session->next_deadline();
  if (t < s.armed) {
    s.armed = t;
    out.emplace_back(engine::ArmTimer{s.binding.timer_key, t});
  }
}

void CryptoComponent::arm_expiry(engine::Actions& out) {
  const TimePoint t = std::min(sas_.next_expiry(), rekey_deadline());
  if (t == TimePoint::max() || t == expiry_armed_) return;
  expiry_armed_ = t;
  out.emplace_back(engine::ArmTimer{kExpiryTimer, t});
}

// A volume (kilobyte) limit is reached by a packet, not at a deadline: sweep right away.
void CryptoComponent::expire_now(TimePoint now, engine::Actions& out) {
  if (expiry_armed_ <= now) return;
  expiry_armed_ = now;
  out.emplace_back(engine::ArmTimer{kExpiryTimer, now});
}

void CryptoComponent::timer(engine::TimerKey key, TimePoint now, engine::Actions& out) {
  last_now_ = now;
  if (key == kExpiryTimer) {
    expiry_armed_ = TimePoint::max();
    const auto expired = sas_.expire(now);
    counters_.sa_expired += expired.size();
    for (const auto& [in, outb] : expired) report_removed(in, outb, now);
    start_rekeys(now, out);
    arm_expiry(out);
    return;
  }
  if (nat_keepalive_timer(key, now, out)) return;
  if (key >= kIncomingTimerBase && key - kIncomingTimerBase < slots_.size()) {
    PeerSlot& s = *slots_[key - kIncomingTimerBase];
    if (s.incoming) apply_incoming(key - kIncomingTimerBase, s.incoming->timer(now), now, out);
    return;
  }
  if (key >= slots_.size()) return;
  PeerSlot& s = *slots_[key];
  s.armed = TimePoint::max();
  if (!s.session) return;
  apply(key, s.session->timer(now), now, out);
  // A main mode that was given up leaves nothing queued behind it.
  if (!s.session->ike_sa() && s.session->next_deadline() == TimePoint::max()) discard_pending(s);
}

// ---- stateful redundancy (SSO) -------------------------------------------------------------

void CryptoComponent::report_ike_sa(PeerSlot& s, TimePoint now) {
  if (!observer_ || !redundancy_active_ || !s.session) return;
  const ike::IkeSa* sa = s.session->ike_sa();
  if (!sa) return;
  const ike::Dpd* dpd = s.session->dpd();
  const std::uint32_t next = dpd ? dpd->next_sequence() : 0;
  const auto peer = dpd ? dpd->peer_sequence() : std::nullopt;
  // A NAT that rebinds moves the peer's port (RFC 3947 §4): the standby must follow it.
  const std::uint16_t nat_t_port =
      s.session->nat_t_floated() ? s.session->peer_endpoint().port : 0;
  if (s.reported_cookie == sa->initiator_cookie && s.reported_dpd_next == next &&
      s.reported_dpd_peer == peer && s.reported_nat_t_port == nat_t_port)
    return;
  s.reported_cookie = sa->initiator_cookie;
  s.reported_dpd_next = next;
  s.reported_dpd_peer = peer;
  s.reported_nat_t_port = nat_t_port;
  observer_->ike_sa_changed(*sa, dpd, now);
}

void CryptoComponent::report_removed(std::uint32_t inbound_spi, std::uint32_t outbound_spi,
                                     TimePoint now) {
  if (key_export_) key_export_->ipsec_sa_removed(inbound_spi, outbound_spi);
  if (observer_ && redundancy_active_) observer_->ipsec_sa_deleted(inbound_spi, outbound_spi, now);
}

void CryptoComponent::reset_sa_state(TimePoint now, engine::Actions& out) {
  last_now_ = now;
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    PeerSlot& s = *slots_[i];
    counters_.sa_removed += sas_.remove_peer(i);
    discard_pending(s);
    s.session.reset();
    s.incoming.reset();
    s.quick_mode_started.reset();
    s.connection_id = 0;
    s.reported_cookie = {};
    s.armed = TimePoint::max();
    out.emplace_back(engine::CancelTimer{s.binding.timer_key});
    out.emplace_back(engine::CancelTimer{s.incoming_binding.timer_key});
  }
}

}  // namespace havpnc::crypto
