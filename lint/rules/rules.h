#pragma once
// One factory per rule; registry.cpp lists them in id order. Each rule's class lives alone
// in lint/rules/<rule_id>.cpp.
#include <memory>

#include "lint/rule.h"

namespace havpnc::lint::rules {

std::unique_ptr<Rule> make_crypto_weak();
std::unique_ptr<Rule> make_ha_crypto_map_not_on_hsrp_interface();
std::unique_ptr<Rule> make_ha_dpd_required();
std::unique_ptr<Rule> make_ha_hsrp_preempt_missing();
std::unique_ptr<Rule> make_ha_hsrp_priority_mismatch();
std::unique_ptr<Rule> make_ha_inter_device_missing();
std::unique_ptr<Rule> make_ha_ipc_mismatch();
std::unique_ptr<Rule> make_ha_ipc_missing();
std::unique_ptr<Rule> make_ha_onboard_crypto_engine();
std::unique_ptr<Rule> make_ha_pair_drift();
std::unique_ptr<Rule> make_ha_peer_not_vip();
std::unique_ptr<Rule> make_ha_peer_replay_window();
std::unique_ptr<Rule> make_ha_psk_only();
std::unique_ptr<Rule> make_ha_redundancy_group_undefined();
std::unique_ptr<Rule> make_ha_replay_interval_missing();
std::unique_ptr<Rule> make_ha_sso_key_mismatch();
std::unique_ptr<Rule> make_ha_sso_key_missing();
std::unique_ptr<Rule> make_ha_sso_security();
std::unique_ptr<Rule> make_ha_track_incomplete();
std::unique_ptr<Rule> make_ha_track_ineffective();
std::unique_ptr<Rule> make_hsrp_auth_missing();
std::unique_ptr<Rule> make_ike_proposal_mismatch();
std::unique_ptr<Rule> make_ike_psk_mismatch();
std::unique_ptr<Rule> make_ipsec_acl_not_mirrored();
std::unique_ptr<Rule> make_ipsec_pfs_mismatch();
std::unique_ptr<Rule> make_ipsec_transform_mismatch();
std::unique_ptr<Rule> make_psk_weak();
std::unique_ptr<Rule> make_ref_undefined();
std::unique_ptr<Rule> make_ref_unused();

}  // namespace havpnc::lint::rules
