#pragma once
// The experiment's pinger: ICMP echo requests from a source address inside a lab namespace at
// a fixed rate, each one remembered (send instant, reply instant, or an ICMP unreachable that
// names it), so a failover's losses are counted echo by echo — not parsed from `ping`.
// A raw ICMP socket is opened inside the namespace (setns, then back): the socket keeps the
// namespace it was born in, so the threads that use it can stay in ours.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace havpnc::lab {

using EchoClock = std::chrono::steady_clock;

struct EchoRecord {
  EchoClock::time_point sent_at;
  std::optional<EchoClock::time_point> reply_at;
  bool unreachable = false;  // an ICMP destination unreachable quoted this echo (IOS prints `U`)
};

class EchoProbe {
 public:
  // `netns`: the namespace name under /run/netns; `source`/`destination`: dotted quads.
  EchoProbe(std::string netns, std::string source, std::string destination, int rate_pps);
  ~EchoProbe();
  EchoProbe(const EchoProbe&) = delete;
  EchoProbe& operator=(const EchoProbe&) = delete;

  std::string open();  // error or ""
  void start();
  void stop();  // stops sending; keeps receiving for `grace`, then returns
  void stop_after_grace(std::chrono::milliseconds grace);

  std::vector<EchoRecord> records() const;
  // Index of the first echo sent at or after `t` (records().size() when none yet).
  std::size_t first_sent_at_or_after(EchoClock::time_point t) const;
  // How many of the most recent `n` echoes older than `older_than` were answered.
  std::size_t answered_of_last(std::size_t n, std::chrono::milliseconds older_than) const;
  std::uint64_t malformed() const { return malformed_.load(); }

 private:
  void send_loop();
  void receive_loop();
  void on_packet(const std::uint8_t* data, std::size_t size, EchoClock::time_point at);

  std::string netns_, source_, destination_;
  int rate_pps_;
  int fd_ = -1;
  std::uint16_t identifier_;
  std::uint64_t token_;  // in every payload: replies to another run's echoes are not ours
  std::atomic<bool> sending_{false}, receiving_{false};
  std::atomic<std::uint64_t> malformed_{0};
  std::thread sender_, receiver_;
  mutable std::mutex mutex_;
  std::vector<EchoRecord> records_;
};

}  // namespace havpnc::lab
