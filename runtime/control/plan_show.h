#pragma once
// The show commands every router has from its plan alone: `show running-config` (IOS form,
// every key replaced by <redacted>; --json gives the redacted plan) and `show interfaces
// brief` / `show ip interface brief` (IOS columns, with the live line state and the Linux
// interface each IOS interface is bound to).
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "runtime/control/show_registry.h"
#include "runtime/plan/plan.h"

namespace havpnc::control {

struct InterfaceStatus {
  std::string ios_name;
  std::optional<plan::Ipv4Prefix> address;
  bool shutdown = false;     // `shutdown` in the plan
  bool line_up = false;      // the bound Linux interface has carrier
  std::string linux_name;    // empty: not bound
};

std::string show_running_config(const plan::Plan& plan);
std::string show_ip_interface_brief(const std::vector<InterfaceStatus>& interfaces);
nlohmann::json to_json(const std::vector<InterfaceStatus>& interfaces);

// Registers the three commands; `status` is called on each request for live state.
// `plan` must outlive the registry's use.
void register_plan_show(ShowRegistry& registry, const plan::Plan& plan,
                        std::function<std::vector<InterfaceStatus>()> status);

}  // namespace havpnc::control
