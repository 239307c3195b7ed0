#pragma once
// The IOS Redundancy Facility (RF) for inter-device SSO (`redundancy inter-device / scheme
// standby NAME`), as `show redundancy states` and `show redundancy history` print it:
//   my state = 13 -ACTIVE          peer state = 8 -STANDBY HOT
// The numbers are IOS's (seen in `show redundancy history`: INITIALIZATION(2),
// NEGOTIATION(3), STANDBY COLD(4), peer DISABLED(1), peer UNKNOWN(0)).
//
// Who is active is decided by HSRP, never by the SSO association: with the seed's SCTP timers
// a dead peer takes ~20 s to notice (PROTOCOLS.md §4.4) against HSRP's 10 s hold. The
// association only gates whether state can flow.
//
// IOS behaviour kept (seed; Cisco "Stateful Failover for IPsec"):
// - a router that loses HSRP Active "reloads": havpnc drops its SA state, goes through
//   INITIALIZATION/NEGOTIATION and rejoins as standby, to be bulk-synced again;
// - the router that took over stays active when the other returns (equal priorities: HSRP
//   does not preempt, and RF never takes activity back by itself);
// - an active whose peer is gone shows `peer state = 1 -DISABLED`.
//
// havpnc choice: a STANDBY HOT router that loses the association keeps its replicated SAs for
// `stale_state_grace` (shown as STANDBY COLD). Losing the association is most often the active
// dying, and HSRP then makes us active a hold time later; a stateful takeover with state that
// stopped at the last delivered checkpoint is exactly as safe as after any crash. Past the
// grace the state is dropped: an active that lives on would carry sequence numbers far beyond
// what we know, and reusing them is forbidden (RFC 4303 §3.3.3).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "runtime/core/log_record.h"
#include "runtime/core/time.h"

namespace havpnc::sso {

enum class RfState : std::uint8_t {
  Unknown = 0,  // only ever a peer state: association up, no report yet
  Disabled = 1,
  Initialization = 2,
  Negotiation = 3,
  StandbyCold = 4,
  StandbyColdConfig = 5,
  StandbyColdFilesys = 6,
  StandbyColdBulk = 7,
  StandbyHot = 8,
  ActiveFast = 9,
  ActiveDrain = 10,
  ActivePreconfig = 11,
  ActivePostconfig = 12,
  Active = 13,
};

// "STANDBY HOT" as IOS prints it after "8 -".
const char* to_string(RfState s);
// 1..13 -> state; nullopt otherwise (0 is never reported by a peer).
std::optional<RfState> rf_state_from_number(std::uint8_t n);
bool is_standby(RfState s);  // 4..8
bool is_active(RfState s);   // 9..13

// What the HSRP group named by `scheme standby NAME` is doing; Other = Init/Learn/Listen/Speak.
enum class HsrpRole : std::uint8_t { Other, Standby, Active };

struct RfEvent {
  enum class Kind : std::uint8_t {
    Start,            // redundancy inter-device configured and the runtime up
    Hsrp,             // the scheme's HSRP group changed role (`hsrp`)
    AssociationUp,    // SSO channel usable (hellos exchanged)
    AssociationDown,
    PeerState,        // the peer reported its RF state (`peer`)
    BulkSyncDone,     // standby: a complete, consistent bulk sync applied
    Tick,             // timer: the engine calls with `now` at next_deadline()
  };
  Kind kind = Kind::Tick;
  HsrpRole hsrp = HsrpRole::Other;
  RfState peer = RfState::Unknown;
};

struct RfActions {
  bool report_state = false;     // send PeerStatus{my state} to the peer
  bool start_bulk_sync = false;  // active: the peer is waiting in STANDBY COLD-BULK
  bool reset_sa_state = false;   // drop replicated/published SA state ("reload")
  bool takeover = false;         // become the IPsec active: activate replicated SAs
  bool takeover_stateful = false;  // false: nothing replicated, SAs will renegotiate
  std::vector<LogRecord> logs;
};

struct RfConfig {
  std::string group_name = "HSRP";  // `scheme standby HSRP`
  Duration stale_state_grace = seconds(30);
};

class RfStateMachine {
 public:
  explicit RfStateMachine(RfConfig config) : config_(std::move(config)) {}

  RfActions handle(const RfEvent& event, TimePoint now);
  // When a Tick is next needed (the grace timer); TimePoint::max() when none.
  TimePoint next_deadline() const { return grace_until_.value_or(TimePoint::max()); }

  RfState my_state() const { return my_; }
  RfState peer_state() const { return peer_; }
  HsrpRole hsrp() const { return hsrp_; }
  bool communications_up() const { return comm_up_; }
  // Replicated SA state is usable for a stateful takeover.
  bool state_usable() const { return my_ == RfState::StandbyHot || grace_until_.has_value(); }
  const std::string& group_name() const { return config_.group_name; }
  std::uint64_t switchovers() const { return switchovers_; }
  std::uint64_t reloads() const { return reloads_; }

 private:
  void enter(RfState next, RfActions& a);
  void settle(RfActions& a, TimePoint now);
  void reload(RfActions& a, const char* reason);

  RfConfig config_;
  RfState my_ = RfState::Disabled;
  RfState peer_ = RfState::Disabled;
  HsrpRole hsrp_ = HsrpRole::Other;
  bool comm_up_ = false;
  std::optional<TimePoint> grace_until_;
  std::uint64_t switchovers_ = 0;
  std::uint64_t reloads_ = 0;
};

}  // namespace havpnc::sso
