// hsrp-auth-missing: without MD5 authentication any host on the segment can send an HSRP Hello
// with priority 255 and take the virtual IP (RFC 2281 §5.1 carries the text password "cisco"
// in the clear by default), which for an HA IPsec pair also steals the SSO-active role.
#include "lint/rules/ha_common.h"
#include "lint/rules/rules.h"

namespace havpnc::lint::rules {
namespace {

class HsrpAuthMissing final : public Rule {
 public:
  std::string_view id() const override { return "hsrp-auth-missing"; }
  std::string_view summary() const override { return "HSRP group without MD5 authentication"; }
  model::Severity default_severity() const override { return model::Severity::Warning; }

  void check_device(const model::Device& device, FindingSink& sink) const override {
    const std::string who = device.display_name();
    for (const auto& [name, itf] : device.interfaces) {
      for (const auto& g : itf.hsrp_groups) {
        using Kind = model::HsrpAuthentication::Kind;
        if (g.authentication && g.authentication->kind != Kind::Text) continue;
        const std::string how = g.authentication ? "uses clear-text authentication"
                                                 : "has no authentication (IOS sends the clear-text default `cisco`)";
        sink.report(make_finding(*this,
                                 who + ": HSRP " + group_label(itf, g) + " " + how +
                                     "; any host on the segment can claim the virtual IP with a priority 255 Hello "
                                     "(RFC 2281 §5.1) and take the active role. Use `standby " +
                                     std::to_string(g.number.value) + " authentication md5 key-string ...`",
                                 g.authentication ? g.authentication->range : g.range, {who}));
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_hsrp_auth_missing() { return std::make_unique<HsrpAuthMissing>(); }

}  // namespace havpnc::lint::rules
