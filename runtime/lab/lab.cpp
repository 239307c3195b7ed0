#include "runtime/lab/lab.h"

#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <ostream>
#include <sstream>

#include "runtime/control/control_client.h"
#include "runtime/lab/command.h"
#include "runtime/lab/router_process.h"
#include "runtime/lab/strongswan_process.h"
#include "runtime/lab/wiring.h"
#include "runtime/plan/load_plan.h"
#include "runtime/track/interface_name.h"

namespace havpnc::lab {

namespace fs = std::filesystem;

namespace {

constexpr const char* kPlanSuffix = ".plan.json";

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// Loads every plan in `dir`, sorted by file name so the topology is the same every time.
std::optional<std::vector<plan::Plan>> load_plans(const std::string& dir, std::string& error) {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (ends_with(e.path().filename().string(), kPlanSuffix)) files.push_back(e.path().string());
  if (ec) {
    error = "cannot read " + dir + ": " + ec.message();
    return std::nullopt;
  }
  std::sort(files.begin(), files.end());
  std::vector<plan::Plan> plans;
  for (const std::string& f : files) {
    const auto text = read_text_file(f);
    if (!text) {
      error = "cannot read " + f;
      return std::nullopt;
    }
    plan::LoadResult r = plan::load_plan(*text);
    if (!r.ok()) {
      error = f + ": " + r.error.to_string();
      return std::nullopt;
    }
    plans.push_back(std::move(*r.plan));
  }
  return plans;
}

std::string nodes_text(const Topology& t) {
  std::string s;
  for (const Node& n : t.nodes) s += n.name + " " + role_name(n.role) + "\n";
  return s;
}

std::string describe_topology(const Topology& t) {
  std::ostringstream o;
  for (const Node& n : t.nodes) {
    o << "  " << n.name << " (" << role_name(n.role) << ")";
    for (const NodeInterface& i : n.interfaces) {
      o << " " << i.linux_name;
      if (!i.ios_name.empty()) o << "=" << track::short_interface_name(i.ios_name);
      for (const auto& a : i.addresses) o << " " << a.to_string();
      if (!i.bridge.empty()) o << "@" << i.bridge;
    }
    o << "\n";
  }
  for (const Segment& s : t.segments) {
    o << "  segment " << s.subnet.to_string() << (s.bridge.empty() ? " (veth)" : " (bridge " + s.bridge + ")")
      << (s.lan ? " LAN" : "") << ":";
    for (const Endpoint& e : s.members) o << " " << e.node << "/" << e.interface;
    for (const auto& v : s.virtual_ips) o << " vip " << v.to_string();
    o << "\n";
  }
  for (const std::string& n : t.notes) o << "  note: " << n << "\n";
  return o.str();
}

bool make_private_dir(const std::string& path, std::string& error) {
  std::error_code ec;
  fs::create_directories(path, ec);
  if (ec) {
    error = "cannot create " + path + ": " + ec.message();
    return false;
  }
  ::chmod(path.c_str(), 0700);
  return true;
}

}  // namespace

Lab::Lab(LabOptions options, std::ostream& out, std::ostream& err)
    : options_(std::move(options)), out_(out), err_(err) {}

std::optional<Topology> Lab::load_topology(std::string& error) const {
  if (!fs::exists(options_.paths.marker())) {
    error = "no lab " + options_.paths.prefix + " (no " + options_.paths.marker() + "); start one with `havpnc lab up`";
    return std::nullopt;
  }
  const auto plans = load_plans(options_.paths.dir(), error);
  if (!plans) return std::nullopt;
  DeriveResult d = derive_topology(*plans);
  if (!d.topology) {
    error = d.error;
    return std::nullopt;
  }
  return std::move(d.topology);
}

std::vector<std::string> Lab::recorded_nodes() const {
  std::vector<std::string> nodes;
  const auto text = read_text_file(options_.paths.nodes_file());
  if (!text) return nodes;
  std::istringstream in(*text);
  std::string line;
  while (std::getline(in, line)) {
    const std::string name = line.substr(0, line.find(' '));
    if (!name.empty()) nodes.push_back(name);
  }
  return nodes;
}

Lab::Cleanup Lab::clean_up(const std::vector<std::string>& extra_nodes) {
  Cleanup c;
  const LabPaths& p = options_.paths;
  std::vector<std::string> nodes = recorded_nodes();
  for (const std::string& n : extra_nodes)
    if (std::find(nodes.begin(), nodes.end(), n) == nodes.end()) nodes.push_back(n);

  // Processes first, all at once: SIGTERM lets each router withdraw what it added.
  std::vector<std::pair<std::string, ProcessRecord>> running;
  for (const std::string& n : nodes) {
    const auto record = read_record(p.pid(n));
    if (!record) continue;
    if (record_is_live(*record, p.netns(n))) {
      ::kill(record->pid, SIGTERM);
      running.emplace_back(n, *record);
    } else {
      ::unlink(p.pid(n).c_str());
    }
  }
  for (const auto& [n, record] : running) {
    if (stop_router(record, p.netns(n), SIGTERM, options_.stop_timeout, true)) {
      ::unlink(p.pid(n).c_str());
      out_ << "stopped " << n << " (pid " << record.pid << ")\n";
    } else {
      c.clean = false;
      c.kept.push_back(n + ": pid " + std::to_string(record.pid) + " would not stop");
    }
  }
  for (const std::string& n : nodes) {
    const std::string ns = p.netns(n);
    if (!namespace_exists(ns)) continue;
    // A process the lab did not start keeps its namespace: deleting the name would hide a
    // namespace that lives on, and the process is not ours to kill.
    const CommandResult pids = run_command({"ip", "netns", "pids", ns});
    std::string others = pids.out;
    std::replace(others.begin(), others.end(), '\n', ' ');
    while (!others.empty() && others.back() == ' ') others.pop_back();
    if (!others.empty()) {
      c.clean = false;
      c.kept.push_back(ns + ": processes the lab did not start are in it (" + others + ")");
      continue;
    }
    const CommandResult del = run_command({"ip", "netns", "del", ns});
    if (!del.ok()) {
      c.clean = false;
      c.kept.push_back(ns + ": " + del.describe());
    }
  }
  if (!c.clean) {
    // Keep the node list so that a later `lab down` can finish the job.
    c.kept.push_back(p.dir() + ": kept until everything above is gone");
  } else if (fs::exists(p.marker())) {
    std::error_code ec;
    fs::remove_all(p.dir(), ec);
    if (ec) {
      c.clean = false;
      c.kept.push_back(p.dir() + ": " + ec.message());
    }
  } else if (fs::exists(p.dir())) {
    c.clean = false;
    c.kept.push_back(p.dir() + ": not made by havpnc lab (no marker), left alone");
  }
  return c;
}

namespace {

bool listed(const std::string& file, const std::string& node) {
  const auto text = read_text_file(file);
  if (!text) return false;
  std::istringstream in(*text);
  std::string line;
  while (std::getline(in, line))
    if (line == node) return true;
  return false;
}

}  // namespace

bool Lab::is_strongswan(const std::string& node) const { return listed(options_.paths.strongswan_file(), node); }

bool Lab::is_idle(const std::string& node) const { return listed(options_.paths.idle_file(), node); }

std::string Lab::start_node(const Node& n, ProcessRecord& record) {
  const LabPaths& p = options_.paths;
  StartedRouter s;
  if (is_strongswan(n.name)) {
    const auto text = read_text_file(p.plan(n.name));
    plan::LoadResult loaded = text ? plan::load_plan(*text) : plan::LoadResult{};
    if (!loaded.ok()) return "cannot load " + p.plan(n.name);
    s = start_strongswan(n, *loaded.plan, p);
  } else {
    s = start_router(n, p, options_.havpnc_binary);
  }
  record = s.record;
  return s.error;
}

std::string Lab::wait_node(const Node& n, const ProcessRecord& record) {
  if (is_strongswan(n.name)) return wait_strongswan_ready(n, options_.paths, record, options_.answer_timeout);
  return wait_until_answers(n, options_.paths, record, options_.answer_timeout);
}

int Lab::up(const std::string& config_dir, bool force, const std::string& peer, const std::string& headend) {
  const LabPaths& p = options_.paths;
  std::vector<std::string> configs;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(config_dir, ec))
    if (e.is_regular_file() && e.path().extension() == ".cfg") configs.push_back(e.path().string());
  if (ec) {
    err_ << "havpnc lab up: cannot read " << config_dir << ": " << ec.message() << "\n";
    return kLabRefused;
  }
  if (configs.empty()) {
    err_ << "havpnc lab up: no *.cfg in " << config_dir << "\n";
    return kLabRefused;
  }
  std::sort(configs.begin(), configs.end());

