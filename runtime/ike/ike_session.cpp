#include "runtime/ike/ike_session.h"

#include <algorithm>

#include "runtime/ike/informational.h"

namespace havpnc::ike {

namespace {

// Finished quick modes remembered for duplicate answers (QM3 lost: the responder resends
// QM2 and must get our QM3 again).
constexpr std::size_t kFinishedExchangesKept = 8;

bool is_zero(const Cookie& c) {
  return std::all_of(c.begin(), c.end(), [](std::uint8_t b) { return b == 0; });
}

LogRecord no_sa(const Endpoint& peer) {
  // IOS's words for phase-2 or informational traffic without a matching ISAKMP SA.
  return LogRecord{"CRYPTO", Severity::Warning, "IKMP_NO_SA",
                   "IKE message from " + to_string(peer.address) +
                       " has no SA and is not an initialization offer"};
}

LogRecord bad_message(const Endpoint& peer) {
  return LogRecord{"CRYPTO", Severity::Warning, "IKMP_BAD_MESSAGE",
                   "IKE message from " + to_string(peer.address) +
                       " failed its sanity check or is malformed"};
}

LogRecord mode_failure(const char* mode, const Endpoint& peer) {
  return LogRecord{"CRYPTO", Severity::Informational, "IKMP_MODE_FAILURE",
                   std::string("Processing of ") + mode + " mode failed with peer at " +
                       to_string(peer.address)};
}

}  // namespace

IkeSession::IkeSession(IkeRole role, SessionConfig config, crypto::RandomSource& random,
                       IkeCounters& counters)
    : role_(role),
      config_(std::move(config)),
      random_(&random),
      counters_(&counters),
      main_mode_retransmit_(config_.retransmit) {}

IkeSession IkeSession::initiator(SessionConfig config, crypto::RandomSource& random,
                                 IkeCounters& counters) {
  return IkeSession(IkeRole::Initiator, std::move(config), random, counters);
}

IkeSession IkeSession::responder(SessionConfig config, crypto::RandomSource& random,
                                 IkeCounters& counters) {
  return IkeSession(IkeRole::Responder, std::move(config), random, counters);
}

IkeSession IkeSession::adopt(IkeRole role, SessionConfig config, const IkeSa& sa,
                             std::uint32_t dpd_next_sequence, crypto::RandomSource& random,
                             IkeCounters& counters, TimePoint now) {
  AdoptedState state;
  state.dpd_next_sequence = dpd_next_sequence;
  return adopt(role, std::move(config), sa, state, random, counters, now);
}

IkeSession IkeSession::adopt(IkeRole role, SessionConfig config, const IkeSa& sa,
                             const AdoptedState& state, crypto::RandomSource& random,
                             IkeCounters& counters, TimePoint now) {
  IkeSession s(role, std::move(config), random, counters);
  s.sa_ = std::make_unique<IkeSa>(sa);
  s.protection_ = std::make_unique<MessageProtection>(s.sa_->hash, s.sa_->cipher,
                                                      s.sa_->encryption_key, s.sa_->phase1_iv);
  if (s.sa_->peer_supports_dpd && s.config_.main_mode.send_dpd_vendor_id) {
    DpdConfig dc = s.config_.dpd.value_or(DpdConfig{});
    dc.send_probes = s.config_.dpd.has_value();
    s.dpd_.emplace(dc, state.dpd_next_sequence, now);
    if (state.dpd_peer_sequence) s.dpd_->restore_peer_sequence(*state.dpd_peer_sequence);
  }
  // Port 0 is no UDP port (RFC 768): a replica that says so is treated as "not known".
  if (state.nat_t_peer_port && *state.nat_t_peer_port != 0)
    s.nat_t_peer_port_ = state.nat_t_peer_port;
  return s;
}

void IkeSession::adopt_child_sa(std::uint32_t inbound_spi, std::uint32_t outbound_spi) {
  if (!sa_) return;
  for (const auto& c : children_)
    if (c.inbound_spi == inbound_spi) return;
  children_.push_back(
      ChildSaRef{inbound_spi, outbound_spi, sa_->initiator_cookie, sa_->responder_cookie});
}

TimePoint IkeSession::next_deadline() const {
  TimePoint t = main_mode_retransmit_.deadline();
  for (const auto& [mid, x] : quick_modes_) t = std::min(t, x.retransmit.deadline());
  if (dpd_) t = std::min(t, dpd_->next_deadline());
  return t;
}

Actions IkeSession::finish(Actions out) const {
  TimePoint t = next_deadline();
  if (t != TimePoint::max()) out.push_back(ArmTimer{t});
  return out;
}

bool IkeSession::nat_t_floated() const {
  if (nat_t_peer_port_) return true;
  if (main_mode_ && main_mode_->nat_t_float()) return true;
  return sa_ && sa_->nat_traversal && (sa_->local_behind_nat || sa_->remote_behind_nat);
}

Endpoint IkeSession::peer_endpoint() const {
  Endpoint to = config_.main_mode.remote;
  if (nat_t_peer_port_) to.port = *nat_t_peer_port_;
  else if (nat_t_floated()) to.port = kNatTraversalPort;
  return to;
}

void IkeSession::send(Bytes bytes, Actions& out) {
  out.push_back(SendDatagram{peer_endpoint(), std::move(bytes)});
}

void IkeSession::append_logs(const TaskStep& step, Actions& out) {
  for (const auto& l : step.logs) out.push_back(l);
}

LogRecord IkeSession::tunnel_status(bool up) const {
  // IOS with `crypto logging session`.
  const Endpoint& peer = config_.main_mode.remote;
  return LogRecord{"CRYPTO", Severity::Notice, "SESSION_STATUS",
                   std::string("Crypto tunnel is ") + (up ? "UP" : "DOWN") + ". Peer " +
                       to_string(peer.address) + ":" + std::to_string(peer.port) + " Id: " +
                       to_string(peer.address)};
}

Actions IkeSession::start(TimePoint now) {
  Actions out;
  if (role_ != IkeRole::Initiator || main_mode_ || sa_) return finish(std::move(out));
  MainModeConfig mm = config_.main_mode;
  mm.nonce_size = config_.nonce_size;
  main_mode_.emplace(MainMode::initiator(std::move(mm), *random_, *counters_));
  auto step = main_mode_->build(now);
  append_logs(step, out);
  if (step.send) {
    main_mode_retransmit_.sent(*step.send, now);
    send(std::move(*step.send), out);
  }
  return finish(std::move(out));
}

Actions IkeSession::receive(TimePoint now, ByteView datagram, std::uint16_t nat_t_source_port) {
  candidate_port_ = nat_t_source_port;
  Actions out = receive(now, datagram);
  candidate_port_.reset();
  return out;
}

Actions IkeSession::receive(TimePoint now, ByteView datagram) {
  Actions out;
  auto raw = decode_header(datagram);
  if (!raw) {
    counters_->count(raw.error());
    out.push_back(bad_message(config_.main_mode.remote));
    return finish(std::move(out));
  }
  switch (raw->header.exchange) {
    case ExchangeType::IdentityProtection: handle_main_mode(now, datagram, *raw, out); break;
    case ExchangeType::QuickMode: handle_quick_mode(now, datagram, *raw, out); break;
    case ExchangeType::Informational: handle_informational(now, datagram, *raw, out); break;
    default:
      ++counters_->unexpected_messages;
      out.push_back(bad_message(config_.main_mode.remote));
      break;
  }
  return finish(std::move(out));
}

// --- main mode ---------------------------------------------------------------------------

void IkeSession::handle_main_mode(TimePoint now, ByteView datagram, const RawMessage& raw,
                                  Actions& out) {
  if (const Bytes* reply = main_mode_replies_.reply_to(datagram)) {
    ++counters_->duplicates_answered;
    send(*reply, out);
    return;
  }
  const Header& h = raw.header;
  bool new_mm1 = role_ == IkeRole::Responder && is_zero(h.responder_cookie) &&
                 !is_zero(h.initiator_cookie) &&
                 (!main_mode_ || main_mode_->initiator_cookie() != h.initiator_cookie);
  if (new_mm1) {
    // A fresh MM1: the first one, or the peer restarted (INITIAL-CONTACT will tell).
    MainModeConfig mm = config_.main_mode;
    mm.nonce_size = config_.nonce_size;
    main_mode_.emplace(MainMode::responder(std::move(mm), *random_, *counters_));
    main_mode_retransmit_.stop();
  }
  if (!main_mode_) {
    ++counters_->unexpected_messages;
    out.push_back(no_sa(config_.main_mode.remote));
    return;
  }
  auto step = main_mode_->process(now, datagram);
  append_logs(step, out);
  if (step.status == TaskStatus::Failed) {
    main_mode_retransmit_.stop();
    if (step.send) send(std::move(*step.send), out);
    main_mode_.reset();
    return;
  }
  if (step.error) return;  // ignored: spoofed, garbled or out of order; keep waiting
  // MM5/MM6 verified HASH_I/HASH_R; a plaintext MM1..MM4 only while no port is known.
  if (h.encrypted() || !nat_t_peer_port_) authenticated();
  main_mode_retransmit_.stop();
  if (step.status == TaskStatus::Done) {  // initiator after MM6
    phase1_done(now, out);
    return;
  }
  auto next = main_mode_->build(now);
  append_logs(next, out);
  if (!next.send) return;
  main_mode_replies_.remember(datagram, *next.send);
  if (next.status == TaskStatus::Done) {  // responder sent MM6
    send(std::move(*next.send), out);
    phase1_done(now, out);
    return;
  }
  main_mode_retransmit_.sent(*next.send, now);
  send(std::move(*next.send), out);
}

void IkeSession::phase1_done(TimePoint now, Actions& out) {
  const IkeSa* established = main_mode_->established();
  if (!established) return;
  // A new ISAKMP SA replaces the old one; exchanges protected by the old keys end with it.
  quick_modes_.clear();
  finished_.clear();
  sa_ = std::make_unique<IkeSa>(*established);
  protection_ = std::make_unique<MessageProtection>(sa_->hash, sa_->cipher, sa_->encryption_key,
                                                    sa_->phase1_iv);
  dpd_.reset();
  if (sa_->peer_supports_dpd && config_.main_mode.send_dpd_vendor_id) {
    DpdConfig dc = config_.dpd.value_or(DpdConfig{});
    dc.send_probes = config_.dpd.has_value();
    dpd_.emplace(dc, spi_value(random_->bytes(4)), now);
  }
  if (sa_->initial_contact_received) remove_children(true, out);
  // Quick modes asked for while main mode ran (traffic of several ACL lines) go first; the
  // initiator's own default is the entry's first line.
  std::vector<TrafficSelector> waiting = std::move(waiting_quick_modes_);
  waiting_quick_modes_.clear();
  for (const auto& proxies : waiting) start_quick_mode(now, proxies, out);
  if (role_ == IkeRole::Initiator && waiting.empty()) start_quick_mode(now, out);
}

// --- quick mode --------------------------------------------------------------------------

Actions IkeSession::initiate_quick_mode(TimePoint now) {
  Actions out;
  if (sa_) start_quick_mode(now, out);
  return finish(std::move(out));
}

Actions IkeSession::initiate_quick_mode(TimePoint now, const TrafficSelector& proxies) {
  Actions out;
  if (sa_) {
    start_quick_mode(now, proxies, out);
  } else if (std::find(waiting_quick_modes_.begin(), waiting_quick_modes_.end(), proxies) ==
             waiting_quick_modes_.end()) {
    waiting_quick_modes_.push_back(proxies);
  }
  return finish(std::move(out));
}

void IkeSession::start_quick_mode(TimePoint now, Actions& out) {
  start_quick_mode(now, config_.phase2.selector, out);
}

void IkeSession::start_quick_mode(TimePoint now, const TrafficSelector& proxies, Actions& out) {
  std::uint32_t mid = random_message_id(*random_);
  while (quick_modes_.count(mid)) mid = random_message_id(*random_);
  QuickModeConfig qc{config_.phase2, config_.nonce_size};
  qc.policy.selector = proxies;
  auto [it, inserted] = quick_modes_.emplace(
      mid, Exchange{QuickMode::initiator(*sa_, *protection_, std::move(qc), mid, *random_,
                                         *counters_),
                    Retransmitter(config_.retransmit), ReplyCache{}, false});
  auto step = it->second.task.build(now);
  append_logs(step, out);
  if (!step.send) {
    quick_modes_.erase(it);
    return;
  }
  it->second.retransmit.sent(*step.send, now);
  send(std::move(*step.send), out);
}

void IkeSession::finish_exchange(std::uint32_t message_id) {
  auto it = quick_modes_.find(message_id);
  if (it == quick_modes_.end() || it->second.finished) return;
  it->second.finished = true;
  it->second.retransmit.stop();
  finished_.push_back(message_id);
  while (finished_.size() > kFinishedExchangesKept) {
    quick_modes_.erase(finished_.front());
    finished_.pop_front();
  }
}

void IkeSession::handle_quick_mode(TimePoint now, ByteView datagram, const RawMessage& raw,
                                   Actions& out) {
  const Header& h = raw.header;
  if (!sa_ || h.initiator_cookie != sa_->initiator_cookie ||
      h.responder_cookie != sa_->responder_cookie || h.message_id == 0) {
    ++counters_->no_sa;
    out.push_back(no_sa(config_.main_mode.remote));
    return;
  }
  auto it = quick_modes_.find(h.message_id);
  if (it == quick_modes_.end()) {
    // A QM1 from the peer: a responder task for its M-ID, kept only if QM1 authenticates.
    QuickModeConfig qc{config_.phase2, config_.nonce_size};
    auto task = QuickMode::responder(*sa_, *protection_, std::move(qc), h.message_id, *random_,
                                     *counters_);
    auto step = task.process(now, datagram);
    append_logs(step, out);
    if (step.status == TaskStatus::Failed) {
      if (step.send) send(std::move(*step.send), out);
      return;
    }
    if (step.error) return;
    authenticated();  // QM1's HASH(1) verified
    if (dpd_) dpd_->inbound(now);
    auto reply = task.build(now);
    append_logs(reply, out);
    if (!reply.send) return;
    auto [slot, inserted] = quick_modes_.emplace(
        h.message_id,
        Exchange{std::move(task), Retransmitter(config_.retransmit), ReplyCache{}, false});
    slot->second.replies.remember(datagram, *reply.send);
    // QM2 waits for QM3: resent until it comes (or the initiator resends QM1).
    slot->second.retransmit.sent(*reply.send, now);
    send(std::move(*reply.send), out);
    return;
  }
  Exchange& x = it->second;
  if (const Bytes* reply = x.replies.reply_to(datagram)) {
    ++counters_->duplicates_answered;
    send(*reply, out);
    return;
  }
  if (x.finished) {
    ++counters_->unexpected_messages;
    return;
  }
  auto step = x.task.process(now, datagram);
  append_logs(step, out);
  if (step.status == TaskStatus::Failed) {
    quick_modes_.erase(it);
    return;
  }
  if (step.error) return;
  authenticated();  // HASH(2)/HASH(3) verified
  if (dpd_) dpd_->inbound(now);
  x.retransmit.stop();
  if (step.status == TaskStatus::Done) {  // responder after QM3
    if (const ChildSa* c = x.task.established()) child_done(*c, out);
    finish_exchange(h.message_id);
    return;
  }
  auto qm3 = x.task.build(now);  // initiator after QM2
  append_logs(qm3, out);
  if (!qm3.send) {
    quick_modes_.erase(it);
    return;
  }
  x.replies.remember(datagram, *qm3.send);
  send(std::move(*qm3.send), out);
  if (const ChildSa* c = x.task.established()) child_done(*c, out);
  finish_exchange(h.message_id);
}

void IkeSession::child_done(const ChildSa& child, Actions& out) {
  ++counters_->phase2_established;
  if (children_.empty()) out.push_back(tunnel_status(true));
  children_.push_back(ChildSaRef{child.inbound_spi, child.outbound_spi, child.initiator_cookie,
                                 child.responder_cookie});
  out.push_back(InstallChildSa{child});
}

// --- informational -----------------------------------------------------------------------

void IkeSession::send_informational(std::vector<Payload> payloads, Actions& out) {
  if (!sa_) return;
  std::uint32_t mid = random_message_id(*random_);
  while (quick_modes_.count(mid)) mid = random_message_id(*random_);
  if (auto bytes = seal_informational(*sa_, *protection_, mid, std::move(payloads)))
    send(std::move(*bytes), out);
}

void IkeSession::handle_informational(TimePoint now, ByteView datagram, const RawMessage& raw,
                                      Actions& out) {
  const Header& h = raw.header;
  if (!sa_) {
    // Before phase 1 ends only an unprotected refusal of our MM1 makes sense.
    if (main_mode_ && !h.encrypted()) handle_main_mode(now, datagram, raw, out);
    else {
      ++counters_->no_sa;
      out.push_back(no_sa(config_.main_mode.remote));
    }
    return;
  }
  if (quick_modes_.count(h.message_id)) {
    // Would reset the IV chain of a running quick mode: refused before decryption.
    ++counters_->informational_rejected;
    out.push_back(bad_message(config_.main_mode.remote));
    return;
  }
  auto info = open_informational(*sa_, *protection_, raw);
  if (!info) {
    ++counters_->informational_rejected;
    out.push_back(bad_message(config_.main_mode.remote));
    return;
  }
  authenticated();  // HASH(1) of the informational exchange verified
  if (dpd_) dpd_->inbound(now);
  for (const auto& n : info->notifications) {
    auto type = static_cast<NotifyType>(n.type);
    if (type == NotifyType::RUThere || type == NotifyType::RUThereAck) {
      auto seq = dpd_sequence(*sa_, n);
      if (!seq || !dpd_) {
        ++counters_->informational_rejected;
        continue;
      }
      if (type == NotifyType::RUThere) {
        if (!dpd_->accept_probe(*seq, now)) {
          ++counters_->dpd_stale_probes;
          continue;
        }
        ++counters_->dpd_acks_sent;
        std::vector<Payload> ack;
        ack.push_back(Payload{r_u_there_ack(*sa_, *seq), {}});
        send_informational(std::move(ack), out);
      } else if (!dpd_->acknowledge(*seq, now)) {
        ++counters_->dpd_stale_acks;
      } else {
        ++counters_->dpd_acks_received;
      }
    } else if (type == NotifyType::InitialContact) {
      remove_children(true, out);
    } else if (n.type < 8192) {
      // RFC 2408 §3.14.1 error: the peer refused one of our quick modes.
      ++counters_->peer_notifications;
      std::uint32_t spi = spi_value(n.spi);
      std::vector<std::uint32_t> refused;
      for (auto& [mid, x] : quick_modes_)
        if (!x.finished && x.task.role() == IkeRole::Initiator &&
            (spi == 0 || x.task.inbound_spi() == spi))
          refused.push_back(mid);
      for (auto mid : refused) {
        append_logs(quick_modes_.at(mid).task.peer_refused(n.type), out);
        quick_modes_.erase(mid);
      }
    }
  }
  for (const auto& d : info->deletes) {
    ++counters_->deletes_received;
    if (d.protocol == static_cast<std::uint8_t>(ProtocolId::Isakmp)) {
      bool ours = d.spi_size == 16 &&
                  std::any_of(d.spis.begin(), d.spis.end(), [this](const Bytes& s) {
                    return s == concat({sa_->initiator_cookie, sa_->responder_cookie});
                  });
      // IOS keeps the IPsec SAs of a deleted ISAKMP SA until they expire.
      if (ours) {
        drop_ike_sa(out);
        return;
      }
    } else if (d.protocol == static_cast<std::uint8_t>(ProtocolId::Esp) && d.spi_size == 4) {
      // The peer names its inbound SPI, which is our outbound one; the pair goes together.
      for (const auto& s : d.spis) {
        std::uint32_t spi = spi_value(s);
        auto c = std::find_if(children_.begin(), children_.end(),
                              [spi](const ChildSaRef& r) { return r.outbound_spi == spi; });
        if (c == children_.end()) continue;
        out.push_back(RemoveChildSa{c->inbound_spi, c->outbound_spi});
        children_.erase(c);
      }
    }
  }
}

void IkeSession::remove_children(bool keep_current_sa, Actions& out) {
  // RFC 2407 §4.6.3.3 INITIAL-CONTACT: the peer has no memory of older SAs; drop them.
  std::vector<ChildSaRef> kept;
  for (const auto& c : children_) {
    bool current = sa_ && c.initiator_cookie == sa_->initiator_cookie &&
                   c.responder_cookie == sa_->responder_cookie;
    if (keep_current_sa && current) kept.push_back(c);
    else out.push_back(RemoveChildSa{c.inbound_spi, c.outbound_spi});
  }
  children_ = std::move(kept);
}

void IkeSession::drop_ike_sa(Actions& out) {
  if (!sa_) return;
  out.push_back(IkeSaDeleted{sa_->initiator_cookie, sa_->responder_cookie});
  quick_modes_.clear();
  finished_.clear();
  dpd_.reset();
  protection_.reset();
  sa_.reset();
  main_mode_.reset();
  main_mode_retransmit_.stop();
}

// --- timers and operator actions ---------------------------------------------------------

Actions IkeSession::timer(TimePoint now) {
  Actions out;
  auto due = main_mode_retransmit_.poll(now);
  if (due.resend) {
    ++counters_->retransmissions;
    send(std::move(*due.resend), out);
  } else if (due.gave_up) {
    ++counters_->retransmission_give_ups;
    out.push_back(mode_failure("Main", config_.main_mode.remote));
    main_mode_.reset();
  }
  std::vector<std::uint32_t> abandoned;
  for (auto& [mid, x] : quick_modes_) {
    auto qdue = x.retransmit.poll(now);
    if (qdue.resend) {
      ++counters_->retransmissions;
      send(std::move(*qdue.resend), out);
    } else if (qdue.gave_up) {
      ++counters_->retransmission_give_ups;
      out.push_back(mode_failure("Quick", config_.main_mode.remote));
      abandoned.push_back(mid);
    }
  }
  for (auto mid : abandoned) {
    quick_modes_.erase(mid);
    finished_.erase(std::remove(finished_.begin(), finished_.end(), mid), finished_.end());
  }
  if (dpd_) {
    auto step = dpd_->poll(now);
    if (step.send) {
      ++counters_->dpd_probes_sent;
      std::vector<Payload> probe;
      probe.push_back(Payload{r_u_there(*sa_, *step.send), {}});
      send_informational(std::move(probe), out);
    } else if (step.peer_dead) {
      // IOS: a dead peer loses its ISAKMP and IPsec SAs at once.
      ++counters_->peers_declared_dead;
      remove_children(false, out);
      out.push_back(tunnel_status(false));
      drop_ike_sa(out);
    }
  }
  return finish(std::move(out));
}

Actions IkeSession::delete_child_sa(TimePoint, std::uint32_t inbound_spi) {
  Actions out;
  auto c = std::find_if(children_.begin(), children_.end(),
                        [inbound_spi](const ChildSaRef& r) { return r.inbound_spi == inbound_spi; });
  if (c == children_.end()) return finish(std::move(out));
  std::vector<Payload> del;
  del.push_back(Payload{delete_esp_sas({inbound_spi}), {}});
  send_informational(std::move(del), out);
  out.push_back(RemoveChildSa{c->inbound_spi, c->outbound_spi});
  children_.erase(c);
  return finish(std::move(out));
}

Actions IkeSession::delete_ike_sa(TimePoint) {
  Actions out;
  if (!sa_) return finish(std::move(out));
  std::vector<Payload> del;
  del.push_back(Payload{delete_isakmp_sa(*sa_), {}});
  send_informational(std::move(del), out);
  drop_ike_sa(out);
  return finish(std::move(out));
}

void IkeSession::outbound_traffic(TimePoint now) {
  if (dpd_) dpd_->outbound(now);
}

void IkeSession::inbound_traffic(TimePoint now) {
  if (dpd_) dpd_->inbound(now);
}

}  // namespace havpnc::ike
