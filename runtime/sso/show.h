#pragma once
// `show redundancy states`, `show redundancy inter-device` and `show crypto ha` in the form
// the seed captured from IOS 15.2 (R10 and R11), and their --json form.
//
// Lines IOS prints from internals havpnc does not have (client_notification_TMR, RF debug
// mask) are left out rather than invented; `client count` is havpnc's RF clients (IKE and
// IPsec replication).
#include <array>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "runtime/sso/rf_state.h"

namespace havpnc::sso {

class SsoNode;

struct RedundancyStatus {
  RfState my_state = RfState::Disabled;
  RfState peer_state = RfState::Disabled;
  bool communications_up = false;
  std::string group_name = "HSRP";   // `scheme standby HSRP`
  std::string group_state = "Init";  // HSRP state name as `show standby` prints it
  bool security_configured = false;
  std::string security_source;       // where the channel key came from (the service fills it)
  std::string vip;                   // "6.6.156.100"
  std::array<std::uint8_t, 16> stamp{};  // per-VIP HA instance stamp (random at start)
  unsigned client_count = 2;
  std::uint64_t ike_sas = 0;    // held (standby) or published (active)
  std::uint64_t ipsec_sas = 0;
  std::uint64_t switchovers = 0;
  std::uint64_t reloads = 0;
};

// Fills everything the node knows; the engine adds group_state and stamp.
RedundancyStatus status_of(const SsoNode& node);

std::string show_redundancy_states(const RedundancyStatus& s);
std::string show_redundancy_inter_device(const RedundancyStatus& s);
std::string show_crypto_ha(const RedundancyStatus& s);
nlohmann::json to_json(const RedundancyStatus& s);

// "RF_INTERDEV_STATE_ACT" etc.
const char* inter_device_state(RfState s);

}  // namespace havpnc::sso
