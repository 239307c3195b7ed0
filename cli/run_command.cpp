#include "cli/run_command.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/exit_codes.h"
#include "runtime/control/control_server.h"
#include "runtime/control/plan_show.h"
#include "runtime/control/socket_path.h"
#include "runtime/engine/interface_binding.h"
#include "runtime/log/logger.h"
#include "runtime/plan/load_plan.h"

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

}  // namespace

void register_run(CLI::App& app, RunCommand& command) {
  auto* sub = app.add_subcommand("run", "Run one router from a plan (root, in its network namespace)");
  sub->add_option("--plan", command.plan_file, "Plan written by havpnc compile")->required();
  sub->add_option("--bind", command.binds, "IOS=LINUX interface binding, e.g. Gi0/1=eth1 (repeatable)");
  sub->add_option("--control", command.control, "Control socket (default /run/havpnc/HOSTNAME.sock)");
  sub->add_flag("--syslog", command.syslog, "Also log to syslog (facility local7)");
}

int run_run(const RunCommand& command) {
  std::ifstream in(command.plan_file, std::ios::binary);
  if (!in) return refuse("cannot read plan " + command.plan_file);
  std::ostringstream text;
  text << in.rdbuf();
  const plan::LoadResult loaded = plan::load_plan(text.str());
  if (!loaded.ok()) return refuse(command.plan_file + ": " + loaded.error.to_string());
  const plan::Plan& plan = *loaded.plan;

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

  std::string error;
  auto server = control::ControlServer::open(io, control_path, registry, {}, error);
  if (!server) return refuse(error);

  std::string summary;
  for (const auto& b : bindings)
    if (!b.linux_name.empty()) summary += (summary.empty() ? "" : ", ") + b.ios_name + " on " + b.linux_name;
  logger.log({"HAVPNC", Severity::Notice, "START",
              plan.hostname + " running " + command.plan_file + (summary.empty() ? "" : "; " + summary) +
                  "; control " + control_path});

  boost::asio::signal_set signals(io, SIGTERM, SIGINT);
  signals.async_wait([&](const boost::system::error_code& ec, int signal) {
    if (ec) return;
    logger.log({"HAVPNC", Severity::Notice, "STOP",
                plan.hostname + " stopping on " + (signal == SIGTERM ? "SIGTERM" : "SIGINT")});
    server.reset();  // removes the socket file
    io.stop();
  });
  io.run();
  return kExitOk;
}

}  // namespace havpnc::cli