  const auto existing = namespaces_with_prefix(p.prefix);
  if (!force && (!existing.empty() || fs::exists(p.dir()))) {
    err_ << "havpnc lab up: lab " << p.prefix << " exists from another run:";
    for (const auto& n : existing) err_ << " " << n;
    if (fs::exists(p.dir())) err_ << " " << p.dir();
    err_ << "\n  remove it with `havpnc lab down --prefix " << p.prefix << "` or replace it with `lab up --force`\n";
    return kLabRefused;
  }

  // Compile into a staging directory first: the plans name the nodes whose leftovers
  // --force may clean, and a config that does not compile leaves any running lab alone.
  std::string error;
  if (!make_private_dir(p.root, error)) {
    err_ << "havpnc lab up: " << error << "\n";
    return kLabFailed;
  }
  std::string staging_template = p.root + "/." + p.prefix + "XXXXXX";
  if (::mkdtemp(staging_template.data()) == nullptr) {
    err_ << "havpnc lab up: cannot create a directory under " << p.root << ": " << std::strerror(errno) << "\n";
    return kLabFailed;
  }
  const std::string staging = staging_template;
  auto drop_staging = [&] { fs::remove_all(staging, ec); };
  // Every refusal before the lab exists: say why, leave no staging directory behind.
  auto refuse = [&](const auto&... why) {
    ((err_ << "havpnc lab up: ") << ... << why) << "\n";
    drop_staging();
    return kLabRefused;
  };
  for (const std::string& cfg : configs) {
    const std::string compiled = staging + "/" + fs::path(cfg).stem().string() + ".compiled";
    std::vector<std::string> argv{options_.havpnc_binary, "compile", cfg, "-o", compiled};
    // With its peers, so that the cross-device lint rules of the compile gate see both sides.
    if (configs.size() > 1) {
      argv.push_back("--peers");
      for (const std::string& other : configs)
        if (other != cfg) argv.push_back(other);
    }
    const CommandResult r = run_command(argv);
    const auto text = r.ok() ? read_text_file(compiled) : std::nullopt;
    if (!text) {
      err_ << "havpnc lab up: " << r.describe() << "\n" << r.out;
      drop_staging();
      return kLabRefused;
    }
    const plan::LoadResult loaded = plan::load_plan(*text);
    if (!loaded.ok()) {
      return refuse(compiled, ": ", loaded.error.to_string());
    }
    // One plan per node, named by hostname: that is how every later command finds it.
    const std::string named = staging + "/" + loaded.plan->hostname + kPlanSuffix;
    if (loaded.plan->hostname.find('/') != std::string::npos) {
      return refuse(cfg, ": hostname ", loaded.plan->hostname, " cannot name a file");
    }
    if (fs::exists(named)) {
      return refuse("two configs have hostname ", loaded.plan->hostname);
    }
    fs::rename(compiled, named, ec);
    if (ec) {
      err_ << "havpnc lab up: cannot rename " << compiled << ": " << ec.message() << "\n";
      drop_staging();
      return kLabFailed;
    }
  }
  // The same order every later command derives the topology in: by plan file name.
  const auto plans = load_plans(staging, error);
  if (!plans) {
    return refuse(error);
  }
  DeriveResult derived = derive_topology(*plans);
  if (!derived.topology) {
    return refuse(derived.error);
  }
  const Topology& t = *derived.topology;
  std::string strongswan_nodes;
  if (peer == "strongswan") {
    if (const std::string missing = strongswan_missing(); !missing.empty()) {
      return refuse("--peer strongswan needs: apt-get install --no-install-recommends ", missing);
    }
    for (const plan::Plan& pl : *plans)
      if (!pl.crypto_map_bindings.empty() && pl.hsrp_groups.empty()) strongswan_nodes += pl.hostname + "\n";
    if (strongswan_nodes.empty()) {
      return refuse("--peer strongswan: no router is a tunnel peer (a crypto map and no HSRP group)");
    }
  } else if (peer != "havpnc") {
    return refuse("--peer ", peer, ": havpnc or strongswan");
  }
  std::string idle_nodes;
  const plan::Plan* charon_headend = nullptr;
  if (headend == "strongswan") {
    if (const std::string missing = strongswan_missing(); !missing.empty()) {
      return refuse("--headend strongswan needs: apt-get install --no-install-recommends ", missing);
    }
    // Plans are in hostname order: the first head-end is the one charon runs.
    for (const plan::Plan& pl : *plans) {
      if (pl.crypto_map_bindings.empty() || pl.hsrp_groups.empty()) continue;
      if (!charon_headend) {
        charon_headend = &pl;
        strongswan_nodes += pl.hostname + "\n";
      } else {
        idle_nodes += pl.hostname + "\n";
      }
    }
    if (!charon_headend) {
      return refuse("--headend strongswan: no router is a head-end (a crypto map and an HSRP group)");
    }
  } else if (headend != "havpnc") {
    return refuse("--headend ", headend, ": havpnc or strongswan");
  }

