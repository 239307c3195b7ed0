#pragma once
// Turns one chunk's parse tree into model values. Stanza rules set the "current" structure
// that their child lines fill in. The walk (frontend.cpp) skips every context of a line
// that was given up as a syntax error, so no half-parsed line ever sets a value.
#include <string>

#include "IosParserBaseListener.h"
#include "compiler/frontend/value_reader.h"
#include "compiler/model/device.h"
#include "grammar/config_parser.h"

namespace havpnc::frontend {

class ModelBuilder : public grammar::IosParserBaseListener {
 public:
  using P = grammar::IosParser;

  ModelBuilder(model::Device& device, const grammar::ConfigParser& parser);

  // Checks that need a whole stanza or the whole file (HSRP group range vs version).
  void finish();

  // Device
  void enterHostname_line(P::Hostname_lineContext*) override;
  void enterVersion_line(P::Version_lineContext*) override;
  void enterBanner(P::BannerContext*) override;
  void enterIp_routing_line(P::Ip_routing_lineContext*) override;
  void enterIp_route_line(P::Ip_route_lineContext*) override;
  void enterCrypto_engine_line(P::Crypto_engine_lineContext*) override;
  void enterLine_stanza(P::Line_stanzaContext*) override;
  void enterPki_chain_stanza(P::Pki_chain_stanzaContext*) override;

  // Interfaces and HSRP
  void enterInterface_stanza(P::Interface_stanzaContext*) override;
  void exitInterface_stanza(P::Interface_stanzaContext*) override;
  void enterIf_description(P::If_descriptionContext*) override;
  void enterIf_ip_address(P::If_ip_addressContext*) override;
  void enterIf_no_ip_address(P::If_no_ip_addressContext*) override;
  void enterIf_shutdown(P::If_shutdownContext*) override;
  void enterIf_crypto_map(P::If_crypto_mapContext*) override;
  void enterIf_standby(P::If_standbyContext*) override;
  void enterStandbyIp(P::StandbyIpContext*) override;
  void enterStandbyPriority(P::StandbyPriorityContext*) override;
  void enterStandbyPreempt(P::StandbyPreemptContext*) override;
  void enterStandbyName(P::StandbyNameContext*) override;
  void enterStandbyTrack(P::StandbyTrackContext*) override;
  void enterStandbyTimers(P::StandbyTimersContext*) override;
  void enterStandbyAuthentication(P::StandbyAuthenticationContext*) override;
  void enterStandbyMacAddress(P::StandbyMacAddressContext*) override;

  // Access lists
  void enterIp_access_list_stanza(P::Ip_access_list_stanzaContext*) override;
  void enterAcl_child(P::Acl_childContext*) override;
  void enterNumbered_acl_line(P::Numbered_acl_lineContext*) override;

  // IKE
  void enterIsakmp_policy_stanza(P::Isakmp_policy_stanzaContext*) override;
  void enterIsakmpEncryption(P::IsakmpEncryptionContext*) override;
  void enterIsakmpHash(P::IsakmpHashContext*) override;
  void enterIsakmpAuthentication(P::IsakmpAuthenticationContext*) override;
  void enterIsakmpGroup(P::IsakmpGroupContext*) override;
  void enterIsakmpLifetime(P::IsakmpLifetimeContext*) override;
  void enterIsakmp_key_line(P::Isakmp_key_lineContext*) override;
  void enterIsakmp_keepalive_line(P::Isakmp_keepalive_lineContext*) override;
  void enterIsakmp_nat_keepalive_line(P::Isakmp_nat_keepalive_lineContext*) override;
  void enterIsakmp_profile_stanza(P::Isakmp_profile_stanzaContext*) override;
  void enterKeyring_stanza(P::Keyring_stanzaContext*) override;
  void enterKeyring_child(P::Keyring_childContext*) override;

