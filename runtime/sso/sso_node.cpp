#include "runtime/sso/sso_node.h"

#include <utility>

namespace havpnc::sso {

SsoNode::SsoNode(SsoConfig config)
    : config_(std::move(config)),
      rf_(config_.rf),
      channel_(config_.channel),
      publisher_(config_.takeover.interval) {}

void SsoNode::send(Stream stream, const Record& record, NodeActions& out) {
  std::vector<std::uint8_t> plain;
  if (!encode(record, plain)) {
    ++counters_.encode_failures;
    return;
  }
  auto sealed = channel_.seal(static_cast<std::uint16_t>(stream), plain);
  wipe_bytes(plain);
  if (std::holds_alternative<ChannelError>(sealed)) {
    ++counters_.channel_errors;
    return;
  }
  ++counters_.records_sent;
  out.sends.push_back({stream, std::move(std::get<std::vector<std::uint8_t>>(sealed))});
}

void SsoNode::send_all(std::vector<OutgoingRecord> records, NodeActions& out) {
  if (!channel_.ready()) return;  // the next bulk sync carries the state
  for (const auto& r : records) send(r.stream, r.record, out);
}

void SsoNode::report_state(NodeActions& out) {
  if (!channel_.ready()) return;
  send(Stream::Update, Record{++control_sequence_, PeerStatus{static_cast<std::uint8_t>(rf_.my_state())}},
       out);
}

void SsoNode::run_rf(const RfEvent& event, TimePoint now, NodeActions& out) {
  RfActions a = rf_.handle(event, now);
  for (auto& l : a.logs) out.logs.push_back(std::move(l));
  if (a.reset_sa_state) {
    // A router that was active says what IOS says when its SAs stop being active here.
    if (publisher_.ike_sa_count() + publisher_.ipsec_sa_count() > 0)
      out.logs.push_back(ipsec_ha_status(config_.takeover.vip, false));
    publisher_.reset();
    if (!a.takeover || !a.takeover_stateful) applier_.reset();
    out.reset_sa_state = true;
  }
  if (a.takeover) {
    TakeoverPlan plan = plan_takeover(applier_, config_.takeover, a.takeover_stateful);
    // The new active publishes what it took over, so the router that comes back is bulk-
    // synced with it — after every failover, not just the first.
    for (const IkeActivation& ike : plan.ike) {
      IkeSaRecord sa = ike.sa;
      sa.age_ms = static_cast<std::uint64_t>(
          std::chrono::duration_cast<std::chrono::milliseconds>(now - ike.established).count());
      publisher_.ike_sa_up(std::move(sa), now);
    }
    for (const IpsecActivation& act : plan.ipsec) {
      if (act.exhausted) continue;
      IpsecSaRecord sa = act.sa;
      sa.outbound_next_sequence = act.resume_outbound_at;
      sa.inbound_highest_sequence = act.inbound_highest;
      sa.age_ms = static_cast<std::uint64_t>(
          std::chrono::duration_cast<std::chrono::milliseconds>(now - act.established).count());
      publisher_.ipsec_sa_added(std::move(sa), now);
    }
    applier_.reset();
    for (const auto& l : plan.logs) out.logs.push_back(l);
    out.takeover = std::move(plan);
  }
  if (a.start_bulk_sync && active()) {
    send_all(publisher_.start_bulk_sync(now), out);
    send_all(publisher_.pump_bulk(config_.bulk_chunk, now), out);
  }
  if (a.report_state) report_state(out);
}

NodeActions SsoNode::start(TimePoint now) {
  NodeActions out;
  run_rf({RfEvent::Kind::Start, rf_.hsrp(), RfState::Unknown}, now, out);
  return out;
}

NodeActions SsoNode::hsrp_changed(HsrpRole role, TimePoint now) {
  NodeActions out;
  run_rf({RfEvent::Kind::Hsrp, role, RfState::Unknown}, now, out);
  return out;
}

NodeActions SsoNode::association_up(std::span<const std::uint8_t, ChannelSecurity::kRandomLen> random,
                                    TimePoint now) {
  (void)now;
  NodeActions out;
  out.sends.push_back({Stream::Update, channel_.start(random)});
  if (auto log = channel_.take_log()) out.logs.push_back(std::move(*log));
  return out;
}

NodeActions SsoNode::association_down(TimePoint now) {
  NodeActions out;
  channel_.stop();
  publisher_.detach();
  run_rf({RfEvent::Kind::AssociationDown, rf_.hsrp(), RfState::Unknown}, now, out);
  return out;
}

NodeActions SsoNode::record_received(const RecordReceived& in, TimePoint now) {
  NodeActions out;
  if (!channel_.ready()) {
    // The first message of an association is the peer's hello, on the update stream.
    if (in.stream != static_cast<std::uint16_t>(Stream::Update) || channel_.accept_hello(in.bytes)) {
      ++counters_.channel_errors;
      return out;
    }
    run_rf({RfEvent::Kind::AssociationUp, rf_.hsrp(), RfState::Unknown}, now, out);
    return out;
  }
  if (in.stream >= kStreamCount) {  // a stream havpnc does not use
    ++counters_.channel_errors;
    return out;
  }
  auto opened = channel_.open(in.stream, in.bytes);
  if (std::holds_alternative<ChannelError>(opened)) {
    ++counters_.channel_errors;
    return out;
  }
  auto& plain = std::get<std::vector<std::uint8_t>>(opened);
  DecodeResult d = decode(plain, decode_counters_);
  wipe_bytes(plain);
  if (!d.ok()) {
    ++counters_.decode_errors;
    return out;
  }
  ++counters_.records_received;
  const Record& record = d.record();
  if (const auto* status = std::get_if<PeerStatus>(&record.body)) {
    if (auto s = rf_state_from_number(status->rf_state))
      run_rf({RfEvent::Kind::PeerState, rf_.hsrp(), *s}, now, out);
    return out;
  }
  // Replication records only mean something to a standby that is being (or was) synced.
  const RfState me = rf_.my_state();
  if (me != RfState::StandbyColdBulk && me != RfState::StandbyHot) {
    ++counters_.records_ignored;
    return out;
  }
  const Stream stream = static_cast<Stream>(in.stream);
  switch (applier_.apply(stream, record, now)) {
    case ApplyResult::BulkDone:
      run_rf({RfEvent::Kind::BulkSyncDone, rf_.hsrp(), RfState::Unknown}, now, out);
      break;
    case ApplyResult::BulkMismatch:
      // Incomplete: start over. Re-reporting COLD-BULK makes the active send a new bulk.
      applier_.reset();
      report_state(out);
      break;
    default:
      break;
  }
  return out;
}

NodeActions SsoNode::tick(TimePoint now) {
  NodeActions out;
  run_rf({RfEvent::Kind::Tick, rf_.hsrp(), RfState::Unknown}, now, out);
  return out;
}

NodeActions SsoNode::pump(TimePoint now) {
  NodeActions out;
  send_all(publisher_.pump_bulk(config_.bulk_chunk, now), out);
  return out;
}

NodeActions SsoNode::ike_sa_up(IkeSaRecord sa, TimePoint now) {
  NodeActions out;
  if (!active()) {
    ++counters_.sa_events_ignored;
    return out;
  }
  send_all(publisher_.ike_sa_up(std::move(sa), now), out);
  return out;
}

NodeActions SsoNode::ike_sa_deleted(const IkeSaKey& key, TimePoint now) {
  (void)now;
  NodeActions out;
  if (!active()) {
    ++counters_.sa_events_ignored;
    return out;
  }
  send_all(publisher_.ike_sa_deleted(key), out);
  return out;
}

NodeActions SsoNode::ipsec_sa_added(IpsecSaRecord sa, TimePoint now) {
  NodeActions out;
  if (!active()) {
    ++counters_.sa_events_ignored;
    return out;
  }
  send_all(publisher_.ipsec_sa_added(std::move(sa), now), out);
  return out;
}

NodeActions SsoNode::ipsec_sa_deleted(const IpsecSaKey& key, TimePoint now) {
  (void)now;
  NodeActions out;
  if (!active()) {
    ++counters_.sa_events_ignored;
    return out;
  }
  send_all(publisher_.ipsec_sa_deleted(key), out);
  return out;
}

NodeActions SsoNode::outbound_progress(const IpsecSaKey& key, std::uint64_t next_sequence,
                                       std::uint64_t bytes, TimePoint now) {
  (void)now;
  NodeActions out;
  if (!active()) return out;
  if (auto r = publisher_.outbound_progress(key, next_sequence, bytes)) {
    std::vector<OutgoingRecord> v;
    v.push_back(std::move(*r));
    send_all(std::move(v), out);
  }
  return out;
}

NodeActions SsoNode::inbound_progress(const IpsecSaKey& key, std::uint32_t highest,
                                      std::uint64_t bytes, TimePoint now) {
  (void)now;
  NodeActions out;
  if (!active()) return out;
  if (auto r = publisher_.inbound_progress(key, highest, bytes)) {
    std::vector<OutgoingRecord> v;
    v.push_back(std::move(*r));
    send_all(std::move(v), out);
  }
  return out;
}

}  // namespace havpnc::sso