  if (force) {
    std::vector<std::string> names;
    for (const Node& n : t.nodes) names.push_back(n.name);
    const Cleanup c = clean_up(names);
    for (const auto& k : c.kept) err_ << "havpnc lab up: left alone: " << k << "\n";
  }
  if (const auto left = namespaces_with_prefix(p.prefix); !left.empty() || fs::exists(p.dir())) {
    err_ << "havpnc lab up: namespaces or state with prefix " << p.prefix << " remain that this lab does not own:";
    for (const auto& n : left) err_ << " " << n;
    err_ << "\n";
    drop_staging();
    return kLabRefused;
  }
  if (::rename(staging.c_str(), p.dir().c_str()) != 0) {
    err_ << "havpnc lab up: cannot rename " << staging << " to " << p.dir() << ": " << std::strerror(errno) << "\n";
    drop_staging();
    return kLabFailed;
  }
  if (std::string e = write_text_file(p.marker(), "havpnc lab " + p.prefix + "\n", 0600); !e.empty() ||
      !(e = write_text_file(p.nodes_file(), nodes_text(t), 0600)).empty() ||
      !(e = write_text_file(p.strongswan_file(), strongswan_nodes, 0600)).empty() ||
      !(e = write_text_file(p.idle_file(), idle_nodes, 0600)).empty()) {
    err_ << "havpnc lab up: " << e << "\n";
    fs::remove_all(p.dir(), ec);
    return kLabFailed;
  }
  out_ << "lab " << p.prefix << ": state " << p.dir() << "\n" << describe_topology(t);
  out_ << "  note: routers' static routes are lab wiring (metric " << kLabRouteMetric
       << "): havpnc run does not install plan.static_routes\n";

