// bench_failover: the seed's experiment, measured. For each HSRP timer pair, a lab of the seed
// with `standby version 2` and `standby N timers msec H msec D` on every group (v1 carries whole
// seconds only, RFC 2281 §5.1), then `havpnc lab failover --rate 1000 --repeat N --json`:
// echoes lost and outage (last reply before → first reply after) per failover, median/max,
// the ratio to the target, and how many failovers renegotiated R2's SAs.
//
//   sudo bench_failover [--runs 20] [--mode link|crash|kill] [--rate 1000] [--havpnc PATH]
//                       [--timers 100/300,15/50] [--path tunnel|vip]
//
// --path tunnel (default) is the seed's: 6.6.2.2 (R2) -> 6.6.146.4 through the IPsec tunnel.
// --path vip pings the outside VIP 6.6.156.100 from the host behind the pair (6.6.146.4):
// HSRP takeover and the data plane through the pair's inside VIP, no tunnel — for when the
// tunnel cannot be built, and to separate the HSRP share of an outage from the IPsec share.
//
// Everything else in the configs is the seed's (DPD `keepalive 10 3 periodic` included): until
// SSO is wired into `havpnc run`, a failover is recovered by R2's DPD and a new main mode, and
// the figures say so.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "runtime/lab/command.h"
#include "runtime/lab/failover_analysis.h"

namespace {

namespace fs = std::filesystem;
using havpnc::lab::CommandResult;
using havpnc::lab::run_command;

std::string g_havpnc = HAVPNC_BINARY;

[[noreturn]] void die(const std::string& why) {
  std::cerr << "bench_failover: " << why << "\n";
  std::exit(1);
}

void write_configs(const fs::path& dir, int hello_ms, int hold_ms) {
  fs::create_directories(dir);
  const std::regex standby_ip(R"(^ standby (\d+) ip \S+\s*$)");
  for (const char* node : {"R10", "R11", "R2"}) {
    std::ifstream in(std::string(HAVPNC_SOURCE_DIR) + "/samples/seed/" + node + ".cfg");
    if (!in) die(std::string("cannot read samples/seed/") + node + ".cfg");
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    std::ofstream out(dir / (std::string(node) + ".cfg"));
    for (std::size_t i = 0; i < lines.size(); ++i) {
      out << lines[i] << "\n";
      if (lines[i].rfind(" ip address ", 0) == 0 && i + 1 < lines.size() && lines[i + 1].rfind(" standby ", 0) == 0)
        out << " standby version 2\n";
      std::smatch m;
      if (std::regex_match(lines[i], m, standby_ip))
        out << " standby " << m[1] << " timers msec " << hello_ms << " msec " << hold_ms << "\n";
    }
  }
}

struct Timers {
  int hello, hold;
  double target_ms;
};

std::string fmt(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.1f", v);
  return b;
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 20, rate = 1000;
  std::string mode = "link", path = "tunnel";
  std::vector<Timers> timers{{100, 300, 300 + 50}, {15, 50, 100}};
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--runs" && i + 1 < argc) runs = std::max(1, std::atoi(argv[++i]));
    else if (a == "--rate" && i + 1 < argc) rate = std::max(1, std::atoi(argv[++i]));
    else if (a == "--mode" && i + 1 < argc) mode = argv[++i];
    else if (a == "--path" && i + 1 < argc) path = argv[++i];
    else if (a == "--havpnc" && i + 1 < argc) g_havpnc = argv[++i];
    else if (a == "--timers" && i + 1 < argc) {
      timers.clear();
      std::stringstream s(argv[++i]);
      for (std::string t; std::getline(s, t, ',');) {
        int h = 0, d = 0;
        if (std::sscanf(t.c_str(), "%d/%d", &h, &d) != 2 || h <= 0 || d <= h) die("--timers H/D[,H/D]");
        timers.push_back({h, d, h == 15 && d == 50 ? 100.0 : d + 50.0});
      }
    } else {
      die("usage: bench_failover [--runs N] [--rate PPS] [--mode link|crash|kill] [--timers 100/300,15/50] [--havpnc PATH]");
    }
  }
  if (::geteuid() != 0) die("needs root (network namespaces)");
  if (path != "tunnel" && path != "vip") die("--path tunnel|vip");
  const std::vector<std::string> path_args =
      path == "tunnel" ? std::vector<std::string>{}
                       : std::vector<std::string>{"--from", "host-R10-R11", "--source", "6.6.146.4", "--destination", "6.6.156.100"};

