#include "compiler/plan/compile.h"

#include <algorithm>
#include <filesystem>

#include "compiler/plan/compile_context.h"
#include "compiler/model/sso_channel_key.h"
#include "compiler/plan/ios_key.h"

namespace havpnc::compiler {

namespace detail {

bool Context::hsrp_name_defined(const std::string& name) const {
  for (const auto& [unused, interface] : device.interfaces) {
    for (const auto& g : interface.hsrp_groups) {
      if (g.name && g.name->value == name) return true;
    }
  }
  return false;
}

}  // namespace detail

namespace {

using detail::Context;
using detail::ip;
using detail::prefix;

void compile_interfaces(Context& ctx) {
  for (const auto& [name, i] : ctx.device.interfaces) {
    plan::Interface out;
    out.name = name;
    if (i.address) out.address = prefix(i.address->value);
    for (const auto& s : i.secondary_addresses) out.secondary_addresses.push_back(prefix(s.value));
    out.shutdown = i.shutdown.value;
    ctx.result.plan.interfaces.push_back(std::move(out));
  }
}

plan::IkeEncryption encryption(model::IkeCipher c) {
  switch (c) {
    case model::IkeCipher::Des: return plan::IkeEncryption::Des;
    case model::IkeCipher::TripleDes: return plan::IkeEncryption::TripleDes;
    case model::IkeCipher::Aes128: return plan::IkeEncryption::Aes128;
    case model::IkeCipher::Aes192: return plan::IkeEncryption::Aes192;
    case model::IkeCipher::Aes256: return plan::IkeEncryption::Aes256;
  }
  return plan::IkeEncryption::Des;
}

plan::IkeHash hash(model::IkeHash h) {
  switch (h) {
    case model::IkeHash::Md5: return plan::IkeHash::Md5;
    case model::IkeHash::Sha1: return plan::IkeHash::Sha1;
    case model::IkeHash::Sha256: return plan::IkeHash::Sha256;
    case model::IkeHash::Sha384: return plan::IkeHash::Sha384;
    case model::IkeHash::Sha512: return plan::IkeHash::Sha512;
  }
  return plan::IkeHash::Sha1;
}

plan::IkeAuthentication authentication(model::IkeAuth a) {
  switch (a) {
    case model::IkeAuth::PreShare: return plan::IkeAuthentication::PreShare;
    case model::IkeAuth::RsaSig: return plan::IkeAuthentication::RsaSig;
    case model::IkeAuth::RsaEncr: return plan::IkeAuthentication::RsaEncr;
    case model::IkeAuth::EcdsaSig: return plan::IkeAuthentication::EcdsaSig;
  }
  return plan::IkeAuthentication::RsaSig;
}

void compile_ike(Context& ctx) {
  const auto& d = ctx.device;
  auto& plan = ctx.result.plan;
  // std::map keeps the policies in ascending priority: the order IOS offers them in.
  for (const auto& [priority, p] : d.isakmp_policies) {
    plan.isakmp_policies.push_back({priority, encryption(p.encryption.value), hash(p.hash.value),
                                    authentication(p.authentication.value),
                                    static_cast<std::uint32_t>(p.group.value), p.lifetime_seconds.value});
  }
  for (const auto& k : d.isakmp_keys) {
    if (!k.keyring.empty()) {
      ctx.warning(k.range, "the key in keyring " + k.keyring +
                               " is not in the plan: keyrings belong to ISAKMP profiles, which havpnc does not run");
      continue;
    }
    if (!k.address) {
      ctx.warning(k.range, "a key for a hostname is not in the plan: havpnc matches keys by peer address");
      continue;
    }
    std::string why;
    auto key = decode_key(k.key, &why);
    if (!key) {
      ctx.error(k.range, "crypto isakmp key for " + k.address->value.to_string() + ": " + why);
      continue;
    }
    plan.pre_shared_keys.push_back({ip(k.address->value), ip(k.mask.value), std::move(*key)});
  }
  if (d.isakmp_keepalive) {
    const auto& k = *d.isakmp_keepalive;
    plan.dpd = plan::Dpd{k.interval_seconds.value, k.retry_seconds.value,
                         k.mode.value == model::IsakmpKeepalive::Mode::Periodic ? plan::DpdMode::Periodic
                                                                                : plan::DpdMode::OnDemand};
  }
  if (d.isakmp_nat_keepalive) plan.nat_keepalive_seconds = d.isakmp_nat_keepalive->value;
}

// The SSO channel secret (model/sso_channel_key.h says which key). Without one the runtime
// replicates SA keys in the clear and says so; the compiler says it first.
void compile_channel_key(Context& ctx, plan::InterDevice& out) {
  const auto& id = *ctx.device.inter_device;
  if (auto key = model::sso_channel_key(ctx.device)) {
    std::string why;
    auto clear = decode_key(*key->key, &why);
    if (!clear) {
      ctx.error(key->key_range, "redundancy inter-device: the SSO channel key (" + key->description() + "): " + why);
      return;
    }
    out.channel_key = std::move(*clear);
    out.channel_key_source = key->description();
    return;
  }
  if (!id.security_ipsec) return;
  const auto remote = model::sso_remote_ip(ctx.device);
  ctx.warning(id.security_ipsec->range,
              "security ipsec " + id.security_ipsec->value + ": " +
                  (remote ? "no crypto isakmp key or keyring pre-shared-key matches the ipc zone remote-ip " +
                                remote->value.to_string()
                          : std::string("no ipc zone association that is not shut down has a remote-ip")) +
                  "; SSO replicates SA keys in the clear");
}

void compile_redundancy(Context& ctx) {
  const auto& d = ctx.device;
  auto& plan = ctx.result.plan;
  if (d.ipc_zone) {
    for (const auto& a : d.ipc_zone->associations) {
      std::string missing;
      if (!a.local_port) missing = "local-port";
      else if (a.local_ips.empty()) missing = "local-ip";
      else if (!a.remote_port) missing = "remote-port";
      else if (a.remote_ips.empty()) missing = "remote-ip";
      if (!missing.empty()) {
        const std::string text = "ipc zone association " + std::to_string(a.id.value) + " has no " + missing;
        if (a.shutdown.value) {
          ctx.warning(a.range, text + "; it is shut down, so it is left out of the plan");
        } else {
          ctx.error(a.range, text + ": SSO cannot reach its peer");
        }
        continue;
      }
      plan::IpcAssociation out;
      out.id = a.id.value;
      out.shutdown = a.shutdown.value;
      for (const auto& x : a.local_ips) out.local_ips.push_back(ip(x.value));
      out.local_port = a.local_port->value;
      for (const auto& x : a.remote_ips) out.remote_ips.push_back(ip(x.value));
      out.remote_port = a.remote_port->value;
      out.retransmit_min_ms = a.retransmit_min_ms.value;
      out.retransmit_max_ms = a.retransmit_max_ms.value;
      out.path_retransmit = a.path_retransmit.value;
      out.assoc_retransmit = a.assoc_retransmit.value;
      plan.ipc_associations.push_back(std::move(out));
    }
    std::sort(plan.ipc_associations.begin(), plan.ipc_associations.end(),
              [](const auto& x, const auto& y) { return x.id < y.id; });
  }
  if (d.inter_device) {
    plan::InterDevice out;
    if (const auto& s = d.inter_device->scheme_standby) {
      if (!ctx.hsrp_name_defined(s->value)) {
        ctx.error(s->range, "scheme standby " + s->value + ": no HSRP group has `standby N name " + s->value + "`");
      }
      out.scheme_standby = s->value;
    }
    if (const auto& p = d.inter_device->security_ipsec) {
      if (!d.ipsec_profiles.contains(p->value)) {
        ctx.error(p->range, "security ipsec " + p->value + ": no `crypto ipsec profile " + p->value + "` is defined");
      }
      out.security_ipsec = p->value;
    }
    compile_channel_key(ctx, out);
    plan.inter_device = std::move(out);
  }
}

void compile_routes(Context& ctx) {
  for (const auto& r : ctx.device.static_routes) {
    plan::StaticRoute out;
    const auto network = r.prefix.value.network();
    out.prefix = plan::Ipv4Prefix{ip(network), r.prefix.value.length};
    if (r.next_hop) out.next_hop = ip(r.next_hop->value);
    if (r.interface) {
      if (!ctx.device.interfaces.contains(r.interface->value)) {
        ctx.error(r.interface->range, "ip route via " + r.interface->value + ": no such interface");
      }
      out.interface = r.interface->value;
    }
    if (r.distance) out.distance = r.distance->value;
    ctx.result.plan.static_routes.push_back(std::move(out));
  }
}

}  // namespace

CompileResult compile(const model::Device& device) {
  CompileResult result;
  Context ctx{device, result};
  auto& plan = result.plan;
  // IOS's own name for an unnamed router.
  plan.hostname = device.hostname ? device.hostname->value : "Router";
  // Only the file name: the same config compiled from another directory gives the same bytes.
  plan.source = device.path.empty() ? "-" : std::filesystem::path(device.path).filename().string();
  compile_interfaces(ctx);
  compile_ike(ctx);
  detail::compile_crypto(ctx);
  detail::compile_hsrp(ctx);
  compile_redundancy(ctx);
  compile_routes(ctx);
  return result;
}

std::string format_issue(const model::Device& device, const CompileIssue& issue, model::Severity severity) {
  std::string where = device.path;
  if (issue.range.valid()) where += ":" + std::to_string(issue.range.line) + ":" + std::to_string(issue.range.col);
  return where + ": " + model::to_string(severity) + ": " + issue.message + " [plan-compile]";
}

}  // namespace havpnc::compiler
