// HSRP groups (IOS defaults applied, keys decoded) and the track objects they follow.
#include <algorithm>

#include "compiler/plan/compile_context.h"
#include "compiler/plan/ios_key.h"

namespace havpnc::compiler::detail {

namespace {

std::string group_name(const std::string& interface, const model::HsrpGroup& g) {
  return interface + " standby " + std::to_string(g.number.value);
}

void compile_group(Context& ctx, const model::Interface& i, const model::HsrpGroup& g) {
  const auto& d = ctx.device;
  const std::string where = group_name(i.name.value, g);
  plan::HsrpGroup out;
  out.interface = i.name.value;
  out.group = g.number.value;
  out.version = i.hsrp_version.value;
  if (!i.address) ctx.error(g.range, where + ": the interface has no IP address to send Hellos from");
  if (g.virtual_ip) out.virtual_ip = ip(g.virtual_ip->value);
  for (const auto& s : g.secondary_ips) out.secondary_virtual_ips.push_back(ip(s.value));
  out.priority = g.priority.value;
  out.preempt = g.preempt;
  if (g.preempt_delay_minimum) out.preempt_delay_minimum_seconds = g.preempt_delay_minimum->value;
  if (g.preempt_delay_reload) out.preempt_delay_reload_seconds = g.preempt_delay_reload->value;
  if (g.preempt_delay_sync) out.preempt_delay_sync_seconds = g.preempt_delay_sync->value;
  out.hello_ms = g.hello_ms.value;
  out.hold_ms = g.hold_ms.value;
  // `standby N timers` sets both at once, so either being configured means both were.
  out.timers_configured = !g.hello_ms.defaulted || !g.hold_ms.defaulted;
  if (g.authentication) {
    const auto& a = *g.authentication;
    if (a.kind == model::HsrpAuthentication::Kind::Md5KeyChain) {
      ctx.error(a.range, where + ": authentication md5 key-chain " + a.key_chain +
                             ": key chains are not in the plan; use `standby N authentication md5 key-string`");
    } else {
      std::string why;
      auto key = decode_key(a.key, &why);
      if (!key) {
        ctx.error(a.range, where + " authentication: " + why);
      } else {
        out.authentication_key = std::move(*key);
      }
      out.authentication = a.kind == model::HsrpAuthentication::Kind::Text ? plan::HsrpAuthKind::Text
                                                                            : plan::HsrpAuthKind::Md5;
    }
  }
  if (g.name) out.name = g.name->value;
  for (const auto& t : g.tracks) {
    if (!d.tracks.contains(t.object.value)) {
      ctx.error(t.object.range, where + " track " + std::to_string(t.object.value) + ": track object " +
                                    std::to_string(t.object.value) + " is not defined");
    }
    out.tracks.push_back({t.object.value, t.decrement.value, t.shutdown});
  }
  ctx.result.plan.hsrp_groups.push_back(std::move(out));
}

plan::TrackKind kind(model::TrackObject::Kind k) {
  switch (k) {
    case model::TrackObject::Kind::InterfaceLineProtocol: return plan::TrackKind::InterfaceLineProtocol;
    case model::TrackObject::Kind::InterfaceIpRouting: return plan::TrackKind::InterfaceIpRouting;
    case model::TrackObject::Kind::ListBooleanAnd: return plan::TrackKind::ListBooleanAnd;
    case model::TrackObject::Kind::ListBooleanOr: return plan::TrackKind::ListBooleanOr;
  }
  return plan::TrackKind::InterfaceLineProtocol;
}

void compile_tracks(Context& ctx) {
  const auto& d = ctx.device;
  for (const auto& [id, t] : d.tracks) {
    plan::TrackObject out;
    out.id = id;
    out.kind = kind(t.kind);
    const std::string where = "track " + std::to_string(id);
    if (t.interface) {
      if (!d.interfaces.contains(t.interface->value)) {
        ctx.error(t.interface->range, where + ": interface " + t.interface->value + " is not defined");
      }
      out.interface = t.interface->value;
    }
    for (const auto& m : t.members) {
      if (!d.tracks.contains(m.object.value)) {
        ctx.error(m.object.range, where + " object " + std::to_string(m.object.value) + ": track object " +
                                      std::to_string(m.object.value) + " is not defined");
      }
      out.members.push_back({m.object.value, m.negated});
    }
    const bool list = out.kind == plan::TrackKind::ListBooleanAnd || out.kind == plan::TrackKind::ListBooleanOr;
    if (list && out.members.empty()) ctx.error(t.range, where + ": a boolean list without objects");
    if (!list && !out.interface) ctx.error(t.range, where + ": an interface object without an interface");
    if (t.delay_up_seconds) out.delay_up_seconds = t.delay_up_seconds->value;
    if (t.delay_down_seconds) out.delay_down_seconds = t.delay_down_seconds->value;
    ctx.result.plan.track_objects.push_back(std::move(out));
  }
}

}  // namespace

void compile_hsrp(Context& ctx) {
  // The model's interfaces are a std::map by name and groups are kept in config order; the
  // plan orders groups by (interface, group number) so the bytes do not depend on line order.
  for (const auto& [name, i] : ctx.device.interfaces) {
    std::vector<const model::HsrpGroup*> groups;
    for (const auto& g : i.hsrp_groups) groups.push_back(&g);
    std::stable_sort(groups.begin(), groups.end(),
                     [](const auto* a, const auto* b) { return a->number.value < b->number.value; });
    for (const auto* g : groups) compile_group(ctx, i, *g);
  }
  compile_tracks(ctx);
}

}  // namespace havpnc::compiler::detail
