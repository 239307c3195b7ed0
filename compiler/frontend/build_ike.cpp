// ISAKMP policies, keys, keyrings, keepalives (phase 1).
#include "IosLexer.h"
#include "compiler/frontend/model_builder.h"
#include "compiler/model/defaults.h"

namespace havpnc::frontend {

using model::Located;
using model::SourceRange;
namespace defaults = model::defaults;

void ModelBuilder::enterIsakmp_policy_stanza(P::Isakmp_policy_stanzaContext* ctx) {
  policy_ = nullptr;
  auto priority = read_.number(ctx->priority, 1, 10000, "ISAKMP policy priority");
  if (!priority) return;
  auto [it, inserted] = device_.isakmp_policies.try_emplace(priority->value);
  policy_ = &it->second;
  if (inserted) {
    const SourceRange at = read_.range(ctx->getStart(), ctx->priority);
    policy_->priority = *priority;
    policy_->range = at;
    policy_->encryption = Located<model::IkeCipher>::by_default(defaults::kIsakmpEncryption, at);
    policy_->hash = Located<model::IkeHash>::by_default(defaults::kIsakmpHash, at);
    policy_->authentication = Located<model::IkeAuth>::by_default(defaults::kIsakmpAuthentication, at);
    policy_->group = Located<model::DhGroup>::by_default(defaults::kIsakmpGroup, at);
    policy_->lifetime_seconds = Located<std::uint32_t>::by_default(defaults::kIsakmpLifetimeSeconds, at);
  }
}

void ModelBuilder::enterIsakmpEncryption(P::IsakmpEncryptionContext* ctx) {
  if (policy_ == nullptr) return;
  std::optional<unsigned> bits;
  if (ctx->key_bits != nullptr) {
    auto b = read_.number(ctx->key_bits, 0, 65535, "key size");
    if (!b) return;
    bits = b->value;
  }
  auto cipher = model::ike_cipher_from(name_of(ctx->cipher), bits);
  if (!cipher) {
    read_.invalid(read_.range(ctx), "'" + ctx->getText().substr(ctx->getStart()->getText().size()) +
                                        "' is not an ISAKMP encryption (des, 3des, aes [128|192|256])");
    return;
  }
  policy_->encryption = Located<model::IkeCipher>::configured(*cipher, read_.range(ctx));
}

void ModelBuilder::enterIsakmpHash(P::IsakmpHashContext* ctx) {
  if (policy_ == nullptr) return;
  auto hash = model::ike_hash_from(name_of(ctx->hash));
  if (!hash) {
    read_.invalid(read_.range(ctx->hash), "'" + name_of(ctx->hash) +
                                              "' is not an ISAKMP hash (md5, sha, sha256, sha384, sha512)");
    return;
  }
  policy_->hash = Located<model::IkeHash>::configured(*hash, read_.range(ctx));
}

void ModelBuilder::enterIsakmpAuthentication(P::IsakmpAuthenticationContext* ctx) {
  if (policy_ == nullptr) return;
  auto method = model::ike_auth_from(name_of(ctx->method));
  if (!method) {
    read_.invalid(read_.range(ctx->method), "'" + name_of(ctx->method) +
                                                "' is not an ISAKMP authentication method "
                                                "(pre-share, rsa-sig, rsa-encr, ecdsa-sig)");
    return;
  }
  policy_->authentication = Located<model::IkeAuth>::configured(*method, read_.range(ctx));
}

void ModelBuilder::enterIsakmpGroup(P::IsakmpGroupContext* ctx) {
  if (policy_ == nullptr) return;
  auto n = read_.number(ctx->group, 1, 24, "Diffie-Hellman group");
  if (!n) return;
  auto group = model::dh_group_from(n->value);
  if (!group) {
    read_.invalid(n->range, "Diffie-Hellman group " + std::to_string(n->value) +
                                " is not offered by IOS (1, 2, 5, 14, 15, 16, 19, 20, 21, 24)");
    return;
  }
  policy_->group = Located<model::DhGroup>::configured(*group, read_.range(ctx));
}

void ModelBuilder::enterIsakmpLifetime(P::IsakmpLifetimeContext* ctx) {
  if (policy_ == nullptr) return;
  if (auto s = read_.number(ctx->seconds, 60, 86400, "ISAKMP lifetime")) policy_->lifetime_seconds = *s;
}

void ModelBuilder::add_key(std::string keyring, P::NameContext* key, antlr4::Token* key_type,
                           antlr4::Token* address, antlr4::Token* mask, P::NameContext* host,
                           bool no_xauth, const SourceRange& at) {
  model::IsakmpKey k;
  k.keyring = std::move(keyring);
  k.range = at;
  k.no_xauth = no_xauth;
  if (key_type != nullptr) {
    auto type = read_.number(key_type, 0, 7, "key encryption type");
    if (!type) return;
    if (type->value != 0 && type->value != 6 && type->value != 7) {
      read_.invalid(type->range, "key encryption type must be 0, 6 or 7");
      return;
    }
    k.key.encryption_type = type->value;
  }
  k.key.text = Secret(name_of(key));
  if (address != nullptr) {
    k.address = read_.address(address, "peer address");
    if (!k.address) return;
    k.mask = Located<model::Ipv4>::by_default(model::Ipv4{0xFFFFFFFFu}, at);
    if (mask != nullptr) {
      auto m = read_.address(mask, "peer mask");
      if (!m) return;
      if (!model::prefix_length_of_mask(m->value)) {
        read_.invalid(m->range, "'" + mask->getText() + "' is not a contiguous mask");
        return;
      }
      k.mask = *m;
    }
  } else if (host != nullptr) {
    k.hostname = located_name(host);
    k.mask = Located<model::Ipv4>::by_default(model::Ipv4{0xFFFFFFFFu}, at);
  }
  device_.isakmp_keys.push_back(std::move(k));
}

void ModelBuilder::enterIsakmp_key_line(P::Isakmp_key_lineContext* ctx) {
  add_key({}, ctx->key, ctx->key_type, ctx->address, ctx->mask, ctx->host, ctx->K_NO_XAUTH() != nullptr,
          read_.range(ctx));
}

void ModelBuilder::enterIsakmp_keepalive_line(P::Isakmp_keepalive_lineContext* ctx) {
  model::IsakmpKeepalive k;
  k.range = read_.range(ctx);
  auto interval = read_.number(ctx->interval, 10, 3600, "DPD interval");
  if (!interval) return;
  k.interval_seconds = *interval;
  if (ctx->retry != nullptr) {
    auto retry = read_.number(ctx->retry, 2, 60, "DPD retry interval");
    if (!retry) return;
    k.retry_seconds = *retry;
  } else {
    k.retry_seconds = Located<std::uint32_t>::by_default(defaults::kDpdRetrySeconds, k.range);
  }
  if (ctx->dpd_mode != nullptr) {
    k.mode = Located<model::IsakmpKeepalive::Mode>::configured(
        ctx->dpd_mode->getType() == grammar::IosLexer::K_PERIODIC ? model::IsakmpKeepalive::Mode::Periodic
                                                                   : model::IsakmpKeepalive::Mode::OnDemand,
        read_.range(ctx->dpd_mode));
  } else {
    k.mode = Located<model::IsakmpKeepalive::Mode>::by_default(model::IsakmpKeepalive::Mode::OnDemand, k.range);
  }
  device_.isakmp_keepalive = std::move(k);
}

void ModelBuilder::enterIsakmp_nat_keepalive_line(P::Isakmp_nat_keepalive_lineContext* ctx) {
  device_.isakmp_nat_keepalive = read_.number(ctx->interval, 5, 3600, "NAT keepalive interval");
}

void ModelBuilder::enterIsakmp_profile_stanza(P::Isakmp_profile_stanzaContext* ctx) {
  auto name = located_name(ctx->profile);
  if (device_.isakmp_profiles.emplace(name.value, name).second) {
    device_.references.define(model::StructureKind::IsakmpProfile, name.value, name.range);
  }
}

void ModelBuilder::enterKeyring_stanza(P::Keyring_stanzaContext* ctx) {
  auto name = located_name(ctx->keyring);
  keyring_ = name.value;
  if (device_.keyrings.try_emplace(name.value, model::Keyring{name, read_.range(ctx->getStart(), ctx->keyring->getStop())}).second) {
    device_.references.define(model::StructureKind::Keyring, name.value, name.range);
  }
}

void ModelBuilder::enterKeyring_child(P::Keyring_childContext* ctx) {
  if (ctx->K_PRE_SHARED_KEY() == nullptr) return;
  add_key(keyring_, ctx->key, ctx->key_type, ctx->address, ctx->mask, ctx->host, false, read_.range(ctx));
}

}  // namespace havpnc::frontend
