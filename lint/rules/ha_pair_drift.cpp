// ha-pair-drift: both routers of a stateful failover pair must carry the same crypto
// configuration (Cisco's stateful failover guide: identical ISAKMP policies and keys,
// transform sets and crypto maps). After a failover the new active router serves the
// replicated SAs, but every re-key, DPD answer and new tunnel uses *its* config: a difference
// shows up as a tunnel that fails only after failover. One finding per difference.
#include <set>

#include "compiler/model/sso_channel_key.h"
#include "lint/rules/ha_common.h"
#include "lint/rules/rules.h"

namespace havpnc::lint::rules {
namespace {

std::string acl_entry_text(const model::AclEntry& e) {
  auto address = [](const model::AclAddress& a) { return a.prefix().to_string(); };
  auto port = [](const std::optional<model::AclPort>& p) {
    std::string out;
    if (p) {
      out = " op" + std::to_string(static_cast<int>(p->op));
      for (const auto& s : p->ports) out += " " + s;
    }
    return out;
  };
  if (e.action == model::AclEntry::Action::Remark) return "remark";
  std::string out = e.action == model::AclEntry::Action::Permit ? "permit" : "deny";
  out += " " + e.protocol + " " + address(e.source) + port(e.source_port);
  if (e.destination) out += " " + address(*e.destination) + port(e.destination_port);
  for (const auto& o : e.options) out += " " + o;
  return out;
}

std::string transforms_text(const model::TransformSet& ts) {
  std::string out;
  for (const auto& t : ts.transforms) out += (out.empty() ? "" : " ") + t.value.ios_name;
  return out + (ts.mode.value == model::TransformSet::Mode::Tunnel ? " (tunnel)" : " (transport)");
}

template <typename T>
std::string opt_text(const std::optional<model::Located<T>>& v) {
  if (!v) return "none";
  if constexpr (std::is_same_v<T, std::string>) {
    return v->value;
  } else if constexpr (std::is_same_v<T, model::DhGroup>) {
    return model::to_string(v->value);
  } else {
    return std::to_string(v->value);
  }
}

std::string peers_text(const model::CryptoMapEntry& e) {
  std::string out;
  for (const auto& p : e.peers) out += (out.empty() ? "" : " ") + p.value.to_string();
  return out.empty() ? "none" : out;
}

std::string names_text(const model::CryptoMapEntry& e) {
  std::string out;
  for (const auto& n : e.transform_sets) out += (out.empty() ? "" : " ") + n.value;
  return out.empty() ? "none" : out;
}

// Compares one pair of routers and reports each difference with both lines.
class Comparison {
 public:
  Comparison(const Rule& rule, const model::Device& a, const model::Device& b, FindingSink& sink)
      : rule_(rule), a_(a), b_(b), sink_(sink) {}

  void differ(const std::string& what, const std::string& va, model::SourceRange at_a, const std::string& vb,
              model::SourceRange at_b) {
    if (va == vb) return;
    Finding f = make_finding(rule_,
                             a_.display_name() + " and its HA peer " + b_.display_name() + " differ in " + what + ": " + va +
                                 " on " + a_.display_name() + ", " + vb + " on " + b_.display_name() + why(),
                             at_a, {a_.display_name(), b_.display_name()});
    add_related(f, at_b, b_.display_name() + "'s " + what);
    sink_.report(std::move(f));
  }

  // `what` exists on `has` only; the other side's anchor is where it would belong.
  void only_on(const model::Device& has, const std::string& what, model::SourceRange at,
               std::optional<model::SourceRange> anchor) {
    const model::Device& lacks = &has == &a_ ? b_ : a_;
    Finding f = make_finding(rule_,
                             has.display_name() + " has " + what + " but its HA peer " + lacks.display_name() +
                                 " does not" + why(),
                             at, {a_.display_name(), b_.display_name()});
    if (anchor && anchor->valid()) add_related(f, *anchor, lacks.display_name() + " lacks it");
    sink_.report(std::move(f));
  }

  void secret_differs(const std::string& what, model::SourceRange at_a, model::SourceRange at_b) {
    Finding f = make_finding(rule_,
                             a_.display_name() + " and its HA peer " + b_.display_name() + " have different " + what + why(),
                             at_a, {a_.display_name(), b_.display_name()});
    add_related(f, at_b, b_.display_name() + "'s " + what);
    sink_.report(std::move(f));
  }

  const model::Device& a() const { return a_; }
  const model::Device& b() const { return b_; }