  auto fail = [&](const std::string& why) {
    err_ << "havpnc lab up: " << why << "\n";
    const Cleanup c = clean_up({});
    for (const auto& k : c.kept) err_ << "havpnc lab up: left alone: " << k << "\n";
    return kLabFailed;
  };
  if (const std::string e = run_all(wiring_commands(t, p)); !e.empty()) return fail(e);
  if (bridge_netfilter_loaded())
    if (const std::string e = run_all(bridge_netfilter_off_commands(t, p)); !e.empty()) return fail(e);
  if (charon_headend) {
    const Node* n = t.find_node(charon_headend->hostname);
    if (!n) return fail("no node " + charon_headend->hostname);
    if (const std::string e = run_all(static_virtual_ip_commands(*n, *charon_headend, p)); !e.empty()) return fail(e);
    std::string idle = idle_nodes;
    std::replace(idle.begin(), idle.end(), '\n', ' ');
    out_ << "  note: " << n->name << " runs strongSwan on its HSRP virtual IPs, added statically"
         << (idle.empty() ? std::string() : "; not started: " + idle) << "\n";
  }

  std::vector<std::pair<const Node*, ProcessRecord>> started;
  for (const Node& n : t.nodes) {
    if (n.role != Role::Router || is_idle(n.name)) continue;
    ProcessRecord record;
    if (const std::string e = start_node(n, record); !e.empty()) return fail(e);
    started.emplace_back(&n, record);
  }
  for (const auto& [n, record] : started) {
    if (const std::string e = wait_node(*n, record); !e.empty()) return fail(e);
    if (is_strongswan(n->name)) {
      out_ << n->name << " running strongSwan (pid " << record.pid << "), vici "
           << strongswan_paths(p, n->name).vici() << "\n";
    } else {
      out_ << n->name << " running (pid " << record.pid << "), control " << p.socket(n->name) << "\n";
    }
  }
  out_ << "lab " << p.prefix << " is up\n";
  return kLabOk;
}

