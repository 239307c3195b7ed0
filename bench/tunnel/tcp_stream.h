#pragma once
// One TCP stream between two lab namespaces (root): a receiver and a sender, each a forked
// child that setns()es into its namespace, for bench_tunnel and bench_sso_overhead.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace havpnc::bench {

constexpr std::uint16_t kPort = 5299;

inline bool enter_netns(const std::string& name) {
  const int fd = ::open(("/run/netns/" + name).c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool ok = ::setns(fd, CLONE_NEWNET) == 0;
  ::close(fd);
  return ok;
}

inline sockaddr_in address(const char* ip) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(kPort);
  ::inet_pton(AF_INET, ip, &a.sin_addr);
  return a;
}

// Child: accept one connection, count bytes until EOF, write "bytes seconds" to `out`.
[[noreturn]] inline void receiver(const std::string& ns, const char* ip, int out) {
  if (!enter_netns(ns)) _exit(2);
  const int s = ::socket(AF_INET, SOCK_STREAM, 0);
  const int one = 1;
  ::setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in a = address(ip);
  if (::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(s, 1) != 0) _exit(3);
  const int c = ::accept(s, nullptr, nullptr);
  if (c < 0) _exit(4);
  std::vector<char> buf(1 << 16);
  unsigned long long total = 0;
  auto first = std::chrono::steady_clock::time_point{};
  for (;;) {
    const ssize_t n = ::read(c, buf.data(), buf.size());
    if (n <= 0) break;
    if (total == 0) first = std::chrono::steady_clock::now();
    total += static_cast<unsigned long long>(n);
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - first).count();
  const std::string line = std::to_string(total) + " " + std::to_string(secs) + "\n";
  if (::write(out, line.data(), line.size()) < 0) _exit(5);
  _exit(0);
}

[[noreturn]] inline void sender(const std::string& ns, const char* ip, int seconds) {
  if (!enter_netns(ns)) _exit(2);
  const int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a = address(ip);
  for (int attempt = 0; ::connect(s, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0; ++attempt) {
    if (attempt > 50) _exit(3);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  std::vector<char> buf(1 << 16, 'x');
  const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < end)
    if (::write(s, buf.data(), buf.size()) < 0) _exit(4);
  ::close(s);
  _exit(0);
}

// Mbit/s of one stream, or a negative value when it did not run.
inline double stream(const std::string& rx_ns, const char* rx_ip, const std::string& tx_ns, int seconds) {
  int p[2];
  if (::pipe(p) != 0) return -1;
  const pid_t rx = ::fork();
  if (rx == 0) receiver(rx_ns, rx_ip, p[1]);
  ::close(p[1]);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const pid_t tx = ::fork();
  if (tx == 0) sender(tx_ns, rx_ip, seconds);
  int st = 0;
  ::waitpid(tx, &st, 0);
  const bool sent = WIFEXITED(st) && WEXITSTATUS(st) == 0;
  if (!sent) ::kill(rx, SIGKILL);
  char line[128] = {};
  const ssize_t n = ::read(p[0], line, sizeof line - 1);
  ::close(p[0]);
  ::waitpid(rx, &st, 0);
  if (!sent || n <= 0) return -1;
  unsigned long long bytes = 0;
  double secs = 0;
  if (std::sscanf(line, "%llu %lf", &bytes, &secs) != 2 || secs <= 0) return -1;
  return static_cast<double>(bytes) * 8 / secs / 1e6;
}

// CPU seconds (user + system) the lab's havpnc routers have used so far, from the pid files
// `havpnc lab up` writes (/run/havpnc/lab/PREFIX/NODE.pid: "pid starttime"). The load on
// this shared machine changes the Mbit/s a stream reaches; the CPU the routers spend per
// Gbit carried barely moves with it, so the benchmarks print both.
inline double router_cpu_seconds(const std::string& prefix,
                                 const std::vector<std::string>& nodes = {"R2", "R10", "R11"}) {
  double total = 0;
  for (const std::string& node : nodes) {
    std::ifstream pidfile("/run/havpnc/lab/" + prefix + "/" + node + ".pid");
    long pid = 0;
    if (!(pidfile >> pid) || pid <= 0) continue;
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!std::getline(stat, line)) continue;
    const auto close = line.rfind(')');  // comm may hold spaces; fields follow the last ')'
    if (close == std::string::npos) continue;
    std::istringstream rest(line.substr(close + 2));
    std::string field;
    unsigned long long utime = 0, stime = 0;
    for (int i = 3; i <= 15 && rest >> field; ++i) {
      if (i == 14) utime = std::strtoull(field.c_str(), nullptr, 10);
      if (i == 15) stime = std::strtoull(field.c_str(), nullptr, 10);
    }
    total += static_cast<double>(utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK));
  }
  return total;
}

// Median of a non-empty set of figures (the mean of the middle two for an even count).
inline double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

}  // namespace havpnc::bench
