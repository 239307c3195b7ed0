// bench_sso_overhead: what replicating SA state to a standby costs the active's data path
// (issue 7: target <= 5%). In a running seed lab (R10/R11 an HSRP pair with `redundancy
// stateful`, R2 the tunnel peer), one TCP stream host-R10-R11 -> R2 6.6.2.2 crosses the
// active's ESP while the standby is STANDBY HOT (every SA replicated, sequence-number
// checkpoints every `replay-interval` packets), then with the standby's process stopped
// (`havpnc lab kill STANDBY --signal TERM`), then with it started again and back to STANDBY
// HOT. Rounds alternate the order (with/without, without/with) so drift on the shared
// machine does not favour one side; the figures are medians over all streams.
//
//   bench_sso_overhead --prefix hvlab- [--havpnc build/default/cli/havpnc] [--seconds 4] [--rounds 3]
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "bench/tunnel/tcp_stream.h"

namespace {

using havpnc::bench::median;
using havpnc::bench::stream;

std::string g_havpnc = "build/default/cli/havpnc";
std::string g_prefix;

// Output of `havpnc lab --prefix P ARGS...` (stderr folded in), or nullopt when it failed.
std::optional<std::string> lab(const std::string& args) {
  const std::string cmd = g_havpnc + " lab --prefix " + g_prefix + " " + args + " 2>&1";
  FILE* f = ::popen(cmd.c_str(), "r");
  if (f == nullptr) return std::nullopt;
  std::string out;
  char buf[512];
  while (std::fgets(buf, sizeof buf, f) != nullptr) out += buf;
  return ::pclose(f) == 0 ? std::optional(out) : std::nullopt;
}

// `show redundancy states` line "my state = 13 -ACTIVE" / "8 -STANDBY HOT".
bool has_state(const std::string& router, const char* state) {
  const auto out = lab("show " + router + " show redundancy states");
  return out && out->find(std::string("my state = ") + state) != std::string::npos;
}

struct Pair {
  std::string active;
  std::string standby;
};

// Waits until one of R10/R11 is ACTIVE and the other STANDBY HOT (bulk sync done).
std::optional<Pair> wait_hot(int seconds) {
  for (int i = 0; i < seconds * 4; ++i) {
    for (const char* a : {"R10", "R11"}) {
      const std::string b = std::string(a) == "R10" ? "R11" : "R10";
      if (has_state(a, "13 -ACTIVE") && has_state(b, "8 -STANDBY HOT")) return Pair{a, b};
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  return std::nullopt;
}

struct Figure {
  double mbps = -1;
  double active_cpu_per_gbit = 0;  // CPU-seconds the active router spent per Gbit carried
};

// The load on the shared machine moves Mbit/s a lot; the active's CPU per Gbit much less,
// and replication work (checkpoints, records to the standby) would show there first.
Figure tunnel_stream(int seconds, const std::string& active) {
  const double cpu0 = havpnc::bench::router_cpu_seconds(g_prefix, {active});
  Figure f;
  f.mbps = stream(g_prefix + "R2", "6.6.2.2", g_prefix + "host-R10-R11", seconds);
  const double cpu = havpnc::bench::router_cpu_seconds(g_prefix, {active}) - cpu0;
  if (f.mbps > 0) f.active_cpu_per_gbit = cpu / (f.mbps * seconds / 1000);
  return f;
}

}  // namespace

int main(int argc, char** argv) {
  int seconds = 4;
  int rounds = 3;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--prefix") == 0) g_prefix = argv[i + 1];
    if (std::strcmp(argv[i], "--havpnc") == 0) g_havpnc = argv[i + 1];
    if (std::strcmp(argv[i], "--seconds") == 0) seconds = std::max(1, std::atoi(argv[i + 1]));
    if (std::strcmp(argv[i], "--rounds") == 0) rounds = std::max(1, std::atoi(argv[i + 1]));
  }
  if (g_prefix.empty() || ::geteuid() != 0) {
    std::fprintf(stderr,
                 "usage (root, a running seed lab): bench_sso_overhead --prefix PREFIX "
                 "[--havpnc PATH] [--seconds N] [--rounds K]\n");
    return 2;
  }
  std::vector<double> with_standby;
  std::vector<double> without;
  std::vector<double> with_cpu;
  std::vector<double> without_cpu;
  for (int r = 0; r < rounds; ++r) {
    const auto pair = wait_hot(60);
    if (!pair) {
      std::fprintf(stderr, "bench_sso_overhead: no ACTIVE + STANDBY HOT pair within 60 s\n");
      return 1;
    }
    auto measure_with = [&] {
      const Figure f = tunnel_stream(seconds, pair->active);
      std::printf("round %d  standby %s STANDBY HOT : %8.1f Mbit/s through %s, %.2f CPU-s/Gbit there\n",
                  r + 1, pair->standby.c_str(), f.mbps, pair->active.c_str(), f.active_cpu_per_gbit);
      with_standby.push_back(f.mbps);
      with_cpu.push_back(f.active_cpu_per_gbit);
      return f.mbps >= 0;
    };
    auto measure_without = [&] {
      if (!lab("kill " + pair->standby + " --signal TERM")) return false;
      std::this_thread::sleep_for(std::chrono::seconds(1));  // the active notices the loss
      const Figure f = tunnel_stream(seconds, pair->active);
      std::printf("round %d  standby stopped         : %8.1f Mbit/s through %s, %.2f CPU-s/Gbit there\n",
                  r + 1, f.mbps, pair->active.c_str(), f.active_cpu_per_gbit);
      without.push_back(f.mbps);
      without_cpu.push_back(f.active_cpu_per_gbit);
      return lab("start " + pair->standby).has_value() && f.mbps >= 0;
    };
    const bool ok = r % 2 == 0 ? measure_with() && measure_without() : measure_without() && measure_with();
    if (!ok) {
      std::fprintf(stderr, "bench_sso_overhead: a stream or a lab command failed in round %d\n", r + 1);
      lab("start " + pair->standby);
      return 1;
    }
    std::fflush(stdout);
  }
  if (!wait_hot(60)) {
    std::fprintf(stderr, "bench_sso_overhead: the standby did not come back STANDBY HOT\n");
    return 1;
  }
  const double w = median(with_standby);
  const double wo = median(without);
  std::printf("with standby    (median of %zu): %8.1f Mbit/s\n", with_standby.size(), w);
  std::printf("without standby (median of %zu): %8.1f Mbit/s\n", without.size(), wo);
  std::printf("cost of the standby: %.1f%% of throughput (target <= 5%%)\n", (wo - w) / wo * 100);
  const double cw = median(with_cpu);
  const double cwo = median(without_cpu);
  std::printf("active's CPU per Gbit: %.2f with, %.2f without standby: %+.1f%%\n", cw, cwo,
              (cw - cwo) / cwo * 100);
  return 0;
}
