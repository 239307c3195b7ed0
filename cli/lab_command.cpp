#include "cli/lab_command.h"

#include <signal.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <climits>
#include <iostream>

#include "cli/exit_codes.h"
#include "runtime/lab/lab.h"

namespace havpnc::cli {

namespace {

// The binary routers run is this one, by absolute path: `ip netns exec` would otherwise
// look it up in PATH and might find another version.
std::string self_executable() {
  char buf[PATH_MAX];
  const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return "havpnc";
  return std::string(buf, static_cast<std::size_t>(n));
}

}  // namespace

void register_lab(CLI::App& app, LabCommand& command) {
  auto* lab = app.add_subcommand("lab", "The seed topology in network namespaces, one havpnc router per namespace (root)");
  lab->require_subcommand(1);
  // --prefix is accepted before or after the subcommand word (`lab --prefix X up`, `lab up
  // --prefix X`); for exec it must come before NODE, since all after NODE is the command.
  const std::string prefix_help = "Names this lab: its namespaces <prefix><node>, its state /run/havpnc/lab/<prefix>";
  lab->add_option("--prefix", command.prefix, prefix_help)->capture_default_str();
  auto with_prefix = [&](CLI::App* sub) {
    sub->add_option("--prefix", command.prefix, prefix_help);
    return sub;
  };

  auto* up = with_prefix(lab->add_subcommand("up", "Build the namespaces, compile each config and start its router"));
  up->add_option("--dir", command.dir, "Directory of IOS configs (*.cfg)")->capture_default_str();
  up->add_flag("--force", command.force, "Clean this lab's own leftovers from an earlier run first");
  up->add_option("--peer", command.peer,
                 "What runs the tunnel peers (routers with a crypto map and no HSRP group, the seed's R2)")
      ->check(CLI::IsMember({"havpnc", "strongswan"}))
      ->capture_default_str();
  up->add_option("--headend", command.headend,
                 "What runs the head-end (a crypto map and an HSRP group): strongswan runs the first one "
                 "(the seed's R10) as charon on its virtual IPs and leaves the others (R11) unstarted")
      ->check(CLI::IsMember({"havpnc", "strongswan"}))
      ->capture_default_str();
  up->callback([&command] { command.action = "up"; });

  with_prefix(lab->add_subcommand("down", "Stop the routers (SIGTERM, then SIGKILL) and delete the lab's namespaces and state"))
      ->callback([&command] { command.action = "down"; });
  auto* status = with_prefix(lab->add_subcommand("status", "Namespaces, routers alive, their interface bindings"));
  status->add_flag("--json", command.json, "JSON instead of text");
  status->callback([&command] { command.action = "status"; });

  auto* exec = with_prefix(lab->add_subcommand("exec", "Run a command in a node's namespace: lab exec R2 ping -c 1 6.6.156.10"));
  exec->add_option("node", command.node, "Node name")->required();
  // Everything after the node is the command's, options included (`ping -c 1`): CLI11 stops
  // parsing at the first word it does not know and leaves the rest in remaining().
  exec->prefix_command();
  exec->footer("  COMMAND [ARGS...]   what to run in the node's namespace, as typed (no `--`);\n"
               "                      lab options such as --prefix go before NODE");
  exec->callback([&command, exec] {
    command.action = "exec";
    command.words = exec->remaining();
  });
  auto* show = with_prefix(lab->add_subcommand("show", "Ask a router a show command: lab show R10 sh int br"));
  show->add_option("node", command.node, "Router hostname")->required();
  show->add_flag("--json", command.json, "JSON instead of IOS text");
  show->add_option("words", command.words, "The show command")->required()->expected(-1);
  show->callback([&command] { command.action = "show"; });

  auto* link = with_prefix(lab->add_subcommand("link", "Set a node's interface up or down: lab link R10 Gi0/1 down"));
  link->add_option("node", command.node, "Node name")->required();
  link->add_option("interface", command.interface, "IOS name (Gi0/1, GigabitEthernet0/1) or Linux name")->required();
  link->add_option("state", command.state, "up or down")->required()->check(CLI::IsMember({"up", "down"}));
  link->callback([&command] { command.action = "link"; });

  auto* kill = with_prefix(lab->add_subcommand("kill", "Stop a router process (default SIGKILL: a crash)"));
  kill->add_option("node", command.node, "Router hostname")->required();
  kill->add_option("--signal", command.signal, "KILL or TERM")->check(CLI::IsMember({"KILL", "TERM"}))->capture_default_str();
  kill->add_flag("--power-off", command.power_off,
                 "Then set every link of the node down, as a box that loses power (start brings them up)");
  kill->callback([&command] { command.action = "kill"; });

  auto* start = with_prefix(lab->add_subcommand("start", "Start a stopped router again from its plan"));
  start->add_option("node", command.node, "Router hostname")->required();
  start->callback([&command] { command.action = "start"; });

  auto* fo = with_prefix(lab->add_subcommand(
      "failover", "The seed's experiment: echoes 6.6.2.2 -> 6.6.146.4 while the HSRP Active fails, K times"));
  auto& f = command.failover;
  fo->add_option("--rate", f.rate_pps, "Echoes per second")->capture_default_str()->check(CLI::Range(1, 20000));
  fo->add_option("--mode,--how", f.mode,
                 "link: shut the Active's interface (the seed); crash: SIGKILL + links down; kill: SIGKILL; "
                 "a comma list (link,crash) cycles through them")
      ->check([](const std::string& m) {
        return lab::failover_modes(m).empty() ? std::string("link, crash, kill or a comma list of them") : std::string();
      })
      ->capture_default_str();
  fo->add_option("--count", f.count,
                 "Consecutive echoes answered after a takeover before the failed router comes back (0: 100 ms worth)")
      ->capture_default_str()
      ->check(CLI::Range(0, 1000000));
  fo->add_option("--peer", f.peer, "Refuse unless the tunnel peer runs this (havpnc or strongswan; default: either)")
      ->check(CLI::IsMember({"havpnc", "strongswan"}));
  fo->add_option("--repeat", f.repeat, "Failovers, alternating routers")->capture_default_str()->check(CLI::Range(1, 1000));
  fo->add_option("--plot", f.plot, "Write an SVG timeline (echoes, HSRP and RF states) to this file");
  fo->add_flag("--json", f.json, "Results as JSON");
  fo->add_option("--from", f.from, "Node whose namespace sends the echoes")->capture_default_str();
  fo->add_option("--source", f.source, "Source address of the echoes")->capture_default_str();
  fo->add_option("--destination", f.destination, "Address pinged")->capture_default_str();
  fo->add_option("--interface", f.interface, "Interface `--mode link` shuts on the Active")->capture_default_str();
  fo->callback([&command] { command.action = "failover"; });
}

int run_lab(const LabCommand& command) {
  if (!lab::valid_prefix(command.prefix)) {
    std::cerr << "havpnc lab: --prefix " << command.prefix
              << ": letters, digits, '-', '_' and '.', at most 24 characters\n";
    return kExitUsage;
  }
  if (::geteuid() != 0) {
    std::cerr << "havpnc lab: must run as root: the lab creates network namespaces and starts routers in them\n";
    return kExitUsage;
  }
  lab::LabOptions options;
  options.paths.prefix = command.prefix;
  options.havpnc_binary = self_executable();
  lab::Lab l(options, std::cout, std::cerr);
  const std::string& a = command.action;
  if (a == "up") return l.up(command.dir, command.force, command.peer, command.headend);
  if (a == "down") return l.down();
  if (a == "status") return l.status(command.json);
  if (a == "exec") return l.exec(command.node, command.words);
  if (a == "show") return l.show(command.node, command.words, command.json);
  if (a == "link") return l.link(command.node, command.interface, command.state == "up");
  if (a == "kill") return l.kill(command.node, command.signal == "TERM" ? SIGTERM : SIGKILL, command.power_off);
  if (a == "start") return l.start(command.node);
  if (a == "failover") return lab::run_failover(options, command.failover, std::cout, std::cerr);
  return kExitUsage;
}

}  // namespace havpnc::cli