  // IPsec
  void enterTransform_set_stanza(P::Transform_set_stanzaContext*) override;
  void enterTransform_set_child(P::Transform_set_childContext*) override;
  void enterIpsec_profile_stanza(P::Ipsec_profile_stanzaContext*) override;
  void enterIpsec_sa_global_line(P::Ipsec_sa_global_lineContext*) override;
  void enterCrypto_map_entry_stanza(P::Crypto_map_entry_stanzaContext*) override;
  void enterMapSetPeer(P::MapSetPeerContext*) override;
  void enterMapSetTransformSet(P::MapSetTransformSetContext*) override;
  void enterMapSetPfs(P::MapSetPfsContext*) override;
  void enterMapSetSa(P::MapSetSaContext*) override;
  void enterMapSetIsakmpProfile(P::MapSetIsakmpProfileContext*) override;
  void enterMapMatchAddress(P::MapMatchAddressContext*) override;
  void enterMapReverseRoute(P::MapReverseRouteContext*) override;
  void enterMapDescription(P::MapDescriptionContext*) override;
  void enterCrypto_map_replay_interval_line(P::Crypto_map_replay_interval_lineContext*) override;
  void enterCrypto_map_local_address_line(P::Crypto_map_local_address_lineContext*) override;

  // Tracking
  void enterTrack_interface_stanza(P::Track_interface_stanzaContext*) override;
  void enterTrack_list_stanza(P::Track_list_stanzaContext*) override;
  void enterTrackObject(P::TrackObjectContext*) override;
  void enterTrackDelay(P::TrackDelayContext*) override;

  // Inter-device redundancy
  void enterIpc_zone_stanza(P::Ipc_zone_stanzaContext*) override;
  void enterAssociation(P::AssociationContext*) override;
  void enterAssocShutdown(P::AssocShutdownContext*) override;
  void enterAssocProtocol(P::AssocProtocolContext*) override;
  void enterAssocLocalPort(P::AssocLocalPortContext*) override;
  void enterAssocLocalIp(P::AssocLocalIpContext*) override;
  void enterAssocRemotePort(P::AssocRemotePortContext*) override;
  void enterAssocRemoteIp(P::AssocRemoteIpContext*) override;
  void enterAssocRetransmitTimeout(P::AssocRetransmitTimeoutContext*) override;
  void enterAssocPathRetransmit(P::AssocPathRetransmitContext*) override;
  void enterAssocAssocRetransmit(P::AssocAssocRetransmitContext*) override;
  void enterInter_device_stanza(P::Inter_device_stanzaContext*) override;
  void enterInterDeviceScheme(P::InterDeviceSchemeContext*) override;
  void enterInterDeviceSecurity(P::InterDeviceSecurityContext*) override;
  void enterInterDeviceSecurityKey(P::InterDeviceSecurityKeyContext*) override;
  void enterChassis_redundancy_stanza(P::Chassis_redundancy_stanzaContext*) override;
  void enterChassis_redundancy_child(P::Chassis_redundancy_childContext*) override;

 private:
  std::string name_of(P::NameContext* ctx) const { return ctx == nullptr ? std::string() : ctx->getText(); }
  std::string rest_of(P::RestContext* ctx) const;
  model::Located<std::string> located_name(P::NameContext* ctx) const;
  std::optional<std::string> interface_name(const std::string& written, const model::SourceRange& at);
  model::HsrpGroup& hsrp_group(P::If_standbyContext* line);
  model::AclEntry acl_entry(P::Acl_entryContext* ctx);
  std::optional<model::AclAddress> acl_address(P::Acl_addressContext* ctx);
  model::AclPort acl_port(P::Acl_portContext* ctx);
  void sa_setting(P::Sa_settingContext* ctx, model::SaLifetime* lifetime,
                  model::ReplaySettings* replay, bool global);
  model::CryptoMap& crypto_map(const model::Located<std::string>& name);
  model::TrackObject& track(const model::Located<std::uint32_t>& id, const model::SourceRange& at);
  void add_key(std::string keyring, P::NameContext* key, antlr4::Token* key_type,
               antlr4::Token* address, antlr4::Token* mask, P::NameContext* host,
               bool no_xauth, const model::SourceRange& at);

  model::Device& device_;
  const grammar::ConfigParser& parser_;
  ValueReader read_;

  model::Interface* interface_ = nullptr;
  model::AccessList* acl_ = nullptr;
  model::IsakmpPolicy* policy_ = nullptr;
  std::string keyring_;
  model::TransformSet* transform_set_ = nullptr;
  model::CryptoMapEntry* map_entry_ = nullptr;
  model::TrackObject* track_ = nullptr;
  model::SctpAssociation* association_ = nullptr;
  model::HsrpGroup* standby_group_ = nullptr;  // the group of the `standby` line being read
};

}  // namespace havpnc::frontend
