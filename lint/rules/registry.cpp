// The one list of rules, in id order (`havpnc rules` and SARIF print them in this order).
#include "lint/rule.h"
#include "lint/rules/rules.h"

namespace havpnc::lint {

std::vector<std::unique_ptr<Rule>> all_rules() {
  using namespace rules;
  std::vector<std::unique_ptr<Rule>> out;
  out.push_back(make_crypto_weak());
  out.push_back(make_ha_crypto_map_not_on_hsrp_interface());
  out.push_back(make_ha_dpd_required());
  out.push_back(make_ha_hsrp_preempt_missing());
  out.push_back(make_ha_hsrp_priority_mismatch());
  out.push_back(make_ha_inter_device_missing());
  out.push_back(make_ha_ipc_mismatch());
  out.push_back(make_ha_ipc_missing());
  out.push_back(make_ha_onboard_crypto_engine());
  out.push_back(make_ha_pair_drift());
  out.push_back(make_ha_peer_not_vip());
  out.push_back(make_ha_peer_replay_window());
  out.push_back(make_ha_psk_only());
  out.push_back(make_ha_redundancy_group_undefined());
  out.push_back(make_ha_replay_interval_missing());
  out.push_back(make_ha_sso_key_mismatch());
  out.push_back(make_ha_sso_key_missing());
  out.push_back(make_ha_sso_security());
  out.push_back(make_ha_track_incomplete());
  out.push_back(make_ha_track_ineffective());
  out.push_back(make_hsrp_auth_missing());
  out.push_back(make_ike_proposal_mismatch());
  out.push_back(make_ike_psk_mismatch());
  out.push_back(make_ipsec_acl_not_mirrored());
  out.push_back(make_ipsec_pfs_mismatch());
  out.push_back(make_ipsec_transform_mismatch());
  out.push_back(make_psk_weak());
  out.push_back(make_ref_undefined());
  out.push_back(make_ref_unused());
  return out;
}

}  // namespace havpnc::lint
