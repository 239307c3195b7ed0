#include "runtime/sso/show.h"

#include <cstdio>

#include "runtime/sso/sso_node.h"

namespace havpnc::sso {

namespace {

std::string state_line(const char* label, RfState s) {
  return std::string(label) + " = " + std::to_string(static_cast<int>(s)) + " -" + to_string(s) + "\n";
}

std::string hex_stamp(const std::array<std::uint8_t, 16>& stamp) {
  std::string out;
  char b[4];
  for (std::size_t i = 0; i < stamp.size(); ++i) {
    std::snprintf(b, sizeof b, "%02X", stamp[i]);
    if (i) out += ' ';
    out += b;
  }
  return out;
}

bool duplex(const RedundancyStatus& s) {
  return s.communications_up && s.peer_state != RfState::Disabled;
}

const char* manual_swact(const RedundancyStatus& s) {
  if (is_standby(s.my_state)) return "cannot be initiated from this the standby unit";
  if (is_active(s.my_state) && s.peer_state == RfState::StandbyHot) return "enabled";
  return "disabled";
}

}  // namespace

const char* inter_device_state(RfState s) {
  if (is_active(s)) return "RF_INTERDEV_STATE_ACT";
  if (is_standby(s)) return "RF_INTERDEV_STATE_STDBY";
  if (s == RfState::Disabled) return "RF_INTERDEV_STATE_DISABLED";
  return "RF_INTERDEV_STATE_INIT";
}

RedundancyStatus status_of(const SsoNode& node) {
  RedundancyStatus s;
  s.my_state = node.rf().my_state();
  s.peer_state = node.rf().peer_state();
  s.communications_up = node.rf().communications_up();
  s.group_name = node.rf().group_name();
  switch (node.rf().hsrp()) {
    case HsrpRole::Active: s.group_state = "Active"; break;
    case HsrpRole::Standby: s.group_state = "Standby"; break;
    case HsrpRole::Other: s.group_state = "Init"; break;
  }
  s.security_configured = node.channel().keyed();
  s.vip = node.config().takeover.vip;
  if (is_active(s.my_state)) {
    s.ike_sas = node.publisher().ike_sa_count();
    s.ipsec_sas = node.publisher().ipsec_sa_count();
  } else {
    s.ike_sas = node.applier().ike_sas().size();
    s.ipsec_sas = node.applier().ipsec_sas().size();
  }
  s.switchovers = node.rf().switchovers();
  s.reloads = node.rf().reloads();
  return s;
}

std::string show_redundancy_states(const RedundancyStatus& s) {
  std::string out;
  out += state_line("my state", s.my_state);
  out += state_line("peer state", s.peer_state);
  out += std::string("Mode = ") + (duplex(s) ? "Duplex" : "Simplex") + "\n";
  out += "Unit ID = 0\n";
  out += "Maintenance Mode = Disabled\n";
  out += std::string("Manual Swact = ") + manual_swact(s) + "\n";
  out += std::string("Communications = ") + (s.communications_up ? "Up" : "Down") + "\n";
  out += "client count = " + std::to_string(s.client_count) + "\n";
  return out;
}

std::string show_redundancy_inter_device(const RedundancyStatus& s) {
  std::string out;
  out += std::string("Redundancy inter-device state: ") + inter_device_state(s.my_state) + "\n";
  out += "Scheme: Standby\n";
  out += "Groupname: " + s.group_name + " Group State: " + s.group_state + "\n";
  out += std::string("Peer present: ") +
         (s.communications_up ? "RF_INTERDEV_PEER_COMM" : "RF_INTERDEV_PEER_NO_COMM") + "\n";
  out += std::string("Security: ") + (s.security_configured ? "Configured" : "Not configured");
  // havpnc detail, not in IOS's output: how the channel is protected and with which key.
  if (s.security_configured && !s.security_source.empty())
    out += " (AES-256-GCM, key from " + s.security_source + ")";
  out += "\n";
  return out;
}

std::string show_crypto_ha(const RedundancyStatus& s) {
  if (s.vip.empty()) return "";
  std::string out;
  out += "IKE VIP: " + s.vip + "\n";
  out += "stamp: " + hex_stamp(s.stamp) + "\n";
  out += "IPSec VIP: " + s.vip + "\n";
  return out;
}

nlohmann::json to_json(const RedundancyStatus& s) {
  auto state = [](RfState st) {
    return nlohmann::json{{"number", static_cast<int>(st)}, {"name", to_string(st)}};
  };
  return nlohmann::json{
      {"my_state", state(s.my_state)},
      {"peer_state", state(s.peer_state)},
      {"mode", duplex(s) ? "Duplex" : "Simplex"},
      {"communications", s.communications_up ? "Up" : "Down"},
      {"inter_device_state", inter_device_state(s.my_state)},
      {"scheme", "Standby"},
      {"group_name", s.group_name},
      {"group_state", s.group_state},
      {"peer_present", s.communications_up},
      {"security_configured", s.security_configured},
      {"security_key_source", s.security_source.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.security_source)},
      {"vip", s.vip},
      {"stamp", hex_stamp(s.stamp)},
      {"client_count", s.client_count},
      {"ike_sas", s.ike_sas},
      {"ipsec_sas", s.ipsec_sas},
      {"switchovers", s.switchovers},
      {"reloads", s.reloads},
  };
}

}  // namespace havpnc::sso
