// bench_lint: how fast `havpnc lint` gets through a large config repository.
//
// Generates N device configs (HA pairs + their remote peers, ~200 KB each: see
// config_generator.h) into a directory, then lints them in a child process — the same engine
// and rule catalog as `havpnc lint DIR` — and prints devices/s, MB/s, peak RSS and how time
// grows with N. Each N runs in its own process so peak RSS belongs to that N alone.
//
//   bench_lint                 N = 100 and 1000
//   bench_lint --big           also N = 10000 (about 2 GB of configs on disk)
//   bench_lint --n 500         one size
//   options: --size BYTES (200000), --jobs J (0 = every core), --dir DIR, --keep
#include <malloc.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <algorithm>
#include <thread>
#include <string>
#include <vector>

#include "config_generator.h"
#include "lint/engine.h"

namespace fs = std::filesystem;

namespace {

constexpr double kTargetSeconds = 15.0;  // for 1,000 devices

struct Args {
  std::vector<std::size_t> sizes = {100, 1000};
  std::size_t bytes = 200000;
  unsigned jobs = 0;
  std::string dir = (fs::temp_directory_path() / "havpnc_bench_lint").string();
  bool keep = false;
  bool child = false;
};

struct Result {
  std::size_t n = 0;
  double seconds = 0, parse_seconds = 0, rule_seconds = 0;
  double cpu_seconds = 0;  // user + system of the linting child: what the code costs, whatever the load
  double megabytes = 0;
  long rss_kb = 0;
  std::size_t findings = 0, pairs = 0, tunnels = 0;
};

void generate(const fs::path& dir, std::size_t n, std::size_t bytes) {
  fs::remove_all(dir);
  fs::create_directories(dir);
  for (std::size_t i = 0; i < n; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "r%06zu.cfg", i);
    std::ofstream(dir / name, std::ios::binary) << havpnc::bench::generate_device(i, bytes);
  }
}

int run_child(const Args& a, std::size_t n) {
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(fs::path(a.dir) / std::to_string(n))) files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  // As `havpnc lint` runs: without glibc's fastbins (why: cli/lint_command.cpp).
  ::mallopt(M_MXFAST, 0);
  havpnc::lint::Engine engine(havpnc::lint::all_rules());
  havpnc::lint::EngineOptions options;
  options.jobs = a.jobs;
  auto t0 = std::chrono::steady_clock::now();
  auto report = engine.run(files, options);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  struct rusage ru {};
  ::getrusage(RUSAGE_SELF, &ru);
  std::map<std::string, std::size_t> by_rule;
  for (const auto& f : report.findings) ++by_rule[f.finding.rule];
  std::string rules;
  for (const auto& [rule, count] : by_rule) rules += " " + rule + "=" + std::to_string(count);
  std::printf("RULES%s\n", rules.c_str());
  const double cpu = static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
                     static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
  std::printf("RESULT %zu %.6f %.6f %.6f %.6f %ld %zu %zu %zu %.6f\n", report.files, seconds, report.parse_seconds,
              report.rule_seconds, static_cast<double>(report.bytes) / 1e6, ru.ru_maxrss, report.findings.size(),
              report.network->ha_pairs().size(), report.network->tunnel_peers().size(), cpu);
  return report.unreadable ? 2 : 0;
}

bool run_parent(const Args& a, std::size_t n, Result& out) {
  std::string cmd = "/proc/self/exe --child --n " + std::to_string(n) + " --jobs " + std::to_string(a.jobs) + " --dir '" +
                    a.dir + "'";
  // popen runs through /bin/sh, where /proc/self/exe would be the shell: resolve it first.
  cmd.replace(0, std::strlen("/proc/self/exe"), fs::read_symlink("/proc/self/exe").string());
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) return false;
  char line[512];
  bool ok = false;
  while (std::fgets(line, sizeof line, p) != nullptr) {
    if (std::sscanf(line, "RESULT %zu %lf %lf %lf %lf %ld %zu %zu %zu %lf", &out.n, &out.seconds, &out.parse_seconds,
                    &out.rule_seconds, &out.megabytes, &out.rss_kb, &out.findings, &out.pairs, &out.tunnels,
                    &out.cpu_seconds) == 10) {
      ok = true;
    }
  }
  return ::pclose(p) == 0 && ok;
}

}  // namespace

