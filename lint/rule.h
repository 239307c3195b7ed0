#pragma once
// One lint rule = one class in lint/rules/<rule_id>.cpp, registered once in
// lint/rules/registry.cpp, documented in docs/rules/<rule-id>.md and tested in
// tests/lint/<rule-id>/. Device rules look at one device; network rules at the whole set of
// devices given together, with their HA pairs and tunnel peers.
#include <memory>
#include <string_view>
#include <vector>

#include "compiler/model/device.h"
#include "compiler/network/network.h"
#include "lint/finding.h"

namespace havpnc::lint {

class Rule {
 public:
  virtual ~Rule() = default;

  virtual std::string_view id() const = 0;              // stable: "ha-psk-only"
  virtual std::string_view summary() const = 0;         // one line, for `havpnc rules` and SARIF
  virtual model::Severity default_severity() const = 0;

  // Called once per device, then once for the network. A rule overrides either or both.
  virtual void check_device(const model::Device&, FindingSink&) const {}
  virtual void check_network(const network::Network&, FindingSink&) const {}
};

// Every rule, in id order.
std::vector<std::unique_ptr<Rule>> all_rules();

}  // namespace havpnc::lint
