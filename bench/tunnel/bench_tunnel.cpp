// bench_tunnel: one TCP stream for N seconds through a running `havpnc lab` (root), the
// receiver and the sender each in a lab namespace (setns), then the same on the outer path
// without the tunnel. Prints Mbit/s, the ratio to strongSwan<->strongSwan (kernel-libipsec,
// 383 Mbit/s measured on this machine, issue 5) and to plain forwarding measured in this run.
//
//   bench_tunnel --prefix hvlab- [--seconds 5] [--runs 3]
//   (the machine is shared: the tunnel figure is the median of --runs streams, all printed)
//   tunnel: host-R10-R11 (6.6.146.4) -> R2 6.6.2.2   (ESP: R10/R11 <-> R2, whichever R2 runs)
//   plain:  R2 (6.6.25.2) -> R10 6.6.156.10           (the transit path the ESP crosses)
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "bench/tunnel/tcp_stream.h"

namespace {

constexpr double kStrongswanMbps = 383.0;

}  // namespace

using havpnc::bench::median;
using havpnc::bench::stream;


int main(int argc, char** argv) {
  std::string prefix;
  int seconds = 5;
  int runs = 3;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--prefix") == 0) prefix = argv[i + 1];
    if (std::strcmp(argv[i], "--seconds") == 0) seconds = std::max(1, std::atoi(argv[i + 1]));
    if (std::strcmp(argv[i], "--runs") == 0) runs = std::max(1, std::atoi(argv[i + 1]));
  }
  if (prefix.empty() || ::geteuid() != 0) {
    std::fprintf(stderr, "usage (root, a running lab): bench_tunnel --prefix PREFIX [--seconds N]\n");
    return 2;
  }
  std::vector<double> tunnels;
  std::vector<double> cpu_per_gbit;
  for (int r = 0; r < runs; ++r) {
    const double cpu0 = havpnc::bench::router_cpu_seconds(prefix);
    const double t = stream(prefix + "R2", "6.6.2.2", prefix + "host-R10-R11", seconds);
    const double cpu = havpnc::bench::router_cpu_seconds(prefix) - cpu0;
    if (t < 0) break;
    const double gbit = t * seconds / 1000;
    std::printf("tunnel run %d: %.1f Mbit/s, routers' CPU %.2f s = %.2f CPU-s per Gbit\n", r + 1, t, cpu,
                cpu / gbit);
    tunnels.push_back(t);
    cpu_per_gbit.push_back(cpu / gbit);
  }
  const double tunnel = static_cast<int>(tunnels.size()) == runs ? median(tunnels) : -1;
  const double plain = stream(prefix + "R10", "6.6.156.10", prefix + "R2", seconds);
  if (tunnel < 0 || plain < 0) {
    std::fprintf(stderr, "bench_tunnel: a stream did not run (tunnel %.1f, plain %.1f)\n", tunnel, plain);
    return 1;
  }
  std::printf("tunnel  host-R10-R11 -> R2 6.6.2.2 : %8.1f Mbit/s (median of %d TCP streams, %d s each)\n", tunnel, runs, seconds);
  std::printf("routers' CPU per Gbit through the tunnel: %.2f CPU-seconds (median; R2+R10+R11)\n",
              median(cpu_per_gbit));
  std::printf("plain   R2 -> R10 6.6.156.10       : %8.1f Mbit/s (same path, no tunnel)\n", plain);
  std::printf("ratio to strongSwan<->strongSwan %.0f Mbit/s: %.2f\n", kStrongswanMbps, tunnel / kStrongswanMbps);
  std::printf("ratio to plain forwarding: %.3f\n", tunnel / plain);
  return 0;
}
