#pragma once
// One TCP stream measured by iperf3 (Debian's package, as issue 5 asks), server and client
// each started with `ip netns exec` in their lab namespace. The figure is iperf3's own: the
// receiver's bits per second over the test (`-J`, end.sum_received). When iperf3 is not
// installed the benchmarks fall back to the built-in sender (tcp_stream.h) and say so.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "bench/tunnel/tcp_stream.h"

namespace havpnc::bench {

inline constexpr const char* kIperf3 = "/usr/bin/iperf3";

inline bool iperf3_available() { return ::access(kIperf3, X_OK) == 0; }

// Forks `argv` with stdout into `out_fd` (or /dev/null when negative), stderr kept unless
// `drop_stderr`.
inline pid_t spawn(const std::vector<std::string>& argv, int out_fd, bool drop_stderr = false) {
  const pid_t pid = ::fork();
  if (pid != 0) return pid;
  const int null_fd = ::open("/dev/null", O_WRONLY);
  ::dup2(out_fd < 0 ? null_fd : out_fd, 1);
  if (drop_stderr) ::dup2(null_fd, 2);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  ::execvp(args[0], args.data());
  _exit(127);
}

inline std::string read_all(int fd) {
  std::string s;
  char buf[4096];
  for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;) s.append(buf, static_cast<std::size_t>(n));
  return s;
}

// Mbit/s of one iperf3 stream, or a negative value when it did not run.
inline double iperf3_stream(const std::string& rx_ns, const char* rx_ip, const std::string& tx_ns, int seconds) {
  const std::string port = std::to_string(kPort);
  // -1: the server serves this one test and exits.
  const pid_t server = spawn({"ip", "netns", "exec", rx_ns, kIperf3, "-s", "-1", "-B", rx_ip, "-p", port}, -1);
  if (server < 0) return -1;
  double mbps = -1;
  for (int attempt = 0; attempt < 20 && mbps < 0; ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));  // until the server listens
    int p[2];
    if (::pipe(p) != 0) break;
    const pid_t client = spawn({"ip", "netns", "exec", tx_ns, kIperf3, "-c", rx_ip, "-p", port, "-t",
                                std::to_string(seconds), "-J"},
                               p[1]);
    ::close(p[1]);
    const std::string out = read_all(p[0]);
    ::close(p[0]);
    int st = 0;
    ::waitpid(client, &st, 0);
    const auto j = nlohmann::json::parse(out, nullptr, false);
    if (j.is_object() && j.contains("end") && j["end"].contains("sum_received") &&
        j["end"]["sum_received"].contains("bits_per_second") && j["end"]["sum_received"]["bits_per_second"].is_number())
      mbps = j["end"]["sum_received"]["bits_per_second"].get<double>() / 1e6;
  }
  if (mbps < 0) ::kill(server, SIGKILL);  // `ip netns exec` execs iperf3: this pid is the server
  ::waitpid(server, nullptr, 0);
  return mbps;
}

}  // namespace havpnc::bench
