#include "compiler/model/sso_channel_key.h"

namespace havpnc::model {

std::string SsoChannelKey::description() const {
  switch (source) {
    case Source::SecurityKey: return "redundancy inter-device security key";
    case Source::IsakmpKey: return "crypto isakmp key for " + (peer ? peer->to_string() : std::string("?"));
    case Source::KeyringKey:
      return "keyring " + keyring + " pre-shared-key for " + (peer ? peer->to_string() : std::string("?"));
  }
  return "?";
}

const SctpAssociation* sso_association(const Device& device) {
  if (!device.ipc_zone) return nullptr;
  const SctpAssociation* best = nullptr;
  for (const auto& a : device.ipc_zone->associations) {
    if (a.shutdown.value) continue;
    if (best == nullptr || a.id.value < best->id.value) best = &a;
  }
  return best;
}

std::optional<Located<Ipv4>> sso_remote_ip(const Device& device) {
  const SctpAssociation* a = sso_association(device);
  if (a == nullptr || a->remote_ips.empty()) return std::nullopt;
  return a->remote_ips.front();
}

std::optional<SsoChannelKey> sso_channel_key(const Device& device) {
  if (!device.inter_device) return std::nullopt;
  const auto& id = *device.inter_device;
  if (id.security_key) {
    SsoChannelKey k;
    k.source = SsoChannelKey::Source::SecurityKey;
    k.key = &id.security_key->key;
    k.key_range = id.security_key->range;
    return k;
  }
  if (!id.security_ipsec) return std::nullopt;
  const auto remote = sso_remote_ip(device);
  if (!remote) return std::nullopt;
  const IsakmpKey* best = nullptr;
  for (const auto& k : device.isakmp_keys) {
    if (!k.matches(remote->value)) continue;
    const bool longer = best == nullptr || k.mask.value.bits > best->mask.value.bits;
    const bool global_on_tie = best != nullptr && k.mask.value.bits == best->mask.value.bits &&
                               k.keyring.empty() && !best->keyring.empty();
    if (longer || global_on_tie) best = &k;
  }
  if (best == nullptr) return std::nullopt;
  SsoChannelKey k;
  k.source = best->keyring.empty() ? SsoChannelKey::Source::IsakmpKey : SsoChannelKey::Source::KeyringKey;
  k.key = &best->key;
  k.key_range = best->range;
  k.peer = remote->value;
  k.keyring = best->keyring;
  return k;
}

}  // namespace havpnc::model
