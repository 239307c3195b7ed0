// bench_tunnel: TCP through the seed lab's tunnel (root), for each of three set-ups of the
// same lab in one run: havpnc<->havpnc, havpnc<->strongSwan (R2 charon) and
// strongSwan<->strongSwan (R2 and R10 charon, kernel-libipsec), one after another under one
// prefix, so the namespaces, veths and bridge the ESP crosses are the same. Issue 5's target
// is the ratio havpnc<->havpnc / strongSwan<->strongSwan within one run: on this shared
// machine the load moves every Mbit/s figure, the ratio much less.
//
//   bench_tunnel --havpnc build/X/cli/havpnc --prefix h2b- [--dir samples/seed] [--seconds 4] [--runs 3]
//                [--rounds 1]
//     brings each set-up up with `havpnc lab up`, measures it, takes it down; --rounds R does
//     the three R times in turn and reports medians over all of a set-up's streams
//   bench_tunnel --prefix P [--seconds N] [--runs K]
//     measures one running lab (`havpnc lab up ...` first, its tunnel up)
//
//   tunnel: host-R10-R11 (6.6.146.4) -> R2 6.6.2.2   (ESP: R10/R11 <-> R2)
//   plain:  R2 (6.6.25.2) -> R10 6.6.156.10           (the transit path the ESP crosses)
// Each stream is iperf3 when /usr/bin/iperf3 exists, else the built-in sender (tcp_stream.h).
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "bench/tunnel/iperf3_stream.h"
#include "bench/tunnel/lab_driver.h"
#include "bench/tunnel/tcp_stream.h"

namespace {

using havpnc::bench::median;

struct Figures {
  std::vector<double> tunnels;  // Mbit/s, each stream
  std::vector<double> cpu_per_gbit;
  std::vector<double> plains;
  double tunnel() const { return median(tunnels); }
  double cpu() const { return median(cpu_per_gbit); }
  double plain() const { return median(plains); }
  void add(const Figures& f) {
    tunnels.insert(tunnels.end(), f.tunnels.begin(), f.tunnels.end());
    cpu_per_gbit.insert(cpu_per_gbit.end(), f.cpu_per_gbit.begin(), f.cpu_per_gbit.end());
    plains.insert(plains.end(), f.plains.begin(), f.plains.end());
  }
};

double one_stream(bool iperf3, const std::string& rx_ns, const char* rx_ip, const std::string& tx_ns, int seconds) {
  return iperf3 ? havpnc::bench::iperf3_stream(rx_ns, rx_ip, tx_ns, seconds)
                : havpnc::bench::stream(rx_ns, rx_ip, tx_ns, seconds);
}

std::optional<Figures> measure(const std::string& prefix, bool iperf3, int seconds, int runs) {
  Figures f;
  for (int r = 0; r < runs; ++r) {
    const double cpu0 = havpnc::bench::router_cpu_seconds(prefix);
    const double t = one_stream(iperf3, prefix + "R2", "6.6.2.2", prefix + "host-R10-R11", seconds);
    const double cpu = havpnc::bench::router_cpu_seconds(prefix) - cpu0;
    if (t <= 0) {
      std::fprintf(stderr, "bench_tunnel: tunnel stream %d did not run\n", r + 1);
      return std::nullopt;
    }
    const double gbit = t * seconds / 1000;
    std::printf("  tunnel run %d: %.1f Mbit/s, routers' CPU %.2f s = %.2f CPU-s per Gbit\n", r + 1, t, cpu, cpu / gbit);
    std::fflush(stdout);
    f.tunnels.push_back(t);
    f.cpu_per_gbit.push_back(cpu / gbit);
  }
  const double plain = one_stream(iperf3, prefix + "R10", "6.6.156.10", prefix + "R2", seconds);
  if (plain <= 0) {
    std::fprintf(stderr, "bench_tunnel: the plain stream did not run\n");
    return std::nullopt;
  }
  f.plains.push_back(plain);
  std::printf("  tunnel median %.1f Mbit/s, routers' CPU %.2f CPU-s per Gbit, plain %.1f Mbit/s\n", f.tunnel(),
              f.cpu(), f.plain());
  std::fflush(stdout);
  return f;
}

}  // namespace