 private:
  static std::string why() {
    return "; after failover the new active router re-keys and answers the peer with its own config, so the "
           "tunnel fails or changes only after a failover";
  }
  const Rule& rule_;
  const model::Device& a_;
  const model::Device& b_;
  FindingSink& sink_;
};

// Walks two maps keyed alike: `both` for common keys, `only` for keys on one side.
template <typename Map, typename Both, typename Only>
void zip(const Map& a, const Map& b, Both both, Only only) {
  for (const auto& [key, va] : a) {
    auto it = b.find(key);
    if (it == b.end()) {
      only(true, key, va);
    } else {
      both(key, va, it->second);
    }
  }
  for (const auto& [key, vb] : b) {
    if (a.find(key) == a.end()) only(false, key, vb);
  }
}

void compare_isakmp(Comparison& c) {
  const auto& a = c.a();
  const auto& b = c.b();
  auto anchor = [](const model::Device& d) {
    return d.isakmp_policies.empty() ? std::nullopt : std::optional(d.isakmp_policies.begin()->second.range);
  };
  zip(a.isakmp_policies, b.isakmp_policies,
      [&](std::uint32_t n, const model::IsakmpPolicy& x, const model::IsakmpPolicy& y) {
        const std::string p = "crypto isakmp policy " + std::to_string(n);
        c.differ(p + " encryption", model::to_string(x.encryption.value), x.encryption.range,
                 model::to_string(y.encryption.value), y.encryption.range);
        c.differ(p + " hash", model::to_string(x.hash.value), x.hash.range, model::to_string(y.hash.value), y.hash.range);
        c.differ(p + " authentication", model::to_string(x.authentication.value), x.authentication.range,
                 model::to_string(y.authentication.value), y.authentication.range);
        c.differ(p + " group", model::to_string(x.group.value), x.group.range, model::to_string(y.group.value), y.group.range);
        c.differ(p + " lifetime", std::to_string(x.lifetime_seconds.value), x.lifetime_seconds.range,
                 std::to_string(y.lifetime_seconds.value), y.lifetime_seconds.range);
      },
      [&](bool on_a, std::uint32_t n, const model::IsakmpPolicy& p) {
        c.only_on(on_a ? a : b, "crypto isakmp policy " + std::to_string(n), p.range, anchor(on_a ? b : a));
      });

  // Keys by keyring and address/mask or hostname; the key text is compared, never shown.
  using KeyMap = std::map<std::string, const model::IsakmpKey*>;
  // The key each router has for the other's ipc address keys the SSO channel under `security
  // ipsec`; its address necessarily differs between the two, so it is no drift:
  // ha-sso-key-mismatch compares the two instead.
  auto keys = [](const model::Device& d) {
    KeyMap out;
    const auto sso = model::sso_channel_key(d);
    for (const auto& k : d.isakmp_keys) {
      if (sso && sso->key == &k.key) continue;
      std::string id = k.keyring.empty() ? "" : "keyring " + k.keyring + " ";
      id += k.address ? "address " + k.address->value.to_string() + " " + k.mask.value.to_string()
                      : "hostname " + (k.hostname ? k.hostname->value : std::string("?"));
      out[id] = &k;
    }
    return out;
  };
  zip(keys(a), keys(b),
      [&](const std::string& id, const model::IsakmpKey* x, const model::IsakmpKey* y) {
        if (x->key.encryption_type != y->key.encryption_type || !(x->key.text == y->key.text)) {
          c.secret_differs("pre-shared keys for " + id, x->range, y->range);
        }
      },
      [&](bool on_a, const std::string& id, const model::IsakmpKey* k) {
        const auto& other = on_a ? b : a;
        c.only_on(on_a ? a : b, "a `crypto isakmp key` for " + id, k->range,
                  other.isakmp_keys.empty() ? std::nullopt : std::optional(other.isakmp_keys.front().range));
      });

  if (a.isakmp_keepalive && b.isakmp_keepalive) {
    const auto& x = *a.isakmp_keepalive;
    const auto& y = *b.isakmp_keepalive;
    auto text = [](const model::IsakmpKeepalive& k) {
      return std::to_string(k.interval_seconds.value) + " " + std::to_string(k.retry_seconds.value) +
             (k.mode.value == model::IsakmpKeepalive::Mode::Periodic ? " periodic" : " on-demand");
    };
    c.differ("crypto isakmp keepalive", text(x), x.range, text(y), y.range);
  } else if (a.isakmp_keepalive || b.isakmp_keepalive) {
    const auto& has = a.isakmp_keepalive ? a : b;
    c.only_on(has, "`crypto isakmp keepalive`", has.isakmp_keepalive->range, std::nullopt);
  }
}

void compare_ipsec(Comparison& c) {
  const auto& a = c.a();
  const auto& b = c.b();
  zip(a.transform_sets, b.transform_sets,
      [&](const std::string& name, const model::TransformSet& x, const model::TransformSet& y) {
        c.differ("transform-set " + name, transforms_text(x), x.range, transforms_text(y), y.range);
      },
      [&](bool on_a, const std::string& name, const model::TransformSet& ts) {
        c.only_on(on_a ? a : b, "transform-set " + name, ts.range, std::nullopt);
      });

  auto window = [](const model::Device& d) {
    return d.ipsec.replay_disabled ? std::string("disabled") : std::to_string(d.ipsec.replay_window.value);
  };
  c.differ("the anti-replay window", window(a), a.ipsec.replay_window.range, window(b), b.ipsec.replay_window.range);

  zip(a.crypto_maps, b.crypto_maps,
      [&](const std::string& name, const model::CryptoMap& x, const model::CryptoMap& y) {
        auto interval = [](const model::CryptoMap& m) {
          if (!m.replay_interval) return std::string("none");
          return "in " + opt_text(m.replay_interval->inbound) + " out " + opt_text(m.replay_interval->outbound);
        };
        c.differ("crypto map " + name + " redundancy replay-interval", interval(x),
                 x.replay_interval ? x.replay_interval->range : x.range, interval(y),
                 y.replay_interval ? y.replay_interval->range : y.range);
        std::map<std::uint32_t, const model::CryptoMapEntry*> ex, ey;
        for (const auto& e : x.entries) ex[e.sequence.value] = &e;
        for (const auto& e : y.entries) ey[e.sequence.value] = &e;
        zip(ex, ey,
            [&](std::uint32_t seq, const model::CryptoMapEntry* p, const model::CryptoMapEntry* q) {
              const std::string e = "crypto map " + name + " " + std::to_string(seq);
              auto at = [](const auto& opt, const model::CryptoMapEntry* entry) {
                return opt ? opt->range : entry->range;
              };
              c.differ(e + " set peer", peers_text(*p), p->peers.empty() ? p->range : p->peers.front().range,
                       peers_text(*q), q->peers.empty() ? q->range : q->peers.front().range);
              c.differ(e + " set transform-set", names_text(*p),
                       p->transform_sets.empty() ? p->range : p->transform_sets.front().range, names_text(*q),
                       q->transform_sets.empty() ? q->range : q->transform_sets.front().range);
              c.differ(e + " set pfs", opt_text(p->pfs), at(p->pfs, p), opt_text(q->pfs), at(q->pfs, q));
              c.differ(e + " match address", opt_text(p->match_address), at(p->match_address, p),
                       opt_text(q->match_address), at(q->match_address, q));
              c.differ(e + " replay window-size", opt_text(p->replay.window_size), at(p->replay.window_size, p),
                       opt_text(q->replay.window_size), at(q->replay.window_size, q));
              c.differ(e + " lifetime seconds", opt_text(p->lifetime.seconds), at(p->lifetime.seconds, p),
                       opt_text(q->lifetime.seconds), at(q->lifetime.seconds, q));
              c.differ(e + " lifetime kilobytes", opt_text(p->lifetime.kilobytes), at(p->lifetime.kilobytes, p),
                       opt_text(q->lifetime.kilobytes), at(q->lifetime.kilobytes, q));
            },
            [&](bool on_a, std::uint32_t seq, const model::CryptoMapEntry* e) {
              c.only_on(on_a ? a : b, "crypto map " + name + " " + std::to_string(seq), e->range,
                        (on_a ? y : x).range);
            });
      },
      [&](bool on_a, const std::string& name, const model::CryptoMap& m) {
        c.only_on(on_a ? a : b, "crypto map " + name, m.range, std::nullopt);
      });
}

// Crypto ACLs: the ones a crypto map entry on either router matches.
void compare_acls(Comparison& c) {
  std::set<std::string> names;
  for (const auto* d : {&c.a(), &c.b()}) {
    for (const auto& [n, m] : d->crypto_maps) {
      for (const auto& e : m.entries) {
        if (e.match_address) names.insert(e.match_address->value);
      }
    }
  }
  for (const auto& name : names) {
    auto x = c.a().access_lists.find(name);
    auto y = c.b().access_lists.find(name);
    const bool on_a = x != c.a().access_lists.end();
    const bool on_b = y != c.b().access_lists.end();
    if (!on_a && !on_b) continue;  // ref-undefined on both
    if (on_a != on_b) {
      c.only_on(on_a ? c.a() : c.b(), "access-list " + name, on_a ? x->second.range : y->second.range, std::nullopt);
      continue;
    }
    const auto& ex = x->second.entries;
    const auto& ey = y->second.entries;
    for (std::size_t i = 0; i < std::max(ex.size(), ey.size()); ++i) {
      const std::string what = "access-list " + name + " entry " + std::to_string(i + 1);
      if (i < ex.size() && i < ey.size()) {
        c.differ(what, acl_entry_text(ex[i]), ex[i].range, acl_entry_text(ey[i]), ey[i].range);
      } else if (i < ex.size()) {
        c.only_on(c.a(), what + " (" + acl_entry_text(ex[i]) + ")", ex[i].range, y->second.range);
      } else {
        c.only_on(c.b(), what + " (" + acl_entry_text(ey[i]) + ")", ey[i].range, x->second.range);
      }
    }
  }
}

void compare_hsrp(Comparison& c, const network::HaPair& pair) {
  const auto& x = *pair.first.group;
  const auto& y = *pair.second.group;
  const std::string g = "HSRP group " + std::to_string(x.number.value);
  c.differ(g + " number", std::to_string(x.number.value), x.number.range, std::to_string(y.number.value), y.number.range);
  c.differ(g + " hello time (ms)", std::to_string(x.hello_ms.value), x.hello_ms.range, std::to_string(y.hello_ms.value),
           y.hello_ms.range);
  c.differ(g + " hold time (ms)", std::to_string(x.hold_ms.value), x.hold_ms.range, std::to_string(y.hold_ms.value),
           y.hold_ms.range);
  c.differ(g + " version", std::to_string(pair.first.interface->hsrp_version.value), pair.first.interface->hsrp_version.range,
           std::to_string(pair.second.interface->hsrp_version.value), pair.second.interface->hsrp_version.range);
  c.differ(g + " name", opt_text(x.name), x.name ? x.name->range : x.range, opt_text(y.name), y.name ? y.name->range : y.range);
  auto kind = [](const model::HsrpGroup& grp) -> std::string {
    if (!grp.authentication) return "none";
    switch (grp.authentication->kind) {
      case model::HsrpAuthentication::Kind::Text: return "text";
      case model::HsrpAuthentication::Kind::Md5KeyString: return "md5 key-string";
      case model::HsrpAuthentication::Kind::Md5KeyChain: return "md5 key-chain " + grp.authentication->key_chain;
    }
    return "?";
  };
  const auto at_x = x.authentication ? x.authentication->range : x.range;
  const auto at_y = y.authentication ? y.authentication->range : y.range;
  c.differ(g + " authentication", kind(x), at_x, kind(y), at_y);
  if (x.authentication && y.authentication && kind(x) == kind(y) &&
      x.authentication->kind != model::HsrpAuthentication::Kind::Md5KeyChain &&
      (x.authentication->key.encryption_type != y.authentication->key.encryption_type ||
       !(x.authentication->key.text == y.authentication->key.text))) {
    c.secret_differs(g + " authentication keys", at_x, at_y);
  }
}

class HaPairDrift final : public Rule {
 public:
  std::string_view id() const override { return "ha-pair-drift"; }
  std::string_view summary() const override { return "crypto or HSRP configuration differs between the two routers of an HA pair"; }
  model::Severity default_severity() const override { return model::Severity::Error; }

  void check_network(const network::Network& net, FindingSink& sink) const override {
    std::set<std::pair<const model::Device*, const model::Device*>> devices_done;
    for (const auto& pair : net.ha_pairs()) {
      if (!is_stateful_ha(*pair.first.device) && !is_stateful_ha(*pair.second.device)) continue;
      Comparison c(*this, *pair.first.device, *pair.second.device, sink);
      // A pair of routers may share several VIPs (inside and outside): compare their global
      // crypto config once, and each shared HSRP group on its own.
      if (devices_done.insert({pair.first.device, pair.second.device}).second) {
        compare_isakmp(c);
        compare_ipsec(c);
        compare_acls(c);
      }
      if (pair.first.group != nullptr && pair.second.group != nullptr) compare_hsrp(c, pair);
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_ha_pair_drift() { return std::make_unique<HaPairDrift>(); }

}  // namespace havpnc::lint::rules
