// Transform sets, crypto maps (globals applied per entry, ACLs as selectors) and the
// interfaces they are bound to.
#include <algorithm>

#include "compiler/plan/acl_selectors.h"
#include "compiler/plan/compile_context.h"

namespace havpnc::compiler::detail {

namespace {

std::optional<plan::EspEncryption> esp_encryption(model::EspCipher c) {
  using E = plan::EspEncryption;
  switch (c) {
    case model::EspCipher::None: return std::nullopt;
    case model::EspCipher::Des: return E::Des;
    case model::EspCipher::TripleDes: return E::TripleDes;
    case model::EspCipher::Aes128: return E::Aes128;
    case model::EspCipher::Aes192: return E::Aes192;
    case model::EspCipher::Aes256: return E::Aes256;
    case model::EspCipher::Gcm128: return E::Gcm128;
    case model::EspCipher::Gcm192: return E::Gcm192;
    case model::EspCipher::Gcm256: return E::Gcm256;
    case model::EspCipher::Gmac128: return E::Gmac128;
    case model::EspCipher::Gmac192: return E::Gmac192;
    case model::EspCipher::Gmac256: return E::Gmac256;
    case model::EspCipher::Null: return E::Null;
    case model::EspCipher::Seal: return E::Seal;
  }
  return std::nullopt;
}

std::optional<plan::Integrity> integrity(model::EspIntegrity i) {
  switch (i) {
    case model::EspIntegrity::None: return std::nullopt;
    case model::EspIntegrity::Md5: return plan::Integrity::Md5;
    case model::EspIntegrity::Sha1: return plan::Integrity::Sha1;
    case model::EspIntegrity::Sha256: return plan::Integrity::Sha256;
    case model::EspIntegrity::Sha384: return plan::Integrity::Sha384;
    case model::EspIntegrity::Sha512: return plan::Integrity::Sha512;
  }
  return std::nullopt;
}

void compile_transform_sets(Context& ctx) {
  for (const auto& [name, t] : ctx.device.transform_sets) {
    plan::TransformSet out;
    out.name = name;
    for (const auto& w : t.transforms) {
      switch (w.value.kind) {
        case model::TransformKind::EspCipher: out.esp_encryption = esp_encryption(w.value.cipher); break;
        case model::TransformKind::EspIntegrity: out.esp_integrity = integrity(w.value.integrity); break;
        case model::TransformKind::Ah: out.ah_integrity = integrity(w.value.integrity); break;
        case model::TransformKind::Compression: out.compression = true; break;
      }
    }
    out.mode = t.mode.value == model::TransformSet::Mode::Transport ? plan::TransformMode::Transport
                                                                    : plan::TransformMode::Tunnel;
    if (!out.esp_encryption && !out.esp_integrity && !out.ah_integrity) {
      ctx.error(t.range, "transform set " + name + " has no ESP or AH transform");
    }
    ctx.result.plan.transform_sets.push_back(std::move(out));
  }
}

// IOS: the entry's `set security-association replay` beats the global one, which defaults
// to a 64-packet window; `replay disable` at either level turns the check off (window 0).
std::uint32_t replay_window(const model::CryptoMapEntry& e, const model::IpsecGlobals& g) {
  if (e.replay.disabled) return 0;
  if (e.replay.window_size) return e.replay.window_size->value;
  if (g.replay_disabled) return 0;
  return g.replay_window.value;
}

std::string entry_name(const model::CryptoMapEntry& e) {
  return "crypto map " + e.map.value + " " + std::to_string(e.sequence.value);
}

std::optional<plan::CryptoMapEntry> compile_entry(Context& ctx, const model::CryptoMapEntry& e) {
  const auto& d = ctx.device;
  const std::string name = entry_name(e);
  if (e.dynamic_map) {
    ctx.warning(e.range, name + " references dynamic map " + e.dynamic_map->value +
                             ", which havpnc does not run; the entry is left out of the plan");
    return std::nullopt;
  }
  bool ok = true;
  for (const auto& t : e.transform_sets) {
    if (!d.transform_sets.contains(t.value)) {
      ctx.error(t.range, name + ": transform set " + t.value + " is not defined");
      ok = false;
    }
  }
  const model::AccessList* acl = nullptr;
  if (e.match_address) {
    auto it = d.access_lists.find(e.match_address->value);
    if (it == d.access_lists.end()) {
      ctx.error(e.match_address->range, name + ": access list " + e.match_address->value + " is not defined");
      ok = false;
    } else {
      acl = &it->second;
    }
  }
  if (!ok) return std::nullopt;
  // IOS keeps an incomplete entry out of the data path ("crypto map entry incomplete");
  // lint says why it matters, the plan simply does not carry it.
  std::string incomplete;
  if (e.peers.empty()) incomplete = "no `set peer`";
  else if (e.transform_sets.empty()) incomplete = "no `set transform-set`";
  else if (!e.match_address) incomplete = "no `match address`";
  if (!incomplete.empty()) {
    ctx.warning(e.range, name + " is incomplete (" + incomplete + "); IOS does not apply it and neither does the plan");
    return std::nullopt;
  }
  std::vector<SelectorIssue> issues;
  plan::CryptoMapEntry out;
  out.selectors = selectors_from_acl(*acl, issues);
  for (auto& issue : issues) ctx.error(issue.range, name + ": " + issue.message);
  if (!issues.empty()) return std::nullopt;
  const bool permits = std::any_of(out.selectors.begin(), out.selectors.end(),
                                   [](const auto& s) { return s.action == plan::SelectorAction::Permit; });
  if (!permits) {
    ctx.warning(e.match_address->range, name + ": access list " + acl->name.value +
                                            " permits nothing, so the entry protects no traffic; it is left out of the plan");
    return std::nullopt;
  }
  out.sequence = e.sequence.value;
  for (const auto& p : e.peers) out.peers.push_back(ip(p.value));
  for (const auto& t : e.transform_sets) out.transform_sets.push_back(t.value);
  if (e.pfs) out.pfs_group = static_cast<std::uint32_t>(e.pfs->value);
  out.lifetime_seconds = e.lifetime.seconds ? e.lifetime.seconds->value : d.ipsec.lifetime_seconds.value;
  out.lifetime_kilobytes = e.lifetime.kilobytes ? e.lifetime.kilobytes->value : d.ipsec.lifetime_kilobytes.value;
  out.replay_window = replay_window(e, d.ipsec);
  out.acl = acl->name.value;
  return out;
}

void compile_maps(Context& ctx) {
  const auto& d = ctx.device;
  for (const auto& [name, m] : d.crypto_maps) {
    plan::CryptoMap out;
    out.name = name;
    for (const auto& e : m.entries) {
      if (auto entry = compile_entry(ctx, e)) out.entries.push_back(std::move(*entry));
    }
    std::sort(out.entries.begin(), out.entries.end(), [](const auto& a, const auto& b) { return a.sequence < b.sequence; });
    if (m.replay_interval) {
      if (m.replay_interval->inbound) out.replay_interval_inbound = m.replay_interval->inbound->value;
      if (m.replay_interval->outbound) out.replay_interval_outbound = m.replay_interval->outbound->value;
    }
    if (m.local_address) {
      if (!d.interfaces.contains(m.local_address->value)) {
        ctx.error(m.local_address->range, "crypto map " + name + " local-address " + m.local_address->value +
                                              ": no such interface");
      }
      out.local_address = m.local_address->value;
    }
    if (out.entries.empty()) {
      ctx.warning(m.range, "crypto map " + name + " has no entry the plan can run; it is left out of the plan");
      continue;
    }
    ctx.result.plan.crypto_maps.push_back(std::move(out));
  }
  for (const auto& [name, i] : d.interfaces) {
    if (!i.crypto_map) continue;
    const auto& cm = *i.crypto_map;
    const bool defined = d.crypto_maps.contains(cm.map.value);
    if (!defined) {
      ctx.error(cm.map.range, name + ": crypto map " + cm.map.value + " is not defined");
      continue;
    }
    if (ctx.result.plan.find_crypto_map(cm.map.value) == nullptr) {
      ctx.warning(cm.range, name + ": crypto map " + cm.map.value + " has no runnable entry; the interface runs without it");
      continue;
    }
    if (cm.redundancy_group && !ctx.hsrp_name_defined(cm.redundancy_group->value)) {
      ctx.error(cm.redundancy_group->range, name + ": crypto map " + cm.map.value + " redundancy " +
                                                cm.redundancy_group->value + ": no HSRP group has `standby N name " +
                                                cm.redundancy_group->value + "`");
    }
    if (cm.stateful && !cm.redundancy_group) {
      ctx.error(cm.range, name + ": `stateful` needs `redundancy GROUP`");
    }
    plan::CryptoMapBinding b;
    b.interface = name;
    b.map = cm.map.value;
    if (cm.redundancy_group) b.redundancy_group = cm.redundancy_group->value;
    b.stateful = cm.stateful;
    ctx.result.plan.crypto_map_bindings.push_back(std::move(b));
  }
}

}  // namespace

void compile_crypto(Context& ctx) {
  compile_transform_sets(ctx);
  compile_maps(ctx);
}

}  // namespace havpnc::compiler::detail
