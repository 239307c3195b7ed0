#include "runtime/lab/failover.h"

#include <signal.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include "runtime/control/control_client.h"
#include "runtime/lab/command.h"
#include "runtime/lab/failover_analysis.h"
#include "runtime/lab/failover_echo.h"
#include "runtime/lab/failover_svg.h"
#include "runtime/lab/strongswan_process.h"
#include "runtime/lab/strongswan_sas.h"

namespace havpnc::lab {

namespace {

using nlohmann::json;
using namespace std::chrono_literals;

constexpr auto kPollInterval = 50ms;
constexpr auto kQueryTimeout = 300ms;

// One router as the poller last saw it.
struct RouterView {
  bool answered = false;
  std::vector<std::string> group_states;  // in `show standby brief` order
  int hold_ms = 0;
  std::string rf_my, rf_peer;  // "" when not answered
  std::optional<std::uint64_t> ike_sas, ipsec_sas;  // `show redundancy states --json`
  std::string hsrp_text() const {
    if (!answered) return "down";
    std::string s;
    for (const auto& g : group_states) s += (s.empty() ? "" : "/") + g;
    return s.empty() ? "none" : s;
  }
  bool all(const std::string& state) const {
    return answered && !group_states.empty() &&
           std::all_of(group_states.begin(), group_states.end(), [&](const std::string& g) { return g == state; });
  }
};

std::string rf_name(const json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_object() && it->contains("name") && (*it)["name"].is_string()) return (*it)["name"].get<std::string>();
  return "";
}

// Polls every HSRP router's `show standby brief --json` (and `show redundancy states --json`
// when the routers answer it) every 50 ms; keeps the latest view and every change, timed.
class StatePoller {
 public:
  StatePoller(LabPaths paths, std::vector<std::string> routers, bool rf, EchoClock::time_point t0)
      : paths_(std::move(paths)), routers_(std::move(routers)), rf_(rf), t0_(t0) {}
  ~StatePoller() { stop(); }

  void start() {
    running_ = true;
    thread_ = std::thread([this] {
      while (running_) {
        poll_once();
        std::this_thread::sleep_for(kPollInterval);
      }
    });
  }
  void stop() {
    running_ = false;
    if (thread_.joinable()) thread_.join();
  }
  void poll_once() {
    for (const std::string& r : routers_) {
      RouterView v;
      const auto s = control::query(paths_.socket(r), {control::Format::Json, "show standby brief"}, kQueryTimeout);
      const json groups = s.transport_ok && s.ok ? json::parse(s.body, nullptr, false) : json();
      if (groups.is_array()) {
        v.answered = true;
        for (const auto& g : groups) {
          if (!g.is_object()) continue;
          v.group_states.push_back(g.value("state", std::string("?")));
          if (g.contains("hold_ms") && g["hold_ms"].is_number_integer())
            v.hold_ms = std::max(v.hold_ms, g["hold_ms"].get<int>());
        }
      }
      if (rf_ && v.answered) {
        const auto q = control::query(paths_.socket(r), {control::Format::Json, "show redundancy states"}, kQueryTimeout);
        const json j = q.transport_ok && q.ok ? json::parse(q.body, nullptr, false) : json();
        if (j.is_object()) {
          v.rf_my = rf_name(j, "my_state");
          v.rf_peer = rf_name(j, "peer_state");
          if (j.contains("ike_sas") && j["ike_sas"].is_number_unsigned()) v.ike_sas = j["ike_sas"].get<std::uint64_t>();
          if (j.contains("ipsec_sas") && j["ipsec_sas"].is_number_unsigned())
            v.ipsec_sas = j["ipsec_sas"].get<std::uint64_t>();
        }
      }
      const auto at = std::chrono::duration_cast<std::chrono::microseconds>(EchoClock::now() - t0_).count();
      std::lock_guard lock(mutex_);
      auto& last = views_[r];
      if (samples_by_router_[r] == 0 || last.hsrp_text() != v.hsrp_text() || last.rf_my != v.rf_my) {
        samples_.push_back({at, r, v.hsrp_text(), v.rf_my});
        ++samples_by_router_[r];
      }
      last = v;
    }
  }
  std::map<std::string, RouterView> views() const {
    std::lock_guard lock(mutex_);
    return views_;
  }
  std::vector<StateSample> samples() const {
    std::lock_guard lock(mutex_);
    return samples_;
  }

