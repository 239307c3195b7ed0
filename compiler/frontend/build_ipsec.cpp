// Transform sets, IPsec SA settings and crypto maps (phase 2).
#include "IosLexer.h"
#include "compiler/frontend/model_builder.h"
#include "compiler/model/defaults.h"

namespace havpnc::frontend {

using model::Located;
using model::SourceRange;

void ModelBuilder::enterTransform_set_stanza(P::Transform_set_stanzaContext* ctx) {
  transform_set_ = nullptr;
  const std::string name = name_of(ctx->ts);
  const SourceRange at = read_.range(ctx->getStart(), ctx->transforms.back()->getStop());
  model::TransformSet set;
  set.name = located_name(ctx->ts);
  set.range = at;
  set.mode = Located<model::TransformSet::Mode>::by_default(model::TransformSet::Mode::Tunnel, at);
  // `esp-aes 256`: a key size is a separate word after the transform it belongs to.
  const auto& words = ctx->transforms;
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string word = name_of(words[i]);
    std::optional<unsigned> bits;
    SourceRange where = read_.range(words[i]);
    if (model::transform_takes_key_size(word) && i + 1 < words.size() &&
        words[i + 1]->UINT() != nullptr) {
      auto b = read_.number(words[i + 1]->UINT()->getSymbol(), 0, 65535, "key size");
      if (!b) return;
      bits = b->value;
      where = read_.range(words[i]->getStart(), words[i + 1]->getStop());
      ++i;
    }
    auto transform = model::transform_from(word, bits);
    if (!transform) {
      read_.invalid(where, "'" + word + (bits ? " " + std::to_string(*bits) : std::string()) +
                               "' is not an IPsec transform");
      return;
    }
    set.transforms.push_back(Located<model::Transform>::configured(*transform, where));
  }
  auto [it, inserted] = device_.transform_sets.insert_or_assign(name, std::move(set));
  transform_set_ = &it->second;
  if (inserted) device_.references.define(model::StructureKind::TransformSet, name, transform_set_->name.range);
}

void ModelBuilder::enterTransform_set_child(P::Transform_set_childContext* ctx) {
  if (transform_set_ == nullptr || ctx->encapsulation == nullptr) return;
  transform_set_->mode = Located<model::TransformSet::Mode>::configured(
      ctx->encapsulation->getType() == grammar::IosLexer::K_TRANSPORT ? model::TransformSet::Mode::Transport
                                                                       : model::TransformSet::Mode::Tunnel,
      read_.range(ctx));
}

void ModelBuilder::enterIpsec_profile_stanza(P::Ipsec_profile_stanzaContext* ctx) {
  auto name = located_name(ctx->profile);
  if (device_.ipsec_profiles.emplace(name.value, name).second) {
    device_.references.define(model::StructureKind::IpsecProfile, name.value, name.range);
  }
}

void ModelBuilder::sa_setting(P::Sa_settingContext* ctx, model::SaLifetime* lifetime,
                              model::ReplaySettings* replay, bool global) {
  if (auto* window = dynamic_cast<P::SaReplayWindowContext*>(ctx)) {
    // IOS offers 64, 128, 256, 512 and 1024 packets.
    auto size = read_.number(window->window, 64, 1024, "replay window size");
    if (!size) return;
    if (size->value & (size->value - 1)) {
      read_.invalid(size->range, "replay window size must be 64, 128, 256, 512 or 1024");
      return;
    }
    if (global) {
      device_.ipsec.replay_window = *size;
    } else {
      replay->window_size = *size;
    }
  } else if (dynamic_cast<P::SaReplayDisableContext*>(ctx) != nullptr) {
    if (global) {
      device_.ipsec.replay_disabled = read_.range(ctx);
    } else {
      replay->disabled = read_.range(ctx);
    }
  } else if (auto* life = dynamic_cast<P::SaLifetimeContext*>(ctx)) {
    if (life->unit->getType() == grammar::IosLexer::K_SECONDS) {
      auto s = read_.number(life->value, 120, 86400, "SA lifetime (seconds)");
      if (!s) return;
      if (global) {
        device_.ipsec.lifetime_seconds = *s;
      } else {
        lifetime->seconds = *s;
      }
    } else {
      auto kb = read_.number(life->value, 2560, 4294967295u, "SA lifetime (kilobytes)");
      if (!kb) return;
      auto value = Located<std::uint64_t>::configured(kb->value, kb->range);
      if (global) {
        device_.ipsec.lifetime_kilobytes = value;
      } else {
        lifetime->kilobytes = value;
      }
    }
  }
}

void ModelBuilder::enterIpsec_sa_global_line(P::Ipsec_sa_global_lineContext* ctx) {
  sa_setting(ctx->sa_setting(), nullptr, nullptr, true);
}

model::CryptoMap& ModelBuilder::crypto_map(const Located<std::string>& name) {
  auto [it, inserted] = device_.crypto_maps.try_emplace(name.value);
  if (inserted) {
    it->second.name = name;
    it->second.range = name.range;
  }
  return it->second;
}

void ModelBuilder::enterCrypto_map_entry_stanza(P::Crypto_map_entry_stanzaContext* ctx) {
  map_entry_ = nullptr;
  auto seq = read_.number(ctx->seq, 1, 65535, "crypto map sequence number");
  if (!seq) return;
  const auto name = located_name(ctx->map);
  model::CryptoMap& map = crypto_map(name);
  if (device_.references.find_definition(model::StructureKind::CryptoMap, name.value) == nullptr) {
    device_.references.define(model::StructureKind::CryptoMap, name.value, name.range);
  }
  auto position = std::find_if(map.entries.begin(), map.entries.end(),
                               [&](const auto& e) { return e.sequence.value >= seq->value; });
  if (position != map.entries.end() && position->sequence.value == seq->value) {
    map_entry_ = &*position;
    return;
  }
  model::CryptoMapEntry entry;
  entry.map = name;
  entry.sequence = *seq;
  entry.range = read_.range(ctx->getStart(), ctx->dynamic_map != nullptr ? ctx->dynamic_map->getStop()
                                                                         : ctx->K_IPSEC_ISAKMP()->getSymbol());
  if (ctx->dynamic_map != nullptr) entry.dynamic_map = located_name(ctx->dynamic_map);
  map_entry_ = &*map.entries.insert(position, std::move(entry));
}

