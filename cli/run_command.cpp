#include "cli/run_command.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>

#include "cli/compile_command.h"
#include "cli/exit_codes.h"
#include "compiler/plan/compile.h"
#include "runtime/control/control_server.h"
#include "runtime/control/plan_show.h"
#include "runtime/control/socket_path.h"
#include "runtime/crypto/crypto_service.h"
#include "runtime/engine/interface_binding.h"
#include "runtime/log/logger.h"
#include "runtime/plan/load_plan.h"
#include "runtime/plan/write_plan.h"
#include "runtime/router/router.h"

namespace havpnc::cli {

namespace {

int refuse(const std::string& why) {
  std::cerr << "havpnc run: " << why << "\n";
  return kExitUsage;
}

std::vector<engine::PlanInterface> plan_interfaces(const plan::Plan& p) {
  std::vector<engine::PlanInterface> out;
  for (const auto& i : p.interfaces) {
    engine::PlanInterface pi{i.name, std::nullopt, i.shutdown};
    if (i.address) pi.address = std::make_pair(i.address->address.bits, static_cast<std::uint8_t>(i.address->length));
    out.push_back(std::move(pi));
  }
  return out;
}

// `--config`: the gate of `havpnc compile` (lint errors about this router refuse it,
// there is no --force here: a router that runs is one that compiles cleanly), then the plan
// goes through the runtime's own loader, exactly as a plan file would.
std::optional<plan::Plan> compile_config(const std::string& config, std::string& error) {
  const LintGate gate = lint_gate(config, {});
  if (gate.device == nullptr) {
    error = "cannot read " + config;
    return std::nullopt;
  }
  const model::Device* device = gate.device;
  if (gate.errors != 0) {
    error = config + " has lint errors (listed above); fix them, or compile a plan with "
                     "`havpnc compile --force` and run that";
    return std::nullopt;
  }
  compiler::CompileResult result = compiler::compile(*device);
  for (const auto& w : result.warnings)
    std::cerr << compiler::format_issue(*device, w, model::Severity::Warning) << "\n";
  for (const auto& e : result.errors)
    std::cerr << compiler::format_issue(*device, e, model::Severity::Error) << "\n";
  if (!result.ok()) {
    error = config + ": " + std::to_string(result.errors.size()) + " compile error(s) (listed above)";
    return std::nullopt;
  }
  plan::LoadResult loaded = plan::load_plan(plan::write_plan(result.plan));
  if (!loaded.ok()) {
    error = config + ": the runtime would refuse its plan: " + loaded.error.to_string();
    return std::nullopt;
  }
  return std::move(*loaded.plan);
}

}  // namespace

void register_run(CLI::App& app, RunCommand& command) {
  auto* sub = app.add_subcommand("run", "Run one router from a plan (root, in its network namespace)");
  auto* plan = sub->add_option("--plan", command.plan_file, "Plan written by havpnc compile");
  auto* config = sub->add_option("--config", command.config_file,
                                 "IOS config, compiled in-process (refused on lint errors)");
  plan->excludes(config);
  config->excludes(plan);
  sub->require_option(1, 0);
  sub->add_option("--bind", command.binds, "IOS=LINUX interface binding, e.g. Gi0/1=eth1 (repeatable)");
  sub->add_option("--control", command.control, "Control socket (default /run/havpnc/HOSTNAME.sock)");
  sub->add_flag("--syslog", command.syslog, "Also log to syslog (facility local7)");
  sub->add_option("--export-keys", command.export_keys,
                  "Write IKE/ESP keys as Wireshark esp_sa and ikev1_decryption_table records to "
                  "FILE (created 0600; off by default)");
}

int run_run(const RunCommand& command) {
  if (command.plan_file.empty() == command.config_file.empty())
    return refuse("give exactly one of --plan FILE or --config FILE");
  std::optional<plan::Plan> owned;
  const std::string source = command.plan_file.empty() ? command.config_file : command.plan_file;
  if (!command.plan_file.empty()) {
    std::ifstream in(command.plan_file, std::ios::binary);
    if (!in) return refuse("cannot read plan " + command.plan_file);
    std::ostringstream text;
    text << in.rdbuf();
    plan::LoadResult loaded = plan::load_plan(text.str());
    if (!loaded.ok()) return refuse(command.plan_file + ": " + loaded.error.to_string());
    owned = std::move(*loaded.plan);
  } else {
    std::string error;
    owned = compile_config(command.config_file, error);
    if (!owned) return refuse(error);
  }
  const plan::Plan& plan = *owned;

  if (::geteuid() != 0)
    return refuse("must run as root: a router adds addresses and routes and opens raw sockets");
  if (::access("/dev/net/tun", R_OK | W_OK) != 0)
    return refuse("no usable /dev/net/tun: the data path needs a TUN device");

  std::map<std::string, std::string> binds;
  for (const std::string& b : command.binds) {
    const auto eq = b.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == b.size())
      return refuse("--bind " + b + ": expected IOS=LINUX, e.g. Gi0/1=eth1");
    binds[b.substr(0, eq)] = b.substr(eq + 1);
  }
  const engine::BindResult bound =
      engine::bind_interfaces(plan_interfaces(plan), engine::system_interfaces(), binds);
  if (!bound.ok()) return refuse(bound.error);