int Lab::down() {
  const LabPaths& p = options_.paths;
  if (!fs::exists(p.dir()) && namespaces_with_prefix(p.prefix).empty()) {
    out_ << "lab " << p.prefix << ": nothing to take down\n";
    return kLabOk;
  }
  const Cleanup c = clean_up({});
  for (const auto& k : c.kept) err_ << "havpnc lab down: left alone: " << k << "\n";
  for (const auto& n : namespaces_with_prefix(p.prefix))
    err_ << "havpnc lab down: " << n << " has this prefix but is not one of this lab's nodes: left alone\n";
  if (!c.clean) return kLabFailed;
  out_ << "lab " << p.prefix << " is down\n";
  return kLabOk;
}

namespace {

// A string member of a router's JSON answer, or `otherwise`: the answer is parsed, not trusted.
std::string string_member(const nlohmann::json& row, const char* key, const std::string& otherwise) {
  const auto it = row.find(key);
  return it != row.end() && it->is_string() ? it->get<std::string>() : otherwise;
}

}  // namespace

int Lab::status(bool json) {
  const LabPaths& p = options_.paths;
  std::string error;
  const auto t = load_topology(error);
  if (!t) {
    err_ << "havpnc lab status: " << error << "\n";
    const auto stray = namespaces_with_prefix(p.prefix);
    for (const auto& n : stray) err_ << "  namespace " << n << " exists\n";
    return kLabFailed;
  }
  bool healthy = true;
  nlohmann::json nodes = nlohmann::json::array();
  for (const Node& n : t->nodes) {
    const std::string ns = p.netns(n.name);
    const bool ns_ok = namespace_exists(ns);
    healthy = healthy && ns_ok;
    nlohmann::json node{{"name", n.name}, {"role", role_name(n.role)}, {"namespace", ns}, {"namespace_exists", ns_ok}};
    nlohmann::json interfaces = nlohmann::json::array();
    for (const NodeInterface& i : n.interfaces) {
      nlohmann::json addresses = nlohmann::json::array();
      for (const auto& a : i.addresses) addresses.push_back(a.to_string());
      nlohmann::json row{{"linux", i.linux_name}, {"addresses", addresses}};
      if (!i.ios_name.empty()) row["ios"] = i.ios_name;
      if (!i.bridge.empty()) row["bridge"] = i.bridge;
      interfaces.push_back(std::move(row));
    }
    node["interfaces"] = std::move(interfaces);
    if (n.role == Role::Router) {
      const auto record = read_record(p.pid(n.name));
      const bool alive = record && record_is_live(*record, ns);
      node["running"] = alive;
      if (is_idle(n.name)) {
        // Left unstarted on purpose (up --headend strongswan): not a fault.
        node["idle"] = true;
        nodes.push_back(std::move(node));
        continue;
      }
      node["powered_off"] = ::access(p.powered_off(n.name).c_str(), F_OK) == 0;
      node["pid"] = alive ? nlohmann::json(record->pid) : nlohmann::json();
      node["control"] = p.socket(n.name);
      node["log"] = p.log(n.name);
      node["answering"] = false;
      node["bindings"] = nlohmann::json::array();
      healthy = healthy && alive;
      if (is_strongswan(n.name)) {
        // charon has no havpnc control socket: it answers on vici.
        const std::string vici = strongswan_paths(p, n.name).vici();
        struct stat st {};
        node["implementation"] = "strongswan";
        node["control"] = vici;
        node["answering"] = alive && ::stat(vici.c_str(), &st) == 0 && S_ISSOCK(st.st_mode);
        if (alive && !node["answering"].get<bool>()) {
          node["control_error"] = "no vici socket";
          healthy = false;
        }
      } else if (alive) {
        const auto reply = control::query(p.socket(n.name), {control::Format::Json, "show interfaces brief"},
                                          std::chrono::seconds(2));
        if (reply.transport_ok && reply.ok) {
          node["answering"] = true;
          const auto j = nlohmann::json::parse(reply.body, nullptr, false);
          if (j.is_array())
            for (const auto& row : j) {
              if (!row.is_object()) continue;
              node["bindings"].push_back({{"interface", string_member(row, "interface", "?")},
                                          {"linux", string_member(row, "linux_interface", "unbound")},
                                          {"status", string_member(row, "status", "?")},
                                          {"protocol", string_member(row, "protocol", "?")}});
            }
        } else {
          node["control_error"] = reply.transport_ok ? reply.body : reply.error;
          healthy = false;
        }
      }
    }
    nodes.push_back(std::move(node));
  }
  if (json) {
    out_ << nlohmann::json{{"prefix", p.prefix}, {"state", p.dir()}, {"healthy", healthy}, {"nodes", nodes}}.dump(2)
         << "\n";
    return healthy ? kLabOk : kLabFailed;
  }
  out_ << "lab " << p.prefix << ": state " << p.dir() << "\n";
  for (const auto& node : nodes) {
    out_ << node["name"].get<std::string>() << " (" << node["role"].get<std::string>() << "): namespace "
         << node["namespace"].get<std::string>() << (node["namespace_exists"].get<bool>() ? "" : " MISSING");
    if (!node.contains("running")) {
      for (const auto& i : node["interfaces"]) {
        out_ << " " << i["linux"].get<std::string>();
        for (const auto& a : i["addresses"]) out_ << " " << a.get<std::string>();
      }
    } else if (node.contains("idle")) {
      out_ << ", not started (a strongSwan head-end holds the virtual IPs alone)";
    } else if (!node["running"].get<bool>()) {
      out_ << ", router not running" << (node["powered_off"].get<bool>() ? ", powered off (links down)" : "");
    } else if (!node["answering"].get<bool>()) {
      out_ << ", pid " << node["pid"] << ", control socket not answering ("
           << node["control_error"].get<std::string>() << ")";
    } else if (node.contains("implementation")) {
      out_ << ", pid " << node["pid"] << ", strongSwan, vici " << node["control"].get<std::string>();
    } else {
      out_ << ", pid " << node["pid"] << ", bindings:";
      for (const auto& b : node["bindings"])
        out_ << " " << track::short_interface_name(b["interface"].get<std::string>()) << "="
             << b["linux"].get<std::string>() << " " << b["status"].get<std::string>() << "/"
             << b["protocol"].get<std::string>();
    }
    out_ << "\n";
  }
  return healthy ? kLabOk : kLabFailed;
}