namespace {
std::string entry_context(const model::CryptoMapEntry& e, const char* what) {
  return "crypto map " + e.map.value + " " + std::to_string(e.sequence.value) + " " + what;
}
}  // namespace

void ModelBuilder::enterMapSetPeer(P::MapSetPeerContext* ctx) {
  if (map_entry_ == nullptr) return;
  if (auto peer = read_.address(ctx->peer, "peer address")) map_entry_->peers.push_back(*peer);
}

void ModelBuilder::enterMapSetTransformSet(P::MapSetTransformSetContext* ctx) {
  if (map_entry_ == nullptr) return;
  map_entry_->transform_sets.clear();
  if (ctx->transform_sets.size() > 6) {
    read_.invalid(read_.range(ctx), "a crypto map entry takes at most 6 transform sets");
    return;
  }
  for (auto* ts : ctx->transform_sets) {
    auto name = located_name(ts);
    device_.references.use(model::StructureKind::TransformSet, name.value, name.range,
                           entry_context(*map_entry_, "set transform-set"));
    map_entry_->transform_sets.push_back(std::move(name));
  }
}

void ModelBuilder::enterMapSetPfs(P::MapSetPfsContext* ctx) {
  if (map_entry_ == nullptr) return;
  if (ctx->pfs_group == nullptr) {
    // `set pfs` alone means group 1 (IOS).
    map_entry_->pfs = Located<model::DhGroup>::by_default(model::DhGroup::G1, read_.range(ctx));
    return;
  }
  auto group = model::pfs_group_from(name_of(ctx->pfs_group));
  if (!group) {
    read_.invalid(read_.range(ctx->pfs_group), "'" + name_of(ctx->pfs_group) +
                                                   "' is not a PFS group (group1, group2, group5, group14 ...)");
    return;
  }
  map_entry_->pfs = Located<model::DhGroup>::configured(*group, read_.range(ctx->pfs_group));
}

void ModelBuilder::enterMapSetSa(P::MapSetSaContext* ctx) {
  if (map_entry_ == nullptr) return;
  sa_setting(ctx->sa_setting(), &map_entry_->lifetime, &map_entry_->replay, false);
}

void ModelBuilder::enterMapSetIsakmpProfile(P::MapSetIsakmpProfileContext* ctx) {
  if (map_entry_ == nullptr) return;
  map_entry_->isakmp_profile = located_name(ctx->profile);
  device_.references.use(model::StructureKind::IsakmpProfile, map_entry_->isakmp_profile->value,
                         map_entry_->isakmp_profile->range, entry_context(*map_entry_, "set isakmp-profile"));
}

void ModelBuilder::enterMapMatchAddress(P::MapMatchAddressContext* ctx) {
  if (map_entry_ == nullptr) return;
  map_entry_->match_address = located_name(ctx->acl);
  device_.references.use(model::StructureKind::AccessList, map_entry_->match_address->value,
                         map_entry_->match_address->range, entry_context(*map_entry_, "match address"));
}

void ModelBuilder::enterMapReverseRoute(P::MapReverseRouteContext*) {
  if (map_entry_ != nullptr) map_entry_->reverse_route = true;
}

void ModelBuilder::enterMapDescription(P::MapDescriptionContext* ctx) {
  if (map_entry_ == nullptr) return;
  map_entry_->description = Located<std::string>::configured(rest_of(ctx->text), read_.range(ctx));
}

void ModelBuilder::enterCrypto_map_replay_interval_line(P::Crypto_map_replay_interval_lineContext* ctx) {
  const auto name = located_name(ctx->map);
  model::ReplayInterval interval;
  interval.range = read_.range(ctx);
  if (ctx->inbound != nullptr) {
    interval.inbound = read_.number(ctx->inbound, 1, 10000, "replay-interval inbound");
    if (!interval.inbound) return;
  }
  if (ctx->outbound != nullptr) {
    interval.outbound = read_.number(ctx->outbound, 1, 10000, "replay-interval outbound");
    if (!interval.outbound) return;
  }
  if (!interval.inbound && !interval.outbound) {
    read_.invalid(interval.range, "replay-interval needs inbound and/or outbound packet counts");
    return;
  }
  crypto_map(name).replay_interval = std::move(interval);
  device_.references.use(model::StructureKind::CryptoMap, name.value, name.range,
                         "crypto map " + name.value + " redundancy replay-interval");
}

void ModelBuilder::enterCrypto_map_local_address_line(P::Crypto_map_local_address_lineContext* ctx) {
  const auto name = located_name(ctx->map);
  const std::string written = rest_of(ctx->if_name);
  const SourceRange at = read_.range(ctx);
  auto full = interface_name(written, at);
  if (!full) return;
  crypto_map(name).local_address = Located<std::string>::configured(*full, at);
  device_.references.use(model::StructureKind::Interface, *full, at,
                         "crypto map " + name.value + " local-address");
  device_.references.use(model::StructureKind::CryptoMap, name.value, name.range,
                         "crypto map " + name.value + " local-address");
}

}  // namespace havpnc::frontend
