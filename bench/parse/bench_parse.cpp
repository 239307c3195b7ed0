// Parse + model speed and memory: MB/s, lines/s and peak RSS per input MB, on (a) the
// real-world corpus, (b) a synthetic config built from the seed samples, (c) the lexer alone
// (generated IosLexer vs hand-written LineLexer) and (d) the lint bench's generated 200 KB
// device configs. (c) and (d) also print CPU seconds: the machine is shared, wall time alone
// says more about the neighbours than about the code.
//   bench_parse [SYNTHETIC_MB]     (default 50)
// Target (issue 2): >= 10 MB/s per core, peak RSS <= 10x the input. For scale: a one-rule
// ANTLR grammar on the Debian 4.9 C++ runtime parsed 2.5 MB/s here.
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "IosLexer.h"
#include "bench/lint/config_generator.h"
#include "compiler/frontend/frontend.h"
#include "grammar/line_lexer.h"
#include "grammar/source_text.h"

namespace fs = std::filesystem;

namespace {

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

long rss_now_kb() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return 0;
}

long peak_rss_kb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

struct Result {
  double seconds = 0;
  std::uint64_t bytes = 0;
  std::uint64_t lines = 0;
};

void report(const char* name, const Result& r, double rss_mb) {
  const double mb = static_cast<double>(r.bytes) / (1024.0 * 1024.0);
  std::printf("%-28s %8.1f MB %9llu lines %7.2f s %7.2f MB/s %10.0f lines/s", name, mb,
              static_cast<unsigned long long>(r.lines), r.seconds, mb / r.seconds,
              static_cast<double>(r.lines) / r.seconds);
  if (rss_mb > 0) std::printf("  peak RSS %.0f MB = %.1fx input", rss_mb, rss_mb / mb);
  std::printf("\n");
}

double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

// Tokens to EOF; returns the token count so the loop is not optimised away.
std::size_t drain(antlr4::TokenSource& lexer) {
  std::size_t n = 0;
  while (lexer.nextToken()->getType() != antlr4::Token::EOF) ++n;
  return n;
}

void lexers_and_generated_devices() {
  std::vector<std::string> devices;
  std::uint64_t bytes = 0;
  for (std::size_t i = 0; i < 30; ++i) {
    devices.push_back(havpnc::bench::generate_device(i, 200000));
    bytes += devices.back().size();
  }
  const double mb = static_cast<double>(bytes) / (1024.0 * 1024.0);
  std::vector<std::u32string> decoded;
  for (const auto& d : devices) decoded.push_back(havpnc::grammar::decode_utf8_lenient(d).text);
  for (int which = 0; which < 2; ++which) {
    const auto wall0 = std::chrono::steady_clock::now();
    const double cpu0 = cpu_seconds();
    std::size_t tokens = 0;
    for (const auto& text : decoded) {
      havpnc::grammar::Utf32Stream input(text, "bench.cfg");
      if (which == 0) {
        havpnc::grammar::IosLexer lexer(&input);
        tokens += drain(lexer);
      } else {
        havpnc::grammar::LineLexer lexer(input);
        tokens += drain(lexer);
      }
    }
    const double cpu = cpu_seconds() - cpu0;
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
    std::printf("lexer %-22s %8.1f MB %9zu tokens %7.2f s wall %7.2f s CPU %7.2f MB/s (CPU)\n",
                which == 0 ? "IosLexer (ANTLR)" : "LineLexer (hand)", mb, tokens, wall, cpu, mb / cpu);
  }
  const auto wall0 = std::chrono::steady_clock::now();
  const double cpu0 = cpu_seconds();
  std::uint64_t lines = 0;
  for (const auto& d : devices) lines += havpnc::frontend::parse_text(d, "bench.cfg", 0).lines.total;
  const double cpu = cpu_seconds() - cpu0;
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
  std::printf("parse_text %-17s %8.1f MB %9llu lines %7.2f s wall %7.2f s CPU %7.2f MB/s (CPU)\n", "30 lint-bench devices",
              mb, static_cast<unsigned long long>(lines), wall, cpu, mb / cpu);
}

}  // namespace

int main(int argc, char** argv) {
  const double synthetic_mb = argc > 1 ? std::stod(argv[1]) : 50.0;
  lexers_and_generated_devices();
  if (synthetic_mb <= 0) return 0;  // `bench_parse 0`: (c) and (d) only

  // (a) the corpus, each file parsed from memory, repeated to measure more than a blip
  const fs::path corpus = fs::path(HAVPNC_SHARED_DIR) / "corpus" / "ios";
  if (fs::is_directory(corpus)) {
    std::vector<std::string> texts;
    for (const auto& e : fs::directory_iterator(corpus)) {
      if (e.path().extension() == ".cfg") texts.push_back(read(e.path()));
    }
    Result r;
    const auto start = std::chrono::steady_clock::now();
    for (int round = 0; round < 20; ++round) {
      for (const auto& t : texts) {
        auto d = havpnc::frontend::parse_text(t, "corpus.cfg", 0);
        r.bytes += t.size();
        r.lines += d.lines.total;
      }
    }
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    report("corpus (57 files x 20)", r, 0);
  } else {
    std::printf("corpus: skipped (../shared not present)\n");
  }

  // (b) one big file built from the samples, parsed from disk like `havpnc parse` does
  std::string sample;
  for (const char* name : {"R2", "R10", "R11"}) {
    sample += read(fs::path(HAVPNC_SOURCE_DIR) / "samples" / "seed" / (std::string(name) + ".cfg"));
  }
  const fs::path big = fs::temp_directory_path() / ("havpnc-bench-parse-" + std::to_string(::getpid()) + ".cfg");
  {
    std::ofstream out(big, std::ios::binary);
    const auto target = static_cast<std::uint64_t>(synthetic_mb * 1024 * 1024);
    for (std::uint64_t written = 0; written < target; written += sample.size()) out << sample;
  }
  const long baseline_kb = rss_now_kb();
  Result r;
  r.bytes = fs::file_size(big);
  havpnc::model::SourceFiles files;
  const auto start = std::chrono::steady_clock::now();
  auto d = havpnc::frontend::parse_file(big.string(), files);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.lines = d.lines.total;
  fs::remove(big);
  const double peak_mb = static_cast<double>(peak_rss_kb() - baseline_kb) / 1024.0;
  char label[64];
  std::snprintf(label, sizeof label, "synthetic %.0f MB (seed x N)", synthetic_mb);
  report(label, r, peak_mb);
  std::printf("target: >= 10 MB/s, peak RSS <= 10x input (peak counted above the process's start)\n");
  return d.status == havpnc::model::ParseStatus::Failed ? 1 : 0;
}
