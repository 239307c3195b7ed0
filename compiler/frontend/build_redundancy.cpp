// Object tracking, the ipc zone's SCTP association and inter-device redundancy.
#include "compiler/frontend/model_builder.h"
#include "compiler/model/defaults.h"

namespace havpnc::frontend {

using model::Located;
using model::SourceRange;
namespace defaults = model::defaults;

model::TrackObject& ModelBuilder::track(const Located<std::uint32_t>& id, const SourceRange& at) {
  const std::string name = std::to_string(id.value);
  if (device_.tracks.count(id.value) == 0) device_.references.define(model::StructureKind::TrackObject, name, at);
  model::TrackObject& t = device_.tracks[id.value];
  // Redefining a track object replaces it, as IOS does after `no track N`.
  t = model::TrackObject{};
  t.id = id;
  t.range = at;
  return t;
}

void ModelBuilder::enterTrack_interface_stanza(P::Track_interface_stanzaContext* ctx) {
  track_ = nullptr;
  auto id = read_.number(ctx->object, 1, 1000, "track object");
  if (!id) return;
  std::string written = name_of(ctx->if_name) + name_of(ctx->if_unit);
  const SourceRange name_at = read_.range(ctx->if_name->getStart(),
                                          (ctx->if_unit != nullptr ? ctx->if_unit : ctx->if_name)->getStop());
  auto full = interface_name(written, name_at);
  if (!full) return;
  model::TrackObject& t = track(*id, read_.range(ctx->getStart(), ctx->line_protocol != nullptr
                                                                      ? ctx->line_protocol
                                                                      : ctx->K_ROUTING()->getSymbol()));
  t.kind = ctx->line_protocol != nullptr ? model::TrackObject::Kind::InterfaceLineProtocol
                                         : model::TrackObject::Kind::InterfaceIpRouting;
  t.interface = Located<std::string>::configured(*full, name_at);
  device_.references.use(model::StructureKind::Interface, *full, name_at,
                         "track " + std::to_string(id->value) + " interface");
  track_ = &t;
}

void ModelBuilder::enterTrack_list_stanza(P::Track_list_stanzaContext* ctx) {
  track_ = nullptr;
  auto id = read_.number(ctx->object, 1, 1000, "track object");
  if (!id) return;
  model::TrackObject& t = track(*id, read_.range(ctx->getStart(), ctx->op));
  t.kind = ctx->K_AND() != nullptr ? model::TrackObject::Kind::ListBooleanAnd
                                   : model::TrackObject::Kind::ListBooleanOr;
  track_ = &t;
}

void ModelBuilder::enterTrackObject(P::TrackObjectContext* ctx) {
  if (track_ == nullptr) return;
  if (track_->kind != model::TrackObject::Kind::ListBooleanAnd &&
      track_->kind != model::TrackObject::Kind::ListBooleanOr) {
    read_.invalid(read_.range(ctx), "`object` belongs in a `track N list` object");
    return;
  }
  auto member = read_.number(ctx->member, 1, 1000, "track object");
  if (!member) return;
  if (member->value == track_->id.value) {
    read_.invalid(member->range, "track " + std::to_string(member->value) + " cannot list itself");
    return;
  }
  track_->members.push_back({*member, ctx->negate != nullptr, read_.range(ctx)});
  device_.references.use(model::StructureKind::TrackObject, std::to_string(member->value), member->range,
                         "track " + std::to_string(track_->id.value) + " list object");
}

void ModelBuilder::enterTrackDelay(P::TrackDelayContext* ctx) {
  if (track_ == nullptr) return;
  if (ctx->up != nullptr) track_->delay_up_seconds = read_.number(ctx->up, 0, 180, "delay up");
  if (ctx->down != nullptr) track_->delay_down_seconds = read_.number(ctx->down, 0, 180, "delay down");
}

void ModelBuilder::enterIpc_zone_stanza(P::Ipc_zone_stanzaContext* ctx) {
  if (!device_.ipc_zone) device_.ipc_zone = model::IpcZone{{}, read_.range(ctx->getStart(), ctx->K_DEFAULT()->getSymbol())};
}

void ModelBuilder::enterAssociation(P::AssociationContext* ctx) {
  association_ = nullptr;
  if (!device_.ipc_zone) return;
  auto id = read_.number(ctx->id, 1, 255, "association");
  if (!id) return;
  for (auto& a : device_.ipc_zone->associations) {
    if (a.id.value == id->value) {
      association_ = &a;
      return;
    }
  }
  const SourceRange at = read_.range(ctx->getStart(), ctx->id);
  model::SctpAssociation a;
  a.id = *id;
  a.range = at;
  a.shutdown = Located<bool>::by_default(true, at);
  a.retransmit_min_ms = Located<std::uint32_t>::by_default(defaults::kSctpRetransmitMinMs, at);
  a.retransmit_max_ms = Located<std::uint32_t>::by_default(defaults::kSctpRetransmitMaxMs, at);
  a.path_retransmit = Located<std::uint32_t>::by_default(defaults::kSctpPathRetransmit, at);
  a.assoc_retransmit = Located<std::uint32_t>::by_default(defaults::kSctpAssocRetransmit, at);
  device_.ipc_zone->associations.push_back(std::move(a));
  association_ = &device_.ipc_zone->associations.back();
}

void ModelBuilder::enterAssocShutdown(P::AssocShutdownContext* ctx) {
  if (association_ != nullptr) association_->shutdown = Located<bool>::configured(ctx->no == nullptr, read_.range(ctx));
}

void ModelBuilder::enterAssocProtocol(P::AssocProtocolContext* ctx) {
  if (association_ != nullptr) association_->protocol_sctp = read_.range(ctx);
}

void ModelBuilder::enterAssocLocalPort(P::AssocLocalPortContext* ctx) {
  if (association_ != nullptr) association_->local_port = read_.number(ctx->port, 1, 65535, "local-port");
}

void ModelBuilder::enterAssocRemotePort(P::AssocRemotePortContext* ctx) {
  if (association_ != nullptr) association_->remote_port = read_.number(ctx->port, 1, 65535, "remote-port");
}

void ModelBuilder::enterAssocLocalIp(P::AssocLocalIpContext* ctx) {
  if (association_ == nullptr) return;
  association_->local_ips.clear();
  for (auto* token : {ctx->first, ctx->second}) {
    if (token == nullptr) continue;
    if (auto a = read_.address(token, "local-ip")) association_->local_ips.push_back(*a);
  }
}

void ModelBuilder::enterAssocRemoteIp(P::AssocRemoteIpContext* ctx) {
  if (association_ == nullptr) return;
  association_->remote_ips.clear();
  for (auto* token : {ctx->first, ctx->second}) {
    if (token == nullptr) continue;
    if (auto a = read_.address(token, "remote-ip")) association_->remote_ips.push_back(*a);
  }
}

void ModelBuilder::enterAssocRetransmitTimeout(P::AssocRetransmitTimeoutContext* ctx) {
  if (association_ == nullptr) return;
  auto min = read_.number(ctx->minimum, 300, 60000, "retransmit-timeout minimum (ms)");
  auto max = read_.number(ctx->maximum, 300, 60000, "retransmit-timeout maximum (ms)");
  if (!min || !max) return;
  if (min->value > max->value) {
    read_.invalid(read_.range(ctx), "retransmit-timeout minimum is above its maximum");
    return;
  }
  association_->retransmit_min_ms = *min;
  association_->retransmit_max_ms = *max;
}

void ModelBuilder::enterAssocPathRetransmit(P::AssocPathRetransmitContext* ctx) {
  if (association_ == nullptr) return;
  if (auto n = read_.number(ctx->count, 2, 10, "path-retransmit")) association_->path_retransmit = *n;
}

void ModelBuilder::enterAssocAssocRetransmit(P::AssocAssocRetransmitContext* ctx) {
  if (association_ == nullptr) return;
  if (auto n = read_.number(ctx->count, 2, 20, "assoc-retransmit")) association_->assoc_retransmit = *n;
}

void ModelBuilder::enterInter_device_stanza(P::Inter_device_stanzaContext* ctx) {
  if (!device_.inter_device) {
    device_.inter_device = model::InterDeviceRedundancy{};
    device_.inter_device->range = read_.range(ctx->getStart(), ctx->K_INTER_DEVICE()->getSymbol());
  }
}

void ModelBuilder::enterInterDeviceScheme(P::InterDeviceSchemeContext* ctx) {
  if (!device_.inter_device) return;
  device_.inter_device->scheme_standby = located_name(ctx->group);
  device_.references.use(model::StructureKind::HsrpGroupName, device_.inter_device->scheme_standby->value,
                         device_.inter_device->scheme_standby->range, "redundancy inter-device scheme standby");
}

void ModelBuilder::enterInterDeviceSecurity(P::InterDeviceSecurityContext* ctx) {
  if (!device_.inter_device) return;
  device_.inter_device->security_ipsec = located_name(ctx->profile);
  device_.references.use(model::StructureKind::IpsecProfile, device_.inter_device->security_ipsec->value,
                         device_.inter_device->security_ipsec->range, "redundancy inter-device security ipsec");
}

// havpnc extension: IOS has no such line, so a config meant for IOS never has it.
void ModelBuilder::enterInterDeviceSecurityKey(P::InterDeviceSecurityKeyContext* ctx) {
  if (!device_.inter_device) return;
  model::SsoSecurityKey k;
  k.range = read_.range(ctx);
  if (ctx->key_type != nullptr) {
    auto type = read_.number(ctx->key_type, 0, 7, "key encryption type");
    if (!type) return;
    if (type->value != 0 && type->value != 7) {
      read_.invalid(type->range, "security key encryption type must be 0 or 7");
      return;
    }
    k.key.encryption_type = type->value;
  }
  k.key.text = Secret(name_of(ctx->key));
  device_.inter_device->security_key = std::move(k);
}

void ModelBuilder::enterChassis_redundancy_stanza(P::Chassis_redundancy_stanzaContext* ctx) {
  if (!device_.chassis_redundancy) {
    device_.chassis_redundancy = model::ChassisRedundancy{};
    device_.chassis_redundancy->range = read_.range(ctx->getStart());
  }
}

void ModelBuilder::enterChassis_redundancy_child(P::Chassis_redundancy_childContext* ctx) {
  if (!device_.chassis_redundancy || ctx->K_MODE() == nullptr) return;
  const antlr4::Token* word = ctx->sso != nullptr ? ctx->sso : ctx->other->getStart();
  device_.chassis_redundancy->mode = Located<std::string>::configured(word->getText(), read_.range(ctx));
}

}  // namespace havpnc::frontend