  std::printf("anchors: IOS in the seed lost 5 echoes (!!!!.U...!!!: four 2 s timeouts and a U, so ~8 s); keepalived 2.2.7 on this\n"
              "         machine: VRRP advert 1 s -> 3.55 s outage, VRRPv3 advert 0.1 s -> 328 ms; it syncs no IPsec state\n");
  std::printf("targets: outage <= hold + 50 ms (<= 100 ms with 15/50), zero renegotiations\n");
  std::printf("run: %d failovers per timer pair, %d pps, mode %s, path %s\n\n", runs, rate, mode.c_str(),
              path == "tunnel" ? "tunnel (6.6.2.2 -> 6.6.146.4)" : "vip (6.6.146.4 -> 6.6.156.100, no tunnel)");
  int status = 0;
  for (const Timers& t : timers) {
    const std::string tag = "hvfb-" + std::to_string(::getpid()) + "-" + std::to_string(t.hello) + "-";
    const fs::path dir = "/tmp/" + tag + "cfg";
    write_configs(dir, t.hello, t.hold);
    auto lab = [&](std::vector<std::string> args) {
      std::vector<std::string> full{g_havpnc, "lab", args.front(), "--prefix", tag};
      full.insert(full.end(), args.begin() + 1, args.end());
      return run_command(full);
    };
    const CommandResult up = lab({"up", "--dir", dir.string()});
    if (!up.ok()) die(up.describe() + "\n" + up.out);
    const fs::path svg = "/tmp/" + tag + "failover.svg";
    std::vector<std::string> args{"failover", "--rate", std::to_string(rate), "--mode", mode, "--repeat",
                                  std::to_string(runs), "--json", "--plot", svg.string()};
    args.insert(args.end(), path_args.begin(), path_args.end());
    const CommandResult r = lab(args);
    lab({"down"});
    fs::remove_all(dir);
    const auto j = nlohmann::json::parse(r.out, nullptr, false);
    const std::string label = "msec " + std::to_string(t.hello) + " msec " + std::to_string(t.hold);
    if (!j.is_object() || !j.contains("failovers")) {
      std::printf("%s: the experiment failed: %s\n%s\n", label.c_str(), r.describe().c_str(), r.out.c_str());
      status = 1;
      continue;
    }
    std::vector<double> outages, lost;
    int renegotiated = 0, not_recovered = 0, comparable_runs = 0;
    std::printf("%s: failover  failed->took_over  lost  U  outage_ms  R2 SAs\n", label.c_str());
    for (const auto& f : j["failovers"]) {
      const double l = f["echoes"]["lost"].get<double>();
      lost.push_back(l);
      const bool comparable = f["r2_sas"]["comparable"].get<bool>();
      const bool same = f["r2_sas"]["same"].get<bool>();
      renegotiated += comparable && !same ? 1 : 0;
      comparable_runs += comparable ? 1 : 0;
      std::string o = "none";
      if (f["outage_ms"].is_number()) {
        outages.push_back(f["outage_ms"].get<double>());
        o = fmt(outages.back());
      } else {
        ++not_recovered;
      }
      std::printf("  %2d  %s->%s  %6.0f  %3u  %9s  %s\n", f["index"].get<int>(), f["failed"].get<std::string>().c_str(),
                  f["took_over"].is_string() ? f["took_over"].get<std::string>().c_str() : "none", l,
                  f["echoes"]["unreachable"].get<unsigned>(), o.c_str(), !comparable ? "no SAs (not comparable)" : same ? "same" : "renegotiated/changed");
    }
    if (outages.empty()) {
      std::printf("%s: no failover recovered\n", label.c_str());
      status = 1;
      continue;
    }
    const double med = havpnc::lab::median(outages), mx = *std::max_element(outages.begin(), outages.end());
    std::printf("%s, %s, %d pps, n=%zu: lost median %.0f max %.0f echoes; outage median %s ms max %s ms; "
                "target %s ms; median/target %.2f max/target %.2f; R2 SAs renegotiated in %d of %d comparable failovers (of %zu)%s; "
                "median/IOS-seed(~8 s, estimated) %.3f; median/keepalived-VRRPv3(328 ms) %.2f\n\n",
                label.c_str(), mode.c_str(), rate, outages.size(), havpnc::lab::median(lost),
                *std::max_element(lost.begin(), lost.end()), fmt(med).c_str(), fmt(mx).c_str(), fmt(t.target_ms).c_str(),
                med / t.target_ms, mx / t.target_ms, renegotiated, comparable_runs, j["failovers"].size(),
                not_recovered ? (", " + std::to_string(not_recovered) + " not recovered").c_str() : "",
                med / 8000.0, med / 328.0);
    std::printf("plot: %s\n\n", svg.c_str());
  }
  return status;
}