int main(int argc, char** argv) {
  Args a;
  std::size_t one = 0;
  for (int i = 1; i < argc; ++i) {
    std::string s = argv[i];
    auto value = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (s == "--big") {
      a.sizes.push_back(10000);
    } else if (s == "--n") {
      one = std::stoul(value());
    } else if (s == "--size") {
      a.bytes = std::stoul(value());
    } else if (s == "--jobs") {
      a.jobs = static_cast<unsigned>(std::stoul(value()));
    } else if (s == "--dir") {
      a.dir = value();
    } else if (s == "--keep") {
      a.keep = true;
    } else if (s == "--child") {
      a.child = true;
    } else {
      std::cerr << "usage: bench_lint [--big] [--n N] [--size BYTES] [--jobs J] [--dir DIR] [--keep]\n";
      return 2;
    }
  }
  if (one != 0) a.sizes = {one};
  if (a.child) return run_child(a, one);

  double load[3] = {0, 0, 0};
  const int loads = ::getloadavg(load, 3);
  std::printf("bench_lint: %zu-byte configs, jobs=%u (0 = all %u cores), all rules; load average %.2f %.2f %.2f\n",
              a.bytes, a.jobs, std::thread::hardware_concurrency(), loads > 0 ? load[0] : -1.0, load[1], load[2]);
  std::printf("target (issue 3): 1,000 devices of ~200 KB in <= %.0f s wall on 2 cores; time growing no worse than N log N\n",
              kTargetSeconds);
  std::printf("%8s %9s %9s %9s %9s %10s %9s %10s %9s %8s %8s\n", "devices", "MB", "wall s", "CPU s", "parse s",
              "rules s", "devices/s", "MB/s", "peak MB", "pairs", "findings");
  std::vector<Result> results;
  for (std::size_t n : a.sizes) {
    fs::path dir = fs::path(a.dir) / std::to_string(n);
    generate(dir, n, a.bytes);
    Result r;
    if (!run_parent(a, n, r)) {
      std::fprintf(stderr, "bench_lint: run for N=%zu failed\n", n);
      return 1;
    }
    std::printf("%8zu %9.1f %9.2f %9.2f %9.2f %10.2f %9.1f %10.1f %9.1f %8zu %8zu\n", r.n, r.megabytes, r.seconds,
                r.cpu_seconds, r.parse_seconds, r.rule_seconds, r.n / r.seconds, r.megabytes / r.seconds,
                r.rss_kb / 1024.0, r.pairs, r.findings);
    // The target scaled to this N (1,000 devices in 15 s), wall and CPU/2 (2 cores, no neighbours).
    const double target = kTargetSeconds * static_cast<double>(r.n) / 1000.0;
    std::printf("         vs target: wall %.2fx of %.1f s, CPU/2 %.2fx (<= 1.00 meets it); %.1f KB peak RSS per device\n",
                r.seconds / target, target, r.cpu_seconds / 2.0 / target, r.rss_kb / static_cast<double>(r.n));
    std::fflush(stdout);
    results.push_back(r);
    if (!a.keep) fs::remove_all(dir);
  }
  for (std::size_t i = 1; i < results.size(); ++i) {
    const Result& x = results[i - 1];
    const Result& y = results[i];
    double growth = y.seconds / x.seconds;
    double linear = static_cast<double>(y.n) / x.n;
    double nlogn = linear * std::log(static_cast<double>(y.n)) / std::log(static_cast<double>(x.n));
    std::printf("growth N=%zu -> %zu: time(N)/time(N/%.0f) wall x%.2f, CPU x%.2f (linear x%.1f, N log N x%.1f), rules time "
                "x%.2f, peak RSS x%.2f\n",
                x.n, y.n, linear, growth, y.cpu_seconds / x.cpu_seconds, linear, nlogn, y.rule_seconds / x.rule_seconds,
                static_cast<double>(y.rss_kb) / x.rss_kb);
  }
  return 0;
}