const Node* Lab::router_or_refuse(const Topology& t, const std::string& node) {
  const Node* n = t.find_node(node);
  if (!n || n->role != Role::Router) {
    err_ << "havpnc lab: " << node << " is not a router of lab " << options_.paths.prefix << "; routers:";
    for (const Node& r : t.nodes)
      if (r.role == Role::Router) err_ << " " << r.name;
    err_ << "\n";
    return nullptr;
  }
  return n;
}

int Lab::show(const std::string& node, const std::vector<std::string>& words, bool json) {
  std::string error;
  const auto t = load_topology(error);
  if (!t) {
    err_ << "havpnc lab show: " << error << "\n";
    return kLabRefused;
  }
  if (!router_or_refuse(*t, node)) return kLabRefused;
  if (is_strongswan(node)) {
    err_ << "havpnc lab show: " << node << " runs strongSwan; ask it with: havpnc lab exec --prefix "
         << options_.paths.prefix << " " << node << " swanctl --list-sas --uri unix://"
         << strongswan_paths(options_.paths, node).vici() << "\n";
    return kLabRefused;
  }
  std::string line;
  for (const auto& w : words) line += (line.empty() ? "" : " ") + w;
  // As `havpnc show`: the words may or may not start with (an abbreviation of) "show".
  const std::string first = words.empty() ? std::string() : words.front();
  if (first.empty() || std::string("show").compare(0, first.size(), first) != 0) line = "show " + line;
  const auto r = control::query(options_.paths.socket(node), {json ? control::Format::Json : control::Format::Text, line});
  if (!r.transport_ok) {
    err_ << "havpnc lab show: " << node << ": " << r.error << "\n";
    return kLabRefused;
  }
  out_ << r.body;
  if (!r.body.empty() && r.body.back() != '\n') out_ << "\n";
  return r.ok ? kLabOk : kLabFailed;
}