 private:
  LabPaths paths_;
  std::vector<std::string> routers_;
  bool rf_;
  EchoClock::time_point t0_;
  std::atomic<bool> running_{false};
  std::thread thread_;
  mutable std::mutex mutex_;
  std::map<std::string, RouterView> views_;
  std::map<std::string, int> samples_by_router_;
  std::vector<StateSample> samples_;
};

// The Active of every group, when one router is Active in all of them and the other Standby
// in all of them (and, with RF, the standby STANDBY HOT); "" otherwise.
std::string settled_active(const std::map<std::string, RouterView>& views, bool rf) {
  if (views.size() != 2) return "";
  const auto& [a, va] = *views.begin();
  const auto& [b, vb] = *std::next(views.begin());
  const std::string* active = va.all("Active") && vb.all("Standby") ? &a : vb.all("Active") && va.all("Standby") ? &b : nullptr;
  if (!active) return "";
  if (rf) {
    const RouterView& standby = *active == a ? vb : va;
    if (standby.rf_my != "STANDBY HOT") return "";
  }
  return *active;
}

// strongSwan: `swanctl --list-sas` over charon's vici socket, in the node's namespace (the
// socket path is the outside view of charon's private /run), and the drops in its log.
SaSnapshot strongswan_snapshot(const LabPaths& paths, const std::string& node) {
  const StrongswanPaths sw = strongswan_paths(paths, node);
  const CommandResult list =
      run_command({"ip", "netns", "exec", paths.netns(node), "swanctl", "--list-sas", "--uri", "unix://" + sw.vici()});
  if (!list.ok()) return {};
  std::ifstream log(sw.log());
  std::stringstream text;
  text << log.rdbuf();
  return parse_swanctl_sas(list.out, text.str());
}

SaSnapshot sa_snapshot(const LabPaths& paths, const std::string& node, bool strongswan) {
  if (strongswan) return strongswan_snapshot(paths, node);
  const auto isakmp = control::query(paths.socket(node), {control::Format::Json, "show crypto isakmp sa"}, 2s);
  const auto ipsec = control::query(paths.socket(node), {control::Format::Json, "show crypto ipsec sa"}, 2s);
  if (!isakmp.transport_ok || !isakmp.ok || !ipsec.transport_ok || !ipsec.ok) return {};
  return parse_sa_snapshot(isakmp.body, ipsec.body);
}

std::string join(const std::vector<std::uint64_t>& v, bool hex) {
  std::ostringstream s;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) s << ",";
    if (hex) s << "0x" << std::hex; else s << std::dec;
    s << v[i];
  }
  return v.empty() ? "none" : s.str();
}

std::int64_t us_since(EchoClock::time_point t0) {
  return std::chrono::duration_cast<std::chrono::microseconds>(EchoClock::now() - t0).count();
}

RfHolding holding(const std::map<std::string, RouterView>& views, const std::string& router) {
  RfHolding h;
  h.router = router;
  const auto it = views.find(router);
  if (it == views.end()) return h;
  h.rf = it->second.rf_my;
  h.ike_sas = it->second.ike_sas;
  h.ipsec_sas = it->second.ipsec_sas;
  return h;
}

std::string holding_text(const RfHolding& h) {
  auto n = [](const std::optional<std::uint64_t>& v) { return v ? std::to_string(*v) : std::string("?"); };
  return h.router + " " + (h.rf.empty() ? std::string("(no RF answer)") : h.rf) + " holding " + n(h.ike_sas) +
         " IKE / " + n(h.ipsec_sas) + " IPsec SA(s)";
}

}  // namespace

std::vector<std::string> failover_modes(const std::string& mode) {
  std::vector<std::string> modes;
  std::size_t at = 0;
  while (at <= mode.size()) {
    const std::size_t comma = std::min(mode.find(',', at), mode.size());
    const std::string m = mode.substr(at, comma - at);
    if (m != "link" && m != "crash" && m != "kill") return {};
    modes.push_back(m);
    at = comma + 1;
  }
  return modes;
}

