// bench_tunnel: one TCP stream for N seconds through a running `havpnc lab` (root), the
// receiver and the sender each in a lab namespace (setns), then the same on the outer path
// without the tunnel. Prints Mbit/s, the ratio to strongSwan<->strongSwan (kernel-libipsec,
// 383 Mbit/s measured on this machine, issue 5) and to plain forwarding measured in this run.
//
//   bench_tunnel --prefix hvlab- [--seconds 5]
//   tunnel: host-R10-R11 (6.6.146.4) -> R2 6.6.2.2   (ESP: R10/R11 <-> R2, whichever R2 runs)
//   plain:  R2 (6.6.25.2) -> R10 6.6.156.10           (the transit path the ESP crosses)
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sched.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace {

constexpr double kStrongswanMbps = 383.0;
constexpr std::uint16_t kPort = 5299;

bool enter_netns(const std::string& name) {
  const int fd = ::open(("/run/netns/" + name).c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool ok = ::setns(fd, CLONE_NEWNET) == 0;
  ::close(fd);
  return ok;
}

sockaddr_in address(const char* ip) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(kPort);
  ::inet_pton(AF_INET, ip, &a.sin_addr);
  return a;
}

// Child: accept one connection, count bytes until EOF, write "bytes seconds" to `out`.
[[noreturn]] void receiver(const std::string& ns, const char* ip, int out) {
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

[[noreturn]] void sender(const std::string& ns, const char* ip, int seconds) {
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
double stream(const std::string& rx_ns, const char* rx_ip, const std::string& tx_ns, int seconds) {
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

}  // namespace

int main(int argc, char** argv) {
  std::string prefix;
  int seconds = 5;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--prefix") == 0) prefix = argv[i + 1];
    if (std::strcmp(argv[i], "--seconds") == 0) seconds = std::max(1, std::atoi(argv[i + 1]));
  }
  if (prefix.empty() || ::geteuid() != 0) {
    std::fprintf(stderr, "usage (root, a running lab): bench_tunnel --prefix PREFIX [--seconds N]\n");
    return 2;
  }
  const double tunnel = stream(prefix + "R2", "6.6.2.2", prefix + "host-R10-R11", seconds);
  const double plain = stream(prefix + "R10", "6.6.156.10", prefix + "R2", seconds);
  if (tunnel < 0 || plain < 0) {
    std::fprintf(stderr, "bench_tunnel: a stream did not run (tunnel %.1f, plain %.1f)\n", tunnel, plain);
    return 1;
  }
  std::printf("tunnel  host-R10-R11 -> R2 6.6.2.2 : %8.1f Mbit/s (one TCP stream, %d s)\n", tunnel, seconds);
  std::printf("plain   R2 -> R10 6.6.156.10       : %8.1f Mbit/s (same path, no tunnel)\n", plain);
  std::printf("ratio to strongSwan<->strongSwan %.0f Mbit/s: %.2f\n", kStrongswanMbps, tunnel / kStrongswanMbps);
  std::printf("ratio to plain forwarding: %.3f\n", tunnel / plain);
  return 0;
}