int Lab::link(const std::string& node, const std::string& interface, bool up) {
  std::string error;
  const auto t = load_topology(error);
  if (!t) {
    err_ << "havpnc lab link: " << error << "\n";
    return kLabRefused;
  }
  const Node* n = t->find_node(node);
  if (!n || n->role == Role::Switch) {
    err_ << "havpnc lab link: no node " << node << " with interfaces in lab " << options_.paths.prefix << "\n";
    return kLabRefused;
  }
  // IOS names in either form ("GigabitEthernet0/1", "Gi0/1", any case) or the Linux name.
  const std::string want = lower(interface);
  const NodeInterface* found = nullptr;
  for (const NodeInterface& i : n->interfaces)
    if (lower(i.linux_name) == want || (!i.ios_name.empty() && (lower(i.ios_name) == want ||
                                                                lower(track::short_interface_name(i.ios_name)) == want)))
      found = &i;
  if (!found) {
    err_ << "havpnc lab link: " << node << " has no interface " << interface << "; it has:";
    for (const NodeInterface& i : n->interfaces)
      err_ << " " << (i.ios_name.empty() ? i.linux_name : track::short_interface_name(i.ios_name));
    err_ << "\n";
    return kLabRefused;
  }
  const CommandResult r =
      run_command({"ip", "-n", options_.paths.netns(node), "link", "set", found->linux_name, up ? "up" : "down"});
  if (!r.ok()) {
    err_ << "havpnc lab link: " << r.describe() << "\n";
    return kLabFailed;
  }
  if (up) {
    // A route through a link that was down is gone; one whose next hop is on another link
    // that is still down cannot come back yet, and is not an error of this command.
    for (const Argv& a : route_commands(*n, options_.paths, true)) {
      const CommandResult rr = run_command(a);
      if (!rr.ok()) err_ << "havpnc lab link: route not restored: " << rr.describe() << "\n";
    }
  }
  out_ << node << " " << (found->ios_name.empty() ? found->linux_name : found->ios_name) << " ("
       << found->linux_name << ") " << (up ? "up" : "down") << "\n";
  return kLabOk;
}

std::string Lab::set_links(const Node& n, bool up) {
  for (const NodeInterface& i : n.interfaces) {
    const CommandResult r =
        run_command({"ip", "-n", options_.paths.netns(n.name), "link", "set", i.linux_name, up ? "up" : "down"});
    if (!r.ok()) return r.describe();
  }
  if (up)
    for (const Argv& a : route_commands(n, options_.paths, true))
      if (const CommandResult r = run_command(a); !r.ok()) return r.describe();
  return {};
}

