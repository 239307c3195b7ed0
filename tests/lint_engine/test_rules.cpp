#include "test_rules.h"

namespace havpnc::lint::testing {

namespace {

class Hostname final : public Rule {
 public:
  std::string_view id() const override { return "test-hostname"; }
  std::string_view summary() const override { return "every hostname"; }
  model::Severity default_severity() const override { return model::Severity::Warning; }
  void check_device(const model::Device& d, FindingSink& sink) const override {
    if (!d.hostname) return;
    Finding f;
    f.severity = model::Severity::Warning;
    f.message = "hostname " + d.hostname->value + " seen at line " + d.path + ":" + std::to_string(d.hostname->range.line);
    f.location = d.hostname->range;
    f.devices = {d.display_name()};
    sink.report(std::move(f));  // rule id left empty: the engine fills it in
  }
};

class Pair final : public Rule {
 public:
  std::string_view id() const override { return "test-pair"; }
  std::string_view summary() const override { return "every HA pair"; }
  model::Severity default_severity() const override { return model::Severity::Error; }
  void check_network(const network::Network& net, FindingSink& sink) const override {
    for (const auto& p : net.ha_pairs()) {
      Finding f;
      f.rule = "test-pair";
      f.severity = model::Severity::Error;
      f.message = p.first.device->display_name() + " pairs with " + p.second.device->display_name();
      f.location = p.first.group->virtual_ip->range;
      f.related.push_back({p.second.group->virtual_ip->range, "the other router's virtual IP"});
      f.devices = {p.first.device->display_name(), p.second.device->display_name()};
      sink.report(std::move(f));
    }
  }
};

class ShadowSyntaxInvalid final : public Rule {
 public:
  std::string_view id() const override { return "syntax-invalid"; }
  std::string_view summary() const override { return "shadow"; }
  model::Severity default_severity() const override { return model::Severity::Info; }
  void check_device(const model::Device& d, FindingSink& sink) const override {
    Finding f;
    f.message = "shadow rule ran";
    f.location = {d.file, 1, 1, 1, 1};
    sink.report(std::move(f));
  }
};

}  // namespace

std::vector<std::unique_ptr<Rule>> test_rules() {
  std::vector<std::unique_ptr<Rule>> out;
  out.push_back(std::make_unique<Pair>());
  out.push_back(std::make_unique<Hostname>());
  out.push_back(std::make_unique<ShadowSyntaxInvalid>());
  return out;
}

}  // namespace havpnc::lint::testing
