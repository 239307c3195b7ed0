#pragma once
// One router's SSO, sans-IO: the RF state machine, the channel security, the record codec,
// the publisher (while active), the applier (while standby) and the takeover planner wired
// together. The engine feeds it transport events (transport.h), HSRP role changes of the
// `scheme standby` group, the crypto component's SA changes and data-path positions, and
// `now`; it returns NodeActions: records to send, logs, "drop all SA state", and the takeover
// plan to activate.
//
// The crypto component's contract (runtime/crypto):
//   - active: report every IKE SA add/update/delete and IPsec SA add/delete, and each SA's
//     outbound next sequence / inbound highest sequence as packets flow (per packet or batch);
//   - on NodeActions::reset_sa_state: drop every SA (the IOS "reload");
//   - on NodeActions::takeover: install and activate the SAs of the plan, outbound resuming at
//     resume_outbound_at, inbound windows restored to inbound_highest (esp_bridge.h does this
//     for esp::EspSa), then own the VIP.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "runtime/core/log_record.h"
#include "runtime/core/time.h"
#include "runtime/sso/applier.h"
#include "runtime/sso/channel_security.h"
#include "runtime/sso/publisher.h"
#include "runtime/sso/record_codec.h"
#include "runtime/sso/rf_state.h"
#include "runtime/sso/takeover.h"
#include "runtime/sso/transport.h"

namespace havpnc::sso {

struct SsoConfig {
  RfConfig rf;
  ChannelConfig channel;
  TakeoverConfig takeover;  // vip + replay-interval
  std::size_t bulk_chunk = 512;  // bulk records per pump() call
};

struct NodeActions {
  std::vector<SendRecord> sends;
  std::vector<LogRecord> logs;
  bool reset_sa_state = false;
  std::optional<TakeoverPlan> takeover;
};

struct NodeCounters {
  std::uint64_t records_sent = 0;
  std::uint64_t records_received = 0;
  std::uint64_t channel_errors = 0;   // see channel().counters() for which
  std::uint64_t decode_errors = 0;    // see decode_counters()
  std::uint64_t records_ignored = 0;  // replication records while not a standby
  std::uint64_t sa_events_ignored = 0;  // SA changes reported while not active
  std::uint64_t encode_failures = 0;
};

class SsoNode {
 public:
  explicit SsoNode(SsoConfig config);

  NodeActions start(TimePoint now);
  NodeActions hsrp_changed(HsrpRole role, TimePoint now);

  // Transport events. `random` must come from a CSPRNG (it keys the channel, see
  // channel_security.h).
  NodeActions association_up(std::span<const std::uint8_t, ChannelSecurity::kRandomLen> random,
                             TimePoint now);
  NodeActions association_down(TimePoint now);
  NodeActions record_received(const RecordReceived& in, TimePoint now);

  // Timer: call at next_deadline().
  NodeActions tick(TimePoint now);
  TimePoint next_deadline() const { return rf_.next_deadline(); }

  // Bulk sync pacing: call while bulk_pending(), as the transport's bulk stream drains.
  NodeActions pump(TimePoint now);
  bool bulk_pending() const { return publisher_.bulk_in_progress(); }

  // Crypto component (active side).
  NodeActions ike_sa_up(IkeSaRecord sa, TimePoint now);
  NodeActions ike_sa_deleted(const IkeSaKey& key, TimePoint now);
  NodeActions ipsec_sa_added(IpsecSaRecord sa, TimePoint now);
  NodeActions ipsec_sa_deleted(const IpsecSaKey& key, TimePoint now);
  NodeActions outbound_progress(const IpsecSaKey& key, std::uint64_t next_sequence,
                                std::uint64_t bytes, TimePoint now);
  NodeActions inbound_progress(const IpsecSaKey& key, std::uint32_t highest, std::uint64_t bytes,
                               TimePoint now);

  const RfStateMachine& rf() const { return rf_; }
  const Applier& applier() const { return applier_; }
  const Publisher& publisher() const { return publisher_; }
  const ChannelSecurity& channel() const { return channel_; }
  const DecodeCounters& decode_counters() const { return decode_counters_; }
  const NodeCounters& counters() const { return counters_; }
  const SsoConfig& config() const { return config_; }

 private:
  void run_rf(const RfEvent& event, TimePoint now, NodeActions& out);
  void send(Stream stream, const Record& record, NodeActions& out);
  void send_all(std::vector<OutgoingRecord> records, NodeActions& out);
  void report_state(NodeActions& out);
  bool active() const { return is_active(rf_.my_state()); }

  SsoConfig config_;
  RfStateMachine rf_;
  ChannelSecurity channel_;
  Publisher publisher_;
  Applier applier_;
  std::uint64_t control_sequence_ = 0;
  DecodeCounters decode_counters_;
  NodeCounters counters_;
};

}  // namespace havpnc::sso