int Lab::kill(const std::string& node, int signal, bool power_off) {
  std::string error;
  const auto t = load_topology(error);
  if (!t) {
    err_ << "havpnc lab kill: " << error << "\n";
    return kLabRefused;
  }
  const Node* n = router_or_refuse(*t, node);
  if (!n) return kLabRefused;
  const LabPaths& p = options_.paths;
  const auto record = read_record(p.pid(node));
  if (!record || !record_is_live(*record, p.netns(node))) {
    err_ << "havpnc lab kill: " << node << " is not running\n";
    return kLabFailed;
  }
  // No escalation: SIGKILL is what a crash test wants; a SIGTERM that is ignored is a finding.
  if (!stop_router(*record, p.netns(node), signal, options_.stop_timeout, false)) {
    err_ << "havpnc lab kill: " << node << " (pid " << record->pid << ") still runs after signal " << signal << "\n";
    return kLabFailed;
  }
  ::unlink(p.pid(node).c_str());
  out_ << node << " (pid " << record->pid << ") stopped by signal " << signal << "\n";
  if (power_off) {
    if (const std::string e = write_text_file(p.powered_off(node), "powered off\n", 0600); !e.empty()) {
      err_ << "havpnc lab kill: " << e << "\n";
      return kLabFailed;
    }
    if (const std::string e = set_links(*n, false); !e.empty()) {
      err_ << "havpnc lab kill: " << e << "\n";
      return kLabFailed;
    }
    out_ << node << " powered off: every link down\n";
  }
  return kLabOk;
}

int Lab::start(const std::string& node) {
  std::string error;
  const auto t = load_topology(error);
  if (!t) {
    err_ << "havpnc lab start: " << error << "\n";
    return kLabRefused;
  }
  const Node* n = router_or_refuse(*t, node);
  if (!n) return kLabRefused;
  const LabPaths& p = options_.paths;
  if (is_idle(node)) {
    err_ << "havpnc lab start: " << node << " stays down while a strongSwan head-end holds the virtual IPs alone\n";
    return kLabRefused;
  }
  if (const auto record = read_record(p.pid(node)); record && record_is_live(*record, p.netns(node))) {
    err_ << "havpnc lab start: " << node << " is already running (pid " << record->pid << ")\n";
    return kLabRefused;
  }
  if (!namespace_exists(p.netns(node))) {
    err_ << "havpnc lab start: namespace " << p.netns(node) << " is missing\n";
    return kLabFailed;
  }
  if (::access(p.powered_off(node).c_str(), F_OK) == 0) {
    if (const std::string e = set_links(*n, true); !e.empty()) {
      err_ << "havpnc lab start: " << e << "\n";
      return kLabFailed;
    }
    ::unlink(p.powered_off(node).c_str());
    out_ << node << " powered on: every link up\n";
  }
  ProcessRecord record;
  if (const std::string e = start_node(*n, record); !e.empty()) {
    err_ << "havpnc lab start: " << e << "\n";
    return kLabFailed;
  }
  if (const std::string e = wait_node(*n, record); !e.empty()) {
    err_ << "havpnc lab start: " << e << "\n";
    return kLabFailed;
  }
  out_ << node << " running" << (is_strongswan(node) ? " strongSwan" : "") << " (pid " << record.pid << ")\n";
  return kLabOk;
}

int Lab::exec(const std::string& node, const std::vector<std::string>& command) {
  const std::vector<std::string> nodes = recorded_nodes();
  if (std::find(nodes.begin(), nodes.end(), node) == nodes.end()) {
    err_ << "havpnc lab exec: no node " << node << " in lab " << options_.paths.prefix << "\n";
    return kLabRefused;
  }
  if (command.empty()) {
    err_ << "havpnc lab exec: no command\n";
    return kLabRefused;
  }
  std::vector<std::string> argv{"ip", "netns", "exec", options_.paths.netns(node)};
  argv.insert(argv.end(), command.begin(), command.end());
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  out_.flush();
  err_.flush();
  ::execvp(args[0], args.data());
  err_ << "havpnc lab exec: cannot exec ip: " << std::strerror(errno) << "\n";
  return kLabFailed;
}

}  // namespace havpnc::lab
