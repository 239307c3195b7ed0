#include "runtime/sso/rf_state.h"

namespace havpnc::sso {

const char* to_string(RfState s) {
  switch (s) {
    case RfState::Unknown: return "UNKNOWN";
    case RfState::Disabled: return "DISABLED";
    case RfState::Initialization: return "INITIALIZATION";
    case RfState::Negotiation: return "NEGOTIATION";
    case RfState::StandbyCold: return "STANDBY COLD";
    case RfState::StandbyColdConfig: return "STANDBY COLD-CONFIG";
    case RfState::StandbyColdFilesys: return "STANDBY COLD-FILESYS";
    case RfState::StandbyColdBulk: return "STANDBY COLD-BULK";
    case RfState::StandbyHot: return "STANDBY HOT";
    case RfState::ActiveFast: return "ACTIVE-FAST";
    case RfState::ActiveDrain: return "ACTIVE-DRAIN";
    case RfState::ActivePreconfig: return "ACTIVE_PRECONFIG";
    case RfState::ActivePostconfig: return "ACTIVE_POSTCONFIG";
    case RfState::Active: return "ACTIVE";
  }
  return "UNKNOWN";
}

std::optional<RfState> rf_state_from_number(std::uint8_t n) {
  if (n < 1 || n > 13) return std::nullopt;
  return static_cast<RfState>(n);
}

bool is_standby(RfState s) { return s >= RfState::StandbyCold && s <= RfState::StandbyHot; }
bool is_active(RfState s) { return s >= RfState::ActiveFast && s <= RfState::Active; }

void RfStateMachine::enter(RfState next, RfActions& a) {
  if (next == my_) return;
  my_ = next;
  if (comm_up_) a.report_state = true;
}

void RfStateMachine::reload(RfActions& a, const char* reason) {
  ++reloads_;
  grace_until_.reset();
  a.reset_sa_state = true;
  a.logs.push_back({"RF", Severity::Notice, "RF_RELOAD",
                    std::string("Self reload (SA state reset, rejoining as standby). Reason: ") + reason});
  enter(RfState::Initialization, a);
  enter(RfState::Negotiation, a);
}

// Applies every transition the current inputs allow until the state is stable. The rows, in
// order of precedence (HSRP decides activity; the association only gates replication):
//   NEGOTIATION      + HSRP Active                      -> ACTIVE (nothing replicated)
//   NEGOTIATION      + HSRP Standby                     -> STANDBY COLD
//   STANDBY COLD     + HSRP Active                      -> ACTIVE (stateful within the grace)
//   STANDBY COLD     + comm up, peer ACTIVE             -> STANDBY COLD-BULK (fresh state)
//   STANDBY COLD-BULK+ HSRP Active                      -> ACTIVE (partial state dropped)
//   STANDBY HOT      + HSRP Active                      -> ACTIVE (stateful switchover)
//   ACTIVE           + HSRP not Active                  -> reload -> NEGOTIATION -> ...
// (STANDBY COLD-CONFIG / COLD-FILESYS are passed through at once: havpnc replicates no
// configuration or file system, so there is nothing to wait for between COLD and COLD-BULK.)
void RfStateMachine::settle(RfActions& a, TimePoint now) {
  (void)now;
  for (int guard = 0; guard < 8; ++guard) {
    const RfState before = my_;
    switch (my_) {
      case RfState::Initialization:
        enter(RfState::Negotiation, a);
        break;
      case RfState::Negotiation:
        if (hsrp_ == HsrpRole::Active) {
          a.takeover = true;
          a.takeover_stateful = false;
          enter(RfState::Active, a);
        } else if (hsrp_ == HsrpRole::Standby) {
          enter(RfState::StandbyCold, a);
        }
        break;
      case RfState::StandbyCold:
      case RfState::StandbyColdConfig:
      case RfState::StandbyColdFilesys:
        if (hsrp_ == HsrpRole::Active) {
          const bool stateful = grace_until_.has_value();
          if (!stateful) a.reset_sa_state = true;
          grace_until_.reset();
          a.takeover = true;
          a.takeover_stateful = stateful;
          ++switchovers_;
          peer_ = comm_up_ ? RfState::Unknown : RfState::Disabled;
          enter(RfState::Active, a);
        } else if (comm_up_ && peer_ == RfState::Active) {
          grace_until_.reset();
          a.reset_sa_state = true;  // the bulk sync rebuilds everything from scratch
          enter(RfState::StandbyColdBulk, a);
        }
        break;
      case RfState::StandbyColdBulk:
        if (hsrp_ == HsrpRole::Active) {
          a.reset_sa_state = true;
          a.takeover = true;
          a.takeover_stateful = false;
          ++switchovers_;
          peer_ = comm_up_ ? RfState::Unknown : RfState::Disabled;
          enter(RfState::Active, a);
        }
        break;
      case RfState::StandbyHot:
        if (hsrp_ == HsrpRole::Active) {
          a.takeover = true;
          a.takeover_stateful = true;
          ++switchovers_;
          // The old active is on its way to reloading; until it reports, it is not ACTIVE.
          peer_ = comm_up_ ? RfState::Unknown : RfState::Disabled;
          enter(RfState::Active, a);
        }
        break;
      case RfState::ActiveFast:
      case RfState::ActiveDrain:
      case RfState::ActivePreconfig:
      case RfState::ActivePostconfig:
      case RfState::Active:
        if (hsrp_ != HsrpRole::Active) {
          reload(a, ("HSRP group " + config_.group_name + " is no longer Active").c_str());
        }
        break;
      case RfState::Unknown:
      case RfState::Disabled:
        break;
    }
    if (my_ == before) return;
  }
}

RfActions RfStateMachine::handle(const RfEvent& event, TimePoint now) {
  RfActions a;
  using K = RfEvent::Kind;
  switch (event.kind) {
    case K::Start:
      if (my_ == RfState::Disabled) {
        enter(RfState::Initialization, a);
        enter(RfState::Negotiation, a);
      }
      break;
    case K::Hsrp:
      hsrp_ = event.hsrp;
      break;
    case K::AssociationUp:
      comm_up_ = true;
      peer_ = RfState::Unknown;
      a.report_state = my_ != RfState::Disabled;
      break;
    case K::AssociationDown:
      comm_up_ = false;
      peer_ = RfState::Disabled;
      if (my_ == RfState::StandbyColdBulk) {
        a.reset_sa_state = true;  // half a bulk sync is no state at all
        enter(RfState::StandbyCold, a);
      } else if (my_ == RfState::StandbyHot) {
        grace_until_ = now + config_.stale_state_grace;
        enter(RfState::StandbyCold, a);
      }
      break;
    case K::PeerState:
      if (!comm_up_ || event.peer == RfState::Unknown) break;
      peer_ = event.peer;
      if (is_active(my_) && peer_ == RfState::StandbyColdBulk) a.start_bulk_sync = true;
      // The active we were syncing from stopped being active mid-bulk (it reloaded).
      if (my_ == RfState::StandbyColdBulk && !is_active(peer_)) {
        a.reset_sa_state = true;
        enter(RfState::StandbyCold, a);
      }
      break;
    case K::BulkSyncDone:
      if (my_ == RfState::StandbyColdBulk) enter(RfState::StandbyHot, a);
      break;
    case K::Tick:
      if (grace_until_ && now >= *grace_until_) {
        grace_until_.reset();
        if (is_standby(my_)) a.reset_sa_state = true;
      }
      break;
  }
  if (my_ != RfState::Disabled) settle(a, now);
  return a;
}

}  // namespace havpnc::sso
