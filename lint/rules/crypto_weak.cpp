// crypto-weak: algorithms that RFC 8247 (IKE) and RFC 8221 (ESP) say MUST NOT or SHOULD NOT be
// used: DES, 3DES, MD5, and Diffie-Hellman MODP groups under 2048 bits (1, 2, 5).
#include "lint/rules/ha_common.h"
#include "lint/rules/rules.h"

namespace havpnc::lint::rules {
namespace {

class CryptoWeak final : public Rule {
 public:
  std::string_view id() const override { return "crypto-weak"; }
  std::string_view summary() const override { return "DES, 3DES, MD5 or DH group 1/2/5 in IKE or IPsec settings"; }
  model::Severity default_severity() const override { return model::Severity::Warning; }

  void check_device(const model::Device& device, FindingSink& sink) const override {
    const std::string who = device.display_name();
    auto report = [&](const std::string& what, const std::string& rfc, const model::SourceRange& at, bool defaulted) {
      sink.report(make_finding(*this,
                               who + ": " + what + (defaulted ? " (the IOS default)" : "") + " is weak (" + rfc +
                                   "); an attacker who breaks it reads or forges this tunnel's traffic",
                               at, {who}));
    };
    for (const auto& [priority, p] : device.isakmp_policies) {
      const std::string policy = "crypto isakmp policy " + std::to_string(priority);
      if (model::is_weak(p.encryption.value))
        report(policy + " encryption " + model::to_string(p.encryption.value), "RFC 8247 §2.1", p.encryption.range, p.encryption.defaulted);
      if (model::is_weak(p.hash.value))
        report(policy + " hash " + model::to_string(p.hash.value), "RFC 8247 §2.2", p.hash.range, p.hash.defaulted);
      if (model::is_weak(p.group.value))
        report(policy + " Diffie-Hellman " + model::to_string(p.group.value), "RFC 8247 §2.4: MODP under 2048 bits",
               p.group.range, p.group.defaulted);
    }
    for (const auto& [name, ts] : device.transform_sets) {
      for (const auto& t : ts.transforms) {
        if (model::is_weak(t.value)) report("transform-set " + name + " " + t.value.ios_name, "RFC 8221 §5", t.range, false);
      }
    }
    for (const auto& [name, map] : device.crypto_maps) {
      for (const auto& e : map.entries) {
        if (e.pfs && model::is_weak(e.pfs->value))
          report("crypto map " + name + " " + std::to_string(e.sequence.value) + " PFS " + model::to_string(e.pfs->value),
                 "RFC 8247 §2.4: MODP under 2048 bits", e.pfs->range, e.pfs->defaulted);
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_crypto_weak() { return std::make_unique<CryptoWeak>(); }

}  // namespace havpnc::lint::rules
