// Interfaces and their HSRP groups.
#include <cctype>

#include "compiler/frontend/model_builder.h"
#include "compiler/model/defaults.h"
#include "compiler/model/interface_name.h"

namespace havpnc::frontend {

using model::Located;
using model::SourceRange;
namespace defaults = model::defaults;

void ModelBuilder::enterInterface_stanza(P::Interface_stanzaContext* ctx) {
  interface_ = nullptr;
  const std::string written = rest_of(ctx->if_name);
  const antlr4::Token* last = written.empty() ? ctx->K_INTERFACE()->getSymbol() : ctx->if_name->getStop();
  const SourceRange at = read_.range(ctx->K_INTERFACE()->getSymbol(), last);
  // `interface Gi0/1.100 point-to-point`: the name is the first word (or two, `Gi 0/1`).
  std::string name_part = written;
  if (auto space = written.find_first_of(" \t"); space != std::string::npos) {
    auto next = written.find_first_not_of(" \t", space);
    bool unit_follows = next != std::string::npos && std::isdigit(static_cast<unsigned char>(written[next]));
    auto end = unit_follows ? written.find_first_of(" \t", next) : space;
    name_part = written.substr(0, end);
  }
  auto full = interface_name(name_part, at);
  if (!full) return;
  auto [it, inserted] = device_.interfaces.try_emplace(*full);
  interface_ = &it->second;
  if (inserted) {
    interface_->name = Located<std::string>::configured(*full, at);
    interface_->written_as = name_part;
    interface_->range = at;
    interface_->shutdown = Located<bool>::by_default(false, at);
    interface_->hsrp_version = Located<std::uint32_t>::by_default(defaults::kHsrpVersion, at);
    device_.references.define(model::StructureKind::Interface, *full, at);
  }
}

void ModelBuilder::exitInterface_stanza(P::Interface_stanzaContext*) { interface_ = nullptr; }

void ModelBuilder::enterIf_description(P::If_descriptionContext* ctx) {
  if (interface_ == nullptr) return;
  interface_->description = Located<std::string>::configured(rest_of(ctx->text), read_.range(ctx));
}

void ModelBuilder::enterIf_ip_address(P::If_ip_addressContext* ctx) {
  if (interface_ == nullptr) return;
  auto address = read_.address(ctx->address, "interface address");
  auto mask = read_.mask(ctx->mask, "subnet mask");
  if (!address || !mask) return;
  auto prefix = Located<model::Ipv4Prefix>::configured({address->value, mask->value}, read_.range(ctx));
  if (mask->value < 31 && (prefix.value.network() == address->value ||
                           (address->value.bits | ~model::mask_of_prefix_length(mask->value).bits) ==
                               address->value.bits)) {
    read_.invalid(address->range, "'" + address->value.to_string() + "' is the network or broadcast address of /" +
                                      std::to_string(mask->value) + " (IOS: Bad mask for address)");
    return;
  }
  if (ctx->K_SECONDARY() != nullptr) {
    interface_->secondary_addresses.push_back(prefix);
  } else {
    interface_->address = prefix;
    interface_->no_ip_address = false;
  }
}

void ModelBuilder::enterIf_no_ip_address(P::If_no_ip_addressContext*) {
  if (interface_ == nullptr) return;
  interface_->address.reset();
  interface_->secondary_addresses.clear();
  interface_->no_ip_address = true;
}

void ModelBuilder::enterIf_shutdown(P::If_shutdownContext* ctx) {
  if (interface_ == nullptr) return;
  interface_->shutdown = Located<bool>::configured(ctx->K_NO() == nullptr, read_.range(ctx));
}

void ModelBuilder::enterIf_crypto_map(P::If_crypto_mapContext* ctx) {
  if (interface_ == nullptr) return;
  model::InterfaceCryptoMap applied;
  applied.map = located_name(ctx->map);
  applied.range = read_.range(ctx);
  const std::string context = "interface " + interface_->name.value + " crypto map";
  device_.references.use(model::StructureKind::CryptoMap, applied.map.value, applied.map.range, context);
  if (ctx->group != nullptr) {
    applied.redundancy_group = located_name(ctx->group);
    applied.stateful = ctx->K_STATEFUL() != nullptr;
    device_.references.use(model::StructureKind::HsrpGroupName, applied.redundancy_group->value,
                           applied.redundancy_group->range, context + " redundancy");
  }
  interface_->crypto_map = std::move(applied);
}

model::HsrpGroup& ModelBuilder::hsrp_group(P::If_standbyContext* line) {
  const SourceRange at = read_.range(line);
  std::uint32_t number = defaults::kHsrpGroup;
  SourceRange number_at = at;
  bool number_given = false;
  if (line->group != nullptr) {
    // The version-dependent upper bound is checked once the interface is complete.
    if (auto n = read_.number(line->group, 0, 4095, "HSRP group")) {
      number = n->value;
      number_at = n->range;
      number_given = true;
    }
  }
  for (auto& g : interface_->hsrp_groups) {
    if (g.number.value == number) return g;
  }
  model::HsrpGroup g;
  g.number = number_given ? Located<std::uint32_t>::configured(number, number_at)
                          : Located<std::uint32_t>::by_default(number, at);
  g.priority = Located<std::uint32_t>::by_default(defaults::kHsrpPriority, at);
  g.hello_ms = Located<std::uint32_t>::by_default(defaults::kHsrpHelloMs, at);
  g.hold_ms = Located<std::uint32_t>::by_default(defaults::kHsrpHoldMs, at);
  g.range = at;
  interface_->hsrp_groups.push_back(std::move(g));
  return interface_->hsrp_groups.back();
}

void ModelBuilder::enterIf_standby(P::If_standbyContext* ctx) {
  standby_group_ = nullptr;
  if (interface_ == nullptr) return;
  if (ctx->K_VERSION() != nullptr) {
    if (auto v = read_.number(ctx->version, 1, 2, "HSRP version")) interface_->hsrp_version = *v;
    return;
  }
  if (ctx->K_USE_BIA() != nullptr) {
    interface_->hsrp_use_bia = true;
    return;
  }
  if (ctx->group != nullptr && !read_.number(ctx->group, 0, 4095, "HSRP group")) return;
  standby_group_ = &hsrp_group(ctx);
}

void ModelBuilder::enterStandbyIp(P::StandbyIpContext* ctx) {
  if (standby_group_ == nullptr || ctx->address == nullptr) return;
  auto vip = read_.address(ctx->address, "virtual IP");
  if (!vip) return;
  if (ctx->K_SECONDARY() != nullptr) {
    standby_group_->secondary_ips.push_back(*vip);
  } else {
    standby_group_->virtual_ip = *vip;
  }
}

void ModelBuilder::enterStandbyPriority(P::StandbyPriorityContext* ctx) {
  if (standby_group_ == nullptr) return;
  if (auto p = read_.number(ctx->priority, 0, 255, "HSRP priority")) standby_group_->priority = *p;
}

void ModelBuilder::enterStandbyPreempt(P::StandbyPreemptContext* ctx) {
  if (standby_group_ == nullptr) return;
  standby_group_->preempt = true;
  standby_group_->preempt_range = read_.range(ctx);
  if (ctx->minimum != nullptr) standby_group_->preempt_delay_minimum = read_.number(ctx->minimum, 0, 3600, "preempt delay minimum");
  if (ctx->reload != nullptr) standby_group_->preempt_delay_reload = read_.number(ctx->reload, 0, 3600, "preempt delay reload");
  if (ctx->sync != nullptr) standby_group_->preempt_delay_sync = read_.number(ctx->sync, 0, 3600, "preempt delay sync");
}

void ModelBuilder::enterStandbyName(P::StandbyNameContext* ctx) {
  if (standby_group_ == nullptr) return;
  standby_group_->name = located_name(ctx->group_name);
  if (device_.references.find_definition(model::StructureKind::HsrpGroupName, standby_group_->name->value) == nullptr) {
    device_.references.define(model::StructureKind::HsrpGroupName, standby_group_->name->value,
                              standby_group_->name->range);
  }
}

void ModelBuilder::enterStandbyTrack(P::StandbyTrackContext* ctx) {
  if (standby_group_ == nullptr) return;
  auto object = read_.number(ctx->object, 1, 1000, "track object");
  if (!object) return;
  model::HsrpTrack track;
  track.object = *object;
  track.range = read_.range(ctx);
  track.shutdown = ctx->K_SHUTDOWN() != nullptr;
  if (ctx->decrement != nullptr) {
    auto d = read_.number(ctx->decrement, 1, 255, "track decrement");
    if (!d) return;
    track.decrement = *d;
  } else {
    track.decrement = Located<std::uint32_t>::by_default(track.shutdown ? 0 : defaults::kHsrpTrackDecrement, track.range);
  }
  device_.references.use(model::StructureKind::TrackObject, std::to_string(object->value), object->range,
                         "interface " + interface_->name.value + " standby " +
                             std::to_string(standby_group_->number.value) + " track");
  standby_group_->tracks.push_back(std::move(track));
}

void ModelBuilder::enterStandbyTimers(P::StandbyTimersContext* ctx) {
  if (standby_group_ == nullptr) return;
  // RFC 2281 carries seconds; IOS adds `msec` (hello 15-999 ms, hold 50-3000 ms), and in
  // seconds hello 1-254 s, hold 1-255 s.
  const bool hello_msec = ctx->hello_msec != nullptr;
  const bool hold_msec = ctx->hold_msec != nullptr;
  auto hello = hello_msec ? read_.number(ctx->hello, 15, 999, "hello time (ms)")
                          : read_.number(ctx->hello, 1, 254, "hello time (s)");
  auto hold = hold_msec ? read_.number(ctx->hold, 50, 3000, "hold time (ms)")
                        : read_.number(ctx->hold, 1, 255, "hold time (s)");
  if (!hello || !hold) return;
  hello->value *= hello_msec ? 1 : 1000;
  hold->value *= hold_msec ? 1 : 1000;
  hello->range = read_.range(ctx->hello_msec != nullptr ? ctx->hello_msec : ctx->hello, ctx->hello);
  hold->range = read_.range(ctx->hold_msec != nullptr ? ctx->hold_msec : ctx->hold, ctx->hold);
  standby_group_->hello_ms = *hello;
  standby_group_->hold_ms = *hold;
}

void ModelBuilder::enterStandbyAuthentication(P::StandbyAuthenticationContext* ctx) {
  if (standby_group_ == nullptr) return;
  model::HsrpAuthentication auth;
  auth.range = read_.range(ctx);
  if (ctx->chain != nullptr) {
    auth.kind = model::HsrpAuthentication::Kind::Md5KeyChain;
    auth.key_chain = name_of(ctx->chain);
  } else if (ctx->K_MD5() != nullptr) {
    auth.kind = model::HsrpAuthentication::Kind::Md5KeyString;
    if (ctx->key_type != nullptr) {
      auto type = read_.number(ctx->key_type, 0, 7, "key encryption type");
      if (!type || (type->value != 0 && type->value != 7)) {
        if (type) read_.invalid(type->range, "HSRP key-string encryption type must be 0 or 7");
        return;
      }
      auth.key.encryption_type = type->value;
    }
    auth.key.text = Secret(name_of(ctx->key));
  } else {
    auth.kind = model::HsrpAuthentication::Kind::Text;
    const std::string text = name_of(ctx->text);
    if (text.size() > 8) {
      read_.invalid(read_.range(ctx->text), "HSRP text authentication is at most 8 characters (RFC 2281 §5.1)");
      return;
    }
    auth.key.text = Secret(text);
  }
  standby_group_->authentication = std::move(auth);
}

void ModelBuilder::enterStandbyMacAddress(P::StandbyMacAddressContext* ctx) {
  if (standby_group_ == nullptr) return;
  standby_group_->mac_address = located_name(ctx->mac);
}

}  // namespace havpnc::frontend
