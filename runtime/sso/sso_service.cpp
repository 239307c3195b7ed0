#include "runtime/sso/sso_service.h"

#include <stdexcept>
#include <utility>

#include "runtime/control/show_registry.h"
#include "runtime/sso/ike_esp_bridge.h"

namespace havpnc::sso {

namespace {

// Bulk records handed to the transport before waiting for on_drained: enough to keep the
// association busy, little enough that an update queued behind never waits long (the send
// queue offers updates first anyway, runtime/sctp/send_queue.h).
constexpr std::size_t kBulkHighWater = 1u << 20;

IpsecSaKey key_of(std::uint32_t inbound_spi, std::uint32_t outbound_spi) {
  return IpsecSaKey{inbound_spi, outbound_spi};
}

// The session that holds the active's ISAKMP SA toward `remote`, whose float state and NAT-T
// port live outside ike::IkeSa; nullptr when crypto has none.
const ike::IkeSession* session_toward(const crypto::CryptoComponent* crypto, const ike::Ipv4& remote) {
  if (!crypto) return nullptr;
  for (const auto& slot : crypto->peers()) {
    const ike::IkeSession* s = slot->session ? &*slot->session : nullptr;
    if (s && s->ike_sa() && s->ike_sa()->remote.address == remote) return s;
  }
  return nullptr;
}

}  // namespace

HsrpRole role_of(hsrp::State state) {
  switch (state) {
    case hsrp::State::Active: return HsrpRole::Active;
    case hsrp::State::Standby: return HsrpRole::Standby;
    default: return HsrpRole::Other;
  }
}

std::optional<LogRecord> channel_alarm(const ChannelCounters& before, const ChannelCounters& after,
                                       const std::string& peer, const std::string& key_source) {
  const std::string key = key_source.empty() ? std::string("no channel key") : "the key from " + key_source;
  if (after.count(ChannelError::AuthFailed) > before.count(ChannelError::AuthFailed)) {
    return LogRecord{"CRYPTO", Severity::Error, "SSO_CHANNEL_AUTH",
                     "SSO record from " + peer + " failed AES-256-GCM authentication: the peer's channel key "
                     "differs from " + key + "; no SA state is replicated until both routers have the same key"};
  }
  if (after.count(ChannelError::ModeMismatch) > before.count(ChannelError::ModeMismatch)) {
    return LogRecord{"CRYPTO", Severity::Error, "SSO_CHANNEL_MODE",
                     "SSO peer " + peer + " runs the channel " +
                         (key_source.empty() ? std::string("sealed while this router has no channel key")
                                             : "in the clear while this router seals it with " + key) +
                         "; no SA state is replicated until both routers are configured alike"};
  }
  return std::nullopt;
}

std::optional<SsoServiceConfig> sso_config_from_plan(const plan::Plan& plan) {
  if (!plan.inter_device || !plan.inter_device->scheme_standby) return std::nullopt;
  const std::string& scheme = *plan.inter_device->scheme_standby;
  const plan::HsrpGroup* group = plan.find_hsrp_group_named(scheme);
  if (!group)
    throw std::invalid_argument("redundancy inter-device: scheme standby " + scheme +
                                " names no `standby N name " + scheme + "` group");
  const plan::IpcAssociation* association = nullptr;
  for (const auto& a : plan.ipc_associations)
    if (!a.shutdown) {
      association = &a;
      break;
    }
  if (!association)
    throw std::invalid_argument("redundancy inter-device needs an `ipc zone default` association "
                                "that is not shut down");
  if (association->local_ips.empty() || association->remote_ips.empty())
    throw std::invalid_argument("ipc zone default association " +
                                std::to_string(association->id) +
                                " needs a local-ip and a remote-ip");
  SsoServiceConfig c;
  c.scheme_group = scheme;
  c.association = *association;
  c.node.rf.group_name = scheme;
  c.node.channel.local_id = association->local_ips.front().to_string();
  c.node.channel.remote_id = association->remote_ips.front().to_string();
  if (!plan.inter_device->channel_key.empty()) {
    c.node.channel.secret = plan.inter_device->channel_key;
    c.channel_key_source = plan.inter_device->channel_key_source.value_or("the plan");
  }
  if (group->virtual_ip) c.node.takeover.vip = group->virtual_ip->to_string();
  // The crypto map bound with `redundancy <scheme> stateful` supplies the replay-interval.
  for (const auto& b : plan.crypto_map_bindings) {
    if (b.redundancy_group != scheme) continue;
    if (const plan::CryptoMap* map = plan.find_crypto_map(b.map)) {
      if (map->replay_interval_inbound) c.node.takeover.interval.inbound = *map->replay_interval_inbound;
      if (map->replay_interval_outbound)
        c.node.takeover.interval.outbound = *map->replay_interval_outbound;
    }
  }
  return c;
}

SsoService::SsoService(SsoServiceConfig config, engine::Host& host,
                       crypto::CryptoComponent* crypto, engine::Component* crypto_host,
                       AssociationFactory make_association, ike::crypto::RandomSource& random)
    : config_(std::move(config)),
      host_(&host),
      crypto_(crypto),
      crypto_host_(crypto_host ? crypto_host : crypto),
      make_association_(std::move(make_association)),
      random_(&random),
      node_(config_.node) {}

SsoService::SsoService(SsoServiceConfig config, engine::Host& host,
                       crypto::CryptoComponent* crypto, engine::Component* crypto_host,
                       AssociationFactory make_association,
                       std::unique_ptr<ike::crypto::RandomSource> random)
    : SsoService(std::move(config), host, crypto, crypto_host, std::move(make_association),
                 *random) {
  own_random_ = std::move(random);
}

// The crypto component is not touched here: the host destroys its components in the order
// they were added, crypto before SSO (components.cpp), so it may already be gone. stop()
// detaches the observer while both still live.
SsoService::~SsoService() {
  if (association_) association_->stop();
}

void SsoService::register_show(control::ShowRegistry& registry) {
  registry.add({"show redundancy states", "Redundancy facility: my and the peer's RF state",
                [this] { return show_redundancy_states(status()); },
                [this] { return to_json(status()); }});
  registry.add({"show redundancy inter-device", "Inter-device redundancy: scheme, group, peer",
                [this] { return show_redundancy_inter_device(status()); },
                [this] { return to_json(status()); }});
  registry.add({"show crypto ha", "IPsec stateful failover: VIP, SAs held or published",
                [this] { return show_crypto_ha(status()); },
                [this] { return to_json(status()); }});
}

RedundancyStatus SsoService::status() const {
  RedundancyStatus s = status_of(node_);
  s.group_state = std::string(hsrp::state_name(group_state_));
  s.stamp = stamp_;
  s.security_source = config_.channel_key_source;
  return s;
}

void SsoService::start(TimePoint now, engine::Actions& out) {
  random_->fill(stamp_);
  if (crypto_) {
    crypto_->set_sa_observer(this);
    // Not Active until RF says so: the standby must not answer the VIP's IKE or send ESP.
    crypto_->set_redundancy_active(false);
  }
  started_ = true;
  carry_out(node_.start(now), now, out);
  if (role_of(group_state_) != HsrpRole::Other)
    carry_out(node_.hsrp_changed(role_of(group_state_), now), now, out);
  if (!make_association_) return;
  association_ = make_association_(*this, [this](const LogRecord& r) {
    host_->handle(*this, [r](TimePoint, engine::Actions& o) { o.emplace_back(r); });
  });
  if (!association_) return;
  if (auto error = association_->start()) {
    out.emplace_back(LogRecord{"RF", Severity::Error, "IPC_ASSOCIATION",
                               "ipc zone default association " +
                                   std::to_string(config_.association.id) +
                                   " cannot start: " + *error});
    return;
  }
  out.emplace_back(LogRecord{"RF", Severity::Informational, "IPC_ASSOCIATION",
                             "ipc zone default association " +
                                 std::to_string(config_.association.id) + " to " +
                                 config_.node.channel.remote_id + " runs over " +
                                 std::string(association_->backend()) + " SCTP"});
}

void SsoService::stop(TimePoint, engine::Actions&) {
  if (crypto_) crypto_->set_sa_observer(nullptr);
  if (association_) association_->stop();
}

void SsoService::timer(engine::TimerKey key, TimePoint now, engine::Actions& out) {
  if (key != kTickTimer) return;
  armed_ = TimePoint::max();
  carry_out(node_.tick(now), now, out);
}

void SsoService::event(const std::function<NodeActions(TimePoint)>& step) {
  if (!started_) return;
  host_->handle(*this, [&](TimePoint now, engine::Actions& out) { carry_out(step(now), now, out); });
}

void SsoService::hsrp_state(hsrp::State state) {
  const HsrpRole before = role_of(group_state_);
  group_state_ = state;
  if (role_of(state) == before) return;
  event([&](TimePoint now) { return node_.hsrp_changed(role_of(state), now); });
}

void SsoService::carry_out(NodeActions a, TimePoint now, engine::Actions& out) {
  for (auto& send : a.sends) {
    const sctp::SendResult r =
        association_ ? association_->send(static_cast<sctp::Stream>(send.stream), send.bytes)
                     : sctp::SendResult::NotUp;
    if (r != sctp::SendResult::Queued) ++counters_.send_refused;
  }
  for (auto& l : a.logs) out.emplace_back(std::move(l));
  if (a.reset_sa_state) reset_crypto();
  if (a.takeover) take_over(*a.takeover);
  sync_crypto_role();
  // Bulk sync: feed the transport up to the high-water mark; on_drained asks for more.
  while (node_.bulk_pending() && association_ && association_->is_up() &&
         association_->queued().bytes() < kBulkHighWater) {
    NodeActions more = node_.pump(now);
    if (more.sends.empty() && more.logs.empty()) break;
    for (auto& send : more.sends)
      if (association_->send(static_cast<sctp::Stream>(send.stream), send.bytes) !=
          sctp::SendResult::Queued)
        ++counters_.send_refused;
    for (auto& l : more.logs) out.emplace_back(std::move(l));
  }
  arm(out);
}

void SsoService::arm(engine::Actions& out) {
  const TimePoint t = node_.next_deadline();
  if (t == TimePoint::max() || t == armed_) return;
  armed_ = t;
  out.emplace_back(engine::ArmTimer{kTickTimer, t});
}

void SsoService::sync_crypto_role() {
  if (crypto_) crypto_->set_redundancy_active(is_active(node_.rf().my_state()));
}

void SsoService::reset_crypto() {
  ++counters_.resets;
  if (!crypto_) return;
  host_->handle(*crypto_host_, [this](TimePoint now, engine::Actions& out) {
    crypto_->set_redundancy_active(false);
    crypto_->reset_sa_state(now, out);
  });
}

void SsoService::take_over(const TakeoverPlan& plan) {
  ++counters_.takeovers;
  if (!crypto_) return;
  std::vector<crypto::AdoptedIkeSa> ike_sas;
  for (const IkeActivation& a : plan.ike) {
    crypto::AdoptedIkeSa adopted;
    adopted.sa = to_ike_sa(a.sa, a.established);
    adopted.dpd_next_sequence = a.sa.dpd_next_sequence;
    if (a.sa.dpd_peer_sequence_valid) adopted.dpd_peer_sequence = a.sa.dpd_peer_sequence;
    adopted.nat_t_peer_port = nat_t_peer_port(a.sa);
    ike_sas.push_back(std::move(adopted));
  }
  std::vector<crypto::AdoptedIpsecSa> ipsec_sas;
  for (const IpsecActivation& a : plan.ipsec) {
    if (a.exhausted) continue;  // cannot carry another packet: the next one renegotiates
    // The child's established_at (the record's age, on this clock) and the byte counters
    // carry the SA's lifetime over: it expires and rekeys when it would have on the old one.
    crypto::AdoptedIpsecSa adopted;
    adopted.child = to_child_sa(a.sa, a.established);
    adopted.replay_window = a.sa.replay_window;
    adopted.resume_outbound_at = a.resume_outbound_at;
    adopted.inbound_highest = a.inbound_highest;
    adopted.inbound_bytes = a.sa.inbound_bytes;
    adopted.outbound_bytes = a.sa.outbound_bytes;
    ipsec_sas.push_back(std::move(adopted));
  }
  host_->handle(*crypto_host_, [&](TimePoint now, engine::Actions& out) {
    crypto_->set_redundancy_active(true);
    counters_.takeover_ipsec_installed += crypto_->take_over(ike_sas, ipsec_sas, now, out);
  });
}

// ---- crypto::SaObserver (the active's SA changes) -----------------------------------------

void SsoService::ike_sa_changed(const ike::IkeSa& sa, const ike::Dpd* dpd, TimePoint) {
  IkeSessionState session;
  if (dpd) {
    session.dpd_next_sequence = dpd->next_sequence();
    session.dpd_peer_sequence = dpd->peer_sequence();
  }
  if (const ike::IkeSession* live = session_toward(crypto_, sa.remote.address)) {
    session.nat_t_floated = live->nat_t_floated();
    if (*session.nat_t_floated) session.nat_t_peer_port = live->peer_endpoint().port;
  }
  event([&](TimePoint now) { return node_.ike_sa_up(from_ike_sa(sa, session, now), now); });
}

void SsoService::ike_sa_deleted(const ike::Cookie& initiator, const ike::Cookie& responder,
                                TimePoint) {
  IkeSaKey key;
  std::copy(initiator.begin(), initiator.end(), key.initiator.begin());
  std::copy(responder.begin(), responder.end(), key.responder.begin());
  event([&](TimePoint now) { return node_.ike_sa_deleted(key, now); });
}

void SsoService::ipsec_sa_added(const ike::ChildSa& child, std::uint32_t replay_window,
                                TimePoint) {
  replay_window_ = replay_window;
  // ESP in UDP goes where IKE goes (RFC 3948 §2.1): the NAT's port for the peer's 4500.
  std::uint16_t peer_port = ike::kNatTraversalPort;
  if (const ike::IkeSession* live = session_toward(crypto_, child.remote.address))
    if (live->nat_t_floated()) peer_port = live->peer_endpoint().port;
  event([&](TimePoint now) {
    return node_.ipsec_sa_added(from_child_sa(child, replay_window, now, peer_port), now);
  });
}

void SsoService::ipsec_sa_deleted(std::uint32_t inbound_spi, std::uint32_t outbound_spi,
                                  TimePoint) {
  event([&](TimePoint now) { return node_.ipsec_sa_deleted(key_of(inbound_spi, outbound_spi), now); });
}

void SsoService::outbound_progress(std::uint32_t inbound_spi, std::uint32_t outbound_spi,
                                   std::uint64_t next_sequence, std::uint64_t bytes, TimePoint) {
  event([&](TimePoint now) {
    return node_.outbound_progress(key_of(inbound_spi, outbound_spi), next_sequence, bytes, now);
  });
}

void SsoService::inbound_progress(std::uint32_t inbound_spi, std::uint32_t outbound_spi,
                                  std::uint32_t highest, std::uint64_t bytes, TimePoint) {
  event([&](TimePoint now) {
    return node_.inbound_progress(key_of(inbound_spi, outbound_spi), highest, bytes, now);
  });
}

// ---- sctp::AssociationHandler -------------------------------------------------------------

void SsoService::on_up(const sctp::UpEvent&) {
  std::array<std::uint8_t, ChannelSecurity::kRandomLen> random{};
  random_->fill(random);
  channel_alarmed_ = false;
  event([&](TimePoint now) { return node_.association_up(random, now); });
}

void SsoService::on_down(const sctp::DownEvent&) {
  event([&](TimePoint now) { return node_.association_down(now); });
}

void SsoService::on_message(sctp::Stream stream, std::span<const std::uint8_t> message) {
  const ChannelCounters before = node_.channel().counters();
  event([&](TimePoint now) {
    NodeActions a = node_.record_received(RecordReceived{static_cast<std::uint16_t>(stream), message}, now);
    if (!channel_alarmed_) {
      if (auto alarm = channel_alarm(before, node_.channel().counters(), config_.node.channel.remote_id,
                                     config_.channel_key_source)) {
        channel_alarmed_ = true;
        a.logs.push_back(std::move(*alarm));
      }
    }
    return a;
  });
}

void SsoService::on_drained() {
  if (!node_.bulk_pending()) return;
  event([&](TimePoint now) { return node_.pump(now); });
}

// ---- ObservedHsrp ---------------------------------------------------------------------------

void ObservedHsrp::check() {
  const hsrp::State now = state_();
  if (last_ && *last_ == now) return;
  last_ = now;
  watch_(now);
}

void ObservedHsrp::start(TimePoint now, engine::Actions& out) {
  inner_->start(now, out);
  check();
}
void ObservedHsrp::datagram(const engine::Datagram& d, TimePoint now, engine::Actions& out) {
  inner_->datagram(d, now, out);
  check();
}
void ObservedHsrp::timer(engine::TimerKey key, TimePoint now, engine::Actions& out) {
  inner_->timer(key, now, out);
  check();
}
void ObservedHsrp::link_changed(const engine::LinkChange& change, TimePoint now,
                                engine::Actions& out) {
  inner_->link_changed(change, now, out);
  check();
}
void ObservedHsrp::stop(TimePoint now, engine::Actions& out) {
  inner_->stop(now, out);
  check();
}

}  // namespace havpnc::sso