int main(int argc, char** argv) {
  std::string prefix;
  std::string havpnc;
  std::string dir = "samples/seed";
  int seconds = 4;
  int runs = 3;
  int rounds = 1;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--prefix") == 0) prefix = argv[i + 1];
    if (std::strcmp(argv[i], "--havpnc") == 0) havpnc = argv[i + 1];
    if (std::strcmp(argv[i], "--dir") == 0) dir = argv[i + 1];
    if (std::strcmp(argv[i], "--seconds") == 0) seconds = std::max(1, std::atoi(argv[i + 1]));
    if (std::strcmp(argv[i], "--runs") == 0) runs = std::max(1, std::atoi(argv[i + 1]));
    if (std::strcmp(argv[i], "--rounds") == 0) rounds = std::max(1, std::atoi(argv[i + 1]));
  }
  if (prefix.empty() || ::geteuid() != 0) {
    std::fprintf(stderr,
                 "usage (root): bench_tunnel --havpnc PATH --prefix PREFIX [--dir samples/seed] [--seconds N] [--runs K]\n"
                 "                            [--rounds R]\n"
                 "          or: bench_tunnel --prefix PREFIX [--seconds N] [--runs K]   (a running lab)\n");
    return 2;
  }
  const bool iperf3 = havpnc::bench::iperf3_available();
  std::printf("streams: %s, %d x %d s through the tunnel (median), 1 x %d s plain\n",
              iperf3 ? "iperf3 (/usr/bin/iperf3)" : "built-in sender (tcp_stream.h; iperf3 not installed)", runs,
              seconds, seconds);
  if (havpnc.empty()) {
    const auto f = measure(prefix, iperf3, seconds, runs);
    return f ? 0 : 1;
  }

  const havpnc::bench::LabDriver lab{havpnc, prefix, dir};
  const auto& setups = havpnc::bench::lab_setups();
  std::vector<Figures> figures(setups.size());
  // Rounds interleave the set-ups (A B C A B C ...), so a change of the machine's load over
  // the run does not fall on one set-up only.
  for (int round = 1; round <= rounds; ++round) {
    std::vector<Figures> this_round;
    for (const havpnc::bench::LabSetup& s : setups) {
      std::printf("%s (lab %s, round %d of %d)\n", s.name, prefix.c_str(), round, rounds);
      std::fflush(stdout);
      std::optional<Figures> f;
      if (!lab.up(s))
        std::fprintf(stderr, "bench_tunnel: %s: lab up failed\n", s.name);
      else if (!lab.tunnel_up(s))
        std::fprintf(stderr, "bench_tunnel: %s: no ping through the tunnel\n", s.name);
      else
        f = measure(prefix, iperf3, seconds, runs);
      const bool down = lab.down();
      if (!f || !down) {
        if (!down) std::fprintf(stderr, "bench_tunnel: lab down failed: see `havpnc lab down --prefix %s`\n", prefix.c_str());
        return 1;
      }
      this_round.push_back(*f);
      figures[this_round.size() - 1].add(*f);
    }
    if (rounds > 1)
      std::printf("round %d: havpnc<->havpnc / strongSwan<->strongSwan %.2f\n", round,
                  this_round[0].tunnel() / this_round[2].tunnel());
  }
  const Figures& hh = figures[0];
  const Figures& hs = figures[1];
  const Figures& ss = figures[2];
  std::printf("\n%-26s %12s %16s %12s   (medians of %d streams)\n", "same lab, same run", "tunnel Mbit/s",
              "CPU-s per Gbit", "plain Mbit/s", runs * rounds);
  for (std::size_t i = 0; i < figures.size(); ++i)
    std::printf("%-26s %12.1f %16.2f %12.1f\n", setups[i].name, figures[i].tunnel(), figures[i].cpu(),
                figures[i].plain());
  std::printf("ratio havpnc<->havpnc / strongSwan<->strongSwan: %.2f (target >= 2)\n", hh.tunnel() / ss.tunnel());
  std::printf("ratio havpnc<->strongSwan / strongSwan<->strongSwan: %.2f\n", hs.tunnel() / ss.tunnel());
  // The load of the shared machine moves Mbit/s by tens of percent between streams; the CPU
  // the routers spend per Gbit carried moves much less, so its ratio is printed too.
  std::printf("routers' CPU per Gbit, strongSwan<->strongSwan / havpnc<->havpnc: %.2f\n", ss.cpu() / hh.cpu());
  std::printf("ratio havpnc<->havpnc / plain forwarding: %.3f\n", hh.tunnel() / hh.plain());
  return 0;
}