int run_failover(const LabOptions& lab_options, const FailoverOptions& o, std::ostream& out, std::ostream& err) {
  const std::vector<std::string> modes = failover_modes(o.mode);
  if (modes.empty()) {
    err << "havpnc lab failover: --mode must be link, crash or kill, or a comma list of them (link,crash)\n";
    return kLabRefused;
  }
  if (o.rate_pps < 1 || o.rate_pps > 20000 || o.repeat < 1 || o.repeat > 1000 || o.count < 0 || o.count > 1'000'000) {
    err << "havpnc lab failover: --rate 1..20000 pps, --repeat 1..1000, --count 0..1000000\n";
    return kLabRefused;
  }
  if (!o.peer.empty() && o.peer != "havpnc" && o.peer != "strongswan") {
    err << "havpnc lab failover: --peer must be havpnc or strongswan\n";
    return kLabRefused;
  }
  std::ostringstream lab_out, lab_err;  // what the lab operations say goes into our errors only
  Lab lab(lab_options, lab_out, lab_err);
  std::string error;
  const auto topology = lab.load_topology(error);
  if (!topology) {
    err << "havpnc lab failover: " << error << "\n";
    return kLabRefused;
  }
  const LabPaths& paths = lab_options.paths;
  if (!topology->find_node(o.from)) {
    err << "havpnc lab failover: no node " << o.from << " in lab " << paths.prefix << "\n";
    return kLabRefused;
  }
  // The HSRP pair: the routers that answer `show standby` with at least one group.
  std::vector<std::string> pair;
  bool rf = false;
  for (const Node& n : topology->nodes) {
    if (n.role != Role::Router) continue;
    const auto r = control::query(paths.socket(n.name), {control::Format::Json, "show standby brief"}, 2s);
    const json j = r.transport_ok && r.ok ? json::parse(r.body, nullptr, false) : json();
    if (!j.is_array() || j.empty()) continue;
    pair.push_back(n.name);
    const auto red = control::query(paths.socket(n.name), {control::Format::Json, "show redundancy states"}, 2s);
    rf = rf || (red.transport_ok && red.ok);
  }
  if (pair.size() != 2) {
    err << "havpnc lab failover: need exactly two routers answering with HSRP groups, found " << pair.size()
        << " (is every router running? `havpnc lab status`)\n";
    return kLabFailed;
  }
  // The tunnel peer whose SAs must survive: the router outside the pair (the seed's R2).
  std::string peer;
  for (const Node& n : topology->nodes)
    if (peer.empty() && n.role == Role::Router && std::find(pair.begin(), pair.end(), n.name) == pair.end()) peer = n.name;
  const bool strongswan = !peer.empty() && lab.is_strongswan(peer);
  const std::string peer_kind = peer.empty() ? "none" : strongswan ? "strongswan" : "havpnc";
  if (!o.peer.empty() && o.peer != peer_kind) {
    err << "havpnc lab failover: --peer " << o.peer << ", but the tunnel peer " << (peer.empty() ? "(none)" : peer)
        << " runs " << peer_kind << " (`havpnc lab up --peer " << o.peer << "`)\n";
    return kLabRefused;
  }
  const auto t0 = EchoClock::now();
  EchoProbe probe(paths.netns(o.from), o.source, o.destination, o.rate_pps);
  if (const std::string e = probe.open(); !e.empty()) {
    err << "havpnc lab failover: " << e << "\n";
    return kLabFailed;
  }
  StatePoller poller(paths, pair, rf, t0);
  poller.poll_once();
  poller.start();
  probe.start();
  auto say = [&](const std::string& line) {
    if (!o.json) out << line << std::endl;
  };
  say("havpnc lab failover: " + o.source + " (" + o.from + ") -> " + o.destination + " at " +
      std::to_string(o.rate_pps) + " pps, mode " + o.mode + ", " + std::to_string(o.repeat) +
      " failover(s); HSRP pair " + pair[0] + " " + pair[1] + "; tunnel peer " + (peer.empty() ? "none" : peer) +
      " (" + peer_kind + "); show redundancy states: " +
      (rf ? "answered (waiting for STANDBY HOT)" : "not answered (no SSO: a failover renegotiates)"));

  const std::size_t window = static_cast<std::size_t>(std::max(5, o.rate_pps / 10));  // 100 ms of echoes
  const auto echo_age = std::chrono::milliseconds(std::max(200, 3000 / o.rate_pps * 2));
  auto tunnel_carries = [&] { return probe.answered_of_last(window, echo_age) == window; };
  // After a takeover: --count consecutive echoes answered (default: the 100 ms window).
  const std::size_t after_window = o.count > 0 ? static_cast<std::size_t>(o.count) : window;
  auto tunnel_carries_after = [&] { return probe.answered_of_last(after_window, echo_age) == after_window; };
  // Settled and stable for two hold times (a returning Standby has just learned the Active).
  auto settle = [&]() -> std::string {
    const auto limit = EchoClock::now() + o.settle_timeout;
    std::string candidate;
    EchoClock::time_point since{};
    while (EchoClock::now() < limit) {
      const auto views = poller.views();
      const std::string active = settled_active(views, rf);
      int hold_ms = 0;
      for (const auto& [_, v] : views) hold_ms = std::max(hold_ms, v.hold_ms);
      if (active.empty() || !tunnel_carries()) {
        candidate.clear();
      } else if (active != candidate) {
        candidate = active;
        since = EchoClock::now();
      } else if (EchoClock::now() - since >= std::max(500ms, std::chrono::milliseconds(2 * hold_ms))) {
        return active;
      }
      std::this_thread::sleep_for(kPollInterval);
    }
    return "";
  };

  std::vector<Failover> failovers;
  int status = kLabOk;
  std::string active = settle();
  if (active.empty()) {
    err << "havpnc lab failover: no Active/Standby pair with echoes answered within " << o.settle_timeout.count()
        << " s\n";
    status = kLabFailed;
  } else {
    say("settled after " + std::to_string(us_since(t0) / 1000) + " ms: " + active + " Active");
  }
  for (int i = 1; status == kLabOk && i <= o.repeat; ++i) {
    Failover f;
    f.index = i;
    f.router = active;
    const std::string mode = modes[static_cast<std::size_t>(i - 1) % modes.size()];
    f.mode = mode;
    f.phase_us = us_since(t0);
    if (rf) {
      const auto views = poller.views();
      for (const auto& [name, v] : views)
        if (name != active) f.standby_hot_before = v.rf_my == "STANDBY HOT";
    }
    f.sas_before = peer.empty() ? SaSnapshot{} : sa_snapshot(paths, peer, strongswan);
    const std::string other = pair[0] == active ? pair[1] : pair[0];
    f.fail_us = us_since(t0);
    const int failed = mode == "link" ? lab.link(active, o.interface, false)
                                      : lab.kill(active, SIGKILL, mode == "crash");
    if (failed != kLabOk) {
      err << "havpnc lab failover: failing " << active << ": " << lab_err.str();
      status = kLabFailed;
      break;
    }
    // Recovered: the other router Active in every group and echoes sent since answered.
    const auto limit = EchoClock::now() + o.recovery_timeout;
    while (EchoClock::now() < limit) {
      const auto views = poller.views();
      const auto it = views.find(other);
      const bool took_over = it != views.end() && it->second.all("Active");
      if (took_over) f.took_over = other;
      if (took_over && us_since(t0) - f.fail_us > 300'000 && tunnel_carries_after()) {
        f.recovered_us = us_since(t0);
        break;
      }
      std::this_thread::sleep_for(kPollInterval);
    }
    f.sas_after = peer.empty() ? SaSnapshot{} : sa_snapshot(paths, peer, strongswan);
    f.sas = compare_sas(f.sas_before, f.sas_after);
    f.restore_us = us_since(t0);
    const int back = mode == "link" ? lab.link(active, o.interface, true) : lab.start(active);
    if (back != kLabOk) {
      err << "havpnc lab failover: bringing " << active << " back: " << lab_err.str();
      status = kLabFailed;
    }
    if (!f.recovered_us) status = kLabFailed;
    say("failover " + std::to_string(i) + ": " + active + " failed (" + mode + "), " +
        (f.recovered_us ? "echoes answered through " + other + " again after " +
                              std::to_string((*f.recovered_us - f.fail_us) / 1000) + " ms (detected)"
                        : std::string("not recovered within ") + std::to_string(o.recovery_timeout.count()) + " s"));
    std::string next = status == kLabOk ? settle() : "";
    f.end_us = us_since(t0);
    if (!next.empty() && rf) {
      const auto views = poller.views();
      f.returned = holding(views, active);
      f.active_after = holding(views, next);
    }
    failovers.push_back(f);
    if (status == kLabOk && next.empty()) {
      err << "havpnc lab failover: no Active/Standby pair again after restoring " << active << "\n";
      status = kLabFailed;
    }
    active = next;
  }
  probe.stop_after_grace(std::chrono::milliseconds(kEchoTimeoutUs / 1000 + 200));
  poller.stop();

  std::vector<Echo> echoes;
  for (const EchoRecord& r : probe.records()) {
    Echo e;
    e.sent_us = std::chrono::duration_cast<std::chrono::microseconds>(r.sent_at - t0).count();
    if (r.reply_at) e.reply_us = std::chrono::duration_cast<std::chrono::microseconds>(*r.reply_at - t0).count();
    e.unreachable = r.unreachable;
    echoes.push_back(e);
  }
  std::vector<FailoverFigures> figures;
  for (const Failover& f : failovers) figures.push_back(figure(echoes, f));
  const Summary sum = summarize(echoes, failovers, figures);

  if (!o.plot.empty()) {
    PlotInput in{"havpnc lab failover: " + o.source + " -> " + o.destination + ", " + std::to_string(o.rate_pps) +
                     " pps, mode " + o.mode + ", peer " + peer_kind + " (lab " + paths.prefix + ")",
                 pair, echoes, failovers, figures, poller.samples()};
    std::ofstream svg(o.plot);
    svg << render_svg(in);
    if (!svg) {
      err << "havpnc lab failover: cannot write " << o.plot << "\n";
      status = kLabFailed;
    }
  }

  if (o.json) {
    json j{{"source", o.source},       {"from", o.from},        {"destination", o.destination},
           {"rate_pps", o.rate_pps},   {"mode", o.mode},        {"routers", pair}, {"tunnel_peer", peer},
           {"tunnel_peer_kind", peer_kind}, {"count", o.count},
           {"redundancy_answered", rf}, {"failovers", json::array()}};
    for (std::size_t i = 0; i < failovers.size(); ++i) j["failovers"].push_back(to_json(failovers[i], figures[i]));
    j["totals"] = {{"sent", sum.sent},
                   {"replied", sum.replied},
                   {"lost", sum.lost},
                   {"unreachable", sum.unreachable},
                   {"outage_median_ms", sum.median_ms ? json(*sum.median_ms) : json()},
                   {"outage_max_ms", sum.max_ms ? json(*sum.max_ms) : json()},
                   {"not_recovered", sum.not_recovered},
                   {"malformed_icmp", probe.malformed()}};
    j["ok"] = status == kLabOk;
    out << j.dump(2) << "\n";
    return status;
  }
  for (std::size_t i = 0; i < failovers.size(); ++i) {
    const Failover& f = failovers[i];
    const FailoverFigures& x = figures[i];
    char outage[64];
    if (x.outage_ms)
      std::snprintf(outage, sizeof outage, "%.1f ms", *x.outage_ms);
    else
      std::snprintf(outage, sizeof outage, "not recovered");
    out << "\nfailover " << f.index << " (" << f.router << " -> " << (f.took_over.empty() ? "none" : f.took_over)
        << ", " << f.mode << "): " << x.sent << " echoes, " << x.replied << " replied, " << x.lost << " lost ("
        << x.unreachable << " U); outage " << outage << "; lost after restore " << x.lost_after_restore << "\n";
    out << "  " << x.line << "\n";
    if (!f.returned.router.empty())
      out << "  back: " << holding_text(f.returned) << "; Active " << holding_text(f.active_after) << ": "
          << (f.standby_holds_all() ? "standby holds every SA" : "standby does NOT hold every SA") << "\n";
    const SaVerdict& v = f.sas;
    if (!v.comparable) {
      out << "  " << (peer.empty() ? "tunnel peer" : peer) << " SAs: not comparable (no ISAKMP/IPsec SA before, or no answer)\n";
      continue;
    }
    out << "  " << peer << (strongswan ? " (strongSwan) IKE #" : " IKE conn-id ") << join(f.sas_before.ike_conn_ids, false)
        << " -> " << join(f.sas_after.ike_conn_ids, false);
    if (strongswan) {
      std::string b, a;
      for (const auto& spi : f.sas_before.ike_spis) b += (b.empty() ? "" : ",") + spi;
      for (const auto& spi : f.sas_after.ike_spis) a += (a.empty() ? "" : ",") + spi;
      out << " [" << b << "] -> [" << a << "]";
    }
    out << (v.ike_same ? " (same IKE SA)" : " (new main mode)")
        << "; IPsec in SPI " << join(f.sas_before.inbound_spis, true) << " -> " << join(f.sas_after.inbound_spis, true)
        << (v.ipsec_same ? " (same)" : " (new)") << "; replay drops +" << v.replay_drops << ", ICV drops +"
        << v.icv_drops << ": " << (v.same() ? "SAs unchanged" : "SAs renegotiated or dropping") << "\n";
  }
  out << "\ntotal: " << sum.sent << " echoes sent = " << sum.replied << " replied + " << sum.lost << " lost ("
      << sum.unreachable << " U)";
  if (sum.median_ms) {
    char b[96];
    std::snprintf(b, sizeof b, "; outage median %.1f ms, max %.1f ms", *sum.median_ms, *sum.max_ms);
    out << b;
  }
  if (sum.not_recovered) out << "; " << sum.not_recovered << " not recovered";
  out << "\n";
  if (!o.plot.empty() && status == kLabOk) out << "plot: " << o.plot << "\n";
  return status;
}

}  // namespace havpnc::lab