  std::string control_path = command.control;
  if (control_path.empty()) {
    const auto p = control::default_control_path(plan.hostname);
    if (!p) return refuse("hostname " + plan.hostname + " cannot name a control socket; use --control");
    control_path = *p;
  }

  log::Logger logger;
  logger.add_sink(std::make_shared<log::StreamSink>(std::cerr));
  if (command.syslog) logger.add_sink(std::make_shared<log::SyslogSink>("havpnc-" + plan.hostname));
  // Every key of the plan, so that no log line can ever carry one.
  for (const auto& k : plan.pre_shared_keys) logger.secrets().add(k.key);
  for (const auto& g : plan.hsrp_groups) logger.secrets().add(g.authentication_key);

  boost::asio::io_context io;
  control::ShowRegistry registry;
  const std::vector<engine::Binding> bindings = bound.bindings;
  control::register_plan_show(registry, plan, [&plan, bindings] {
    const auto system = engine::system_interfaces();
    std::vector<control::InterfaceStatus> out;
    for (const auto& i : plan.interfaces) {
      control::InterfaceStatus s{i.name, i.address, i.shutdown, false, {}};
      for (const auto& b : bindings)
        if (b.ios_name == i.name) s.linux_name = b.linux_name;
      for (const auto& sys : system)
        if (!s.linux_name.empty() && sys.name == s.linux_name) s.line_up = sys.up && sys.running;
      out.push_back(std::move(s));
    }
    return out;
  });

  // Everything that can refuse the start (another router here, a port in use, an unusable
  // group) happens before the control socket exists, so a refused run leaves nothing behind.
  std::unique_ptr<router::Router> the_router;
  try {
    the_router = std::make_unique<router::Router>(io, plan, bindings, logger, registry);
  } catch (const std::exception& e) {
    return refuse(e.what());
  }

  if (!command.export_keys.empty()) {
    crypto::CryptoService* service = nullptr;
    for (const auto& c : the_router->host().components())
      if (auto* s = dynamic_cast<crypto::CryptoService*>(c.get())) service = s;
    if (service == nullptr) return refuse("--export-keys: the plan binds no crypto map");
    std::string why;
    if (!service->export_keys(command.export_keys, why)) return refuse(why);
  }

  std::string error;
  auto server = control::ControlServer::open(io, control_path, registry, {}, error);
  if (!server) return refuse(error);

  std::string summary;
  for (const auto& b : bindings)
    if (!b.linux_name.empty()) summary += (summary.empty() ? "" : ", ") + b.ios_name + " on " + b.linux_name;
  logger.log({"HAVPNC", Severity::Notice, "START",
              plan.hostname + " running " + source + (summary.empty() ? "" : "; " + summary) +
                  "; control " + control_path});

  boost::asio::signal_set signals(io, SIGTERM, SIGINT);
  signals.async_wait([&](const boost::system::error_code& ec, int signal) {
    if (ec) return;
    logger.log({"HAVPNC", Severity::Notice, "STOP",
                plan.hostname + " stopping on " + (signal == SIGTERM ? "SIGTERM" : "SIGINT")});
    the_router->stop();  // HSRP resigns, then every address and route we added is withdrawn
    server.reset();      // removes the socket file
    io.stop();
  });
  the_router->start();
  io.run();
  return kExitOk;
}

}  // namespace havpnc::cli
