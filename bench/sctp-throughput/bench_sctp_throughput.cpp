// bench_sctp_throughput: messages/s and MB/s of the SSO association over usrsctp on loopback
// (RFC 6951 UDP encapsulation, two processes like two routers, one association), per message
// size, plus the round trip of a small update. Prints figures; not a test.
// Also usrsctp's retransmission counters per phase and, for every T3-rtx expiry, the time since
// the previous one and the SACKs received in the 300 ms before it: many SACKs before an
// expiry mean the timer was not restarted as data got acknowledged (flight_breaks.h).
//   bench_sctp_throughput              all phases
//   bench_sctp_throughput SIZE COUNT   one phase
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <algorithm>
#include <boost/asio/steady_timer.hpp>
#include <random>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "runtime/sctp/usrsctp_association.h"
#include <usrsctp.h>

using namespace havpnc;
using namespace havpnc::sctp;
using Clock = std::chrono::steady_clock;

namespace {

std::uint16_t free_udp_port() {
  const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t length = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &length);
  ::close(fd);
  return ntohs(a.sin_port);
}

Parameters loopback(std::uint16_t local, std::uint16_t remote) {
  Parameters p;
  p.local_addresses = {*plan::Ipv4::parse("127.0.0.1")};
  p.remote_addresses = p.local_addresses;
  p.local_port = local;
  p.remote_port = remote;
  return p;  // the seed's timers: retransmit-timeout 300 10000, 5/5
}

// Control records on the update stream: {kind, value}.
enum : std::uint32_t { kEnd = 1, kAck = 2, kPing = 3, kPong = 4, kDuplicates = 5 };
std::vector<std::uint8_t> control(std::uint32_t kind, std::uint64_t value) {
  std::vector<std::uint8_t> m(12);
  std::memcpy(m.data(), &kind, 4);
  std::memcpy(m.data() + 4, &value, 8);
  return m;
}
bool parse(std::span<const std::uint8_t> m, std::uint32_t& kind, std::uint64_t& value) {
  if (m.size() != 12) return false;
  std::memcpy(&kind, m.data(), 4);
  std::memcpy(&value, m.data() + 4, 8);
  return true;
}

// The receiving router: counts bulk, acknowledges a phase once all its bulk has arrived
// (the END marker travels on the update stream and may overtake the bulk it closes).
struct Receiver : AssociationHandler {
  Association* association = nullptr;
  std::uint64_t bulk = 0, target = 0;
  bool waiting = false;
  void on_up(const UpEvent&) override {}
  void on_down(const DownEvent&) override { std::_Exit(0); }
  void on_message(Stream s, std::span<const std::uint8_t> m) override {
    if (s == Stream::Bulk) {
      ++bulk;
    } else {
      std::uint32_t kind;
      std::uint64_t value;
      if (!parse(m, kind, value)) return;
      if (kind == kPing) association->send(Stream::Update, control(kPong, value));
      if (kind == kEnd) {
        target = value;
        waiting = true;
      }
    }
    if (waiting && bulk >= target) {
      waiting = false;
      // Duplicate DATA at the receiver is the proof of a retransmission that was not needed.
      sctpstat st{};
      usrsctp_get_stat(&st);
      association->send(Stream::Update, control(kDuplicates, st.sctps_recvdupdata));
      association->send(Stream::Update, control(kAck, bulk));
    }
  }
};

struct Sender : AssociationHandler {
  Association* association = nullptr;
  bool up = false, acked = false;
  std::uint64_t pongs = 0, peer_duplicates = 0;
  std::size_t size = 0;
  std::uint64_t to_send = 0, sent = 0, total = 0;
  std::vector<std::uint8_t> payload;
  void on_up(const UpEvent&) override { up = true; }
  void on_down(const DownEvent& e) override {
    if (e.reason == DownReason::Stopped) return;
    std::fprintf(stderr, "association down: %s\n", std::string(to_string(e.reason)).c_str());
    std::exit(1);
  }
  void on_message(Stream, std::span<const std::uint8_t> m) override {
    std::uint32_t kind;
    std::uint64_t value;
    if (!parse(m, kind, value)) return;
    if (kind == kAck) acked = true;
    if (kind == kDuplicates) peer_duplicates = value;
    if (kind == kPong) ++pongs;
  }
  void on_drained() override { feed(); }
  void feed() {
    // Keep a few MB queued: enough to never starve the stack, little enough to stay honest.
    while (sent < to_send && association->queued().bytes() < 4u * 1024 * 1024) {
      if (association->send(Stream::Bulk, payload) != SendResult::Queued) return;
      ++sent;
      ++total;
    }
    if (sent == to_send && to_send != 0) {
      to_send = 0;
      association->send(Stream::Update, control(kEnd, total));
    }
  }
};

// Samples the stack's counters every 2 ms: when a T3-rtx expiry shows up, how long since the
// previous one, and how many SACKs arrived in the RTO.min before it (if SACKs kept arriving,
// the data was being acknowledged and the expiry was spurious).
struct T3Watch {
  explicit T3Watch(boost::asio::io_context& io) : timer(io) {}
  boost::asio::steady_timer timer;
  struct Sample { Clock::time_point at; std::uint32_t sacks, t3; };
  std::deque<Sample> window;
  std::vector<double> intervals_ms;
  std::vector<std::uint32_t> sacks_before;
  Clock::time_point last_t3{};
  void arm() {
    timer.expires_after(std::chrono::milliseconds{2});
    timer.async_wait([this](const boost::system::error_code& ec) {
      if (ec) return;
      sctpstat st{};
      usrsctp_get_stat(&st);
      const auto now = Clock::now();
      if (!window.empty() && st.sctps_timodata != window.back().t3) {
        while (!window.empty() && now - window.front().at > std::chrono::milliseconds{300}) window.pop_front();
        sacks_before.push_back(st.sctps_recvsacks - (window.empty() ? st.sctps_recvsacks : window.front().sacks));
        if (last_t3 != Clock::time_point{})
          intervals_ms.push_back(std::chrono::duration<double, std::milli>(now - last_t3).count());
        last_t3 = now;
      }
      window.push_back({now, st.sctps_recvsacks, st.sctps_timodata});
      while (window.size() > 400) window.pop_front();
      arm();
    });
  }
};

void run_until(boost::asio::io_context& io, const std::function<bool()>& done) {
  while (!done()) io.run_one_for(std::chrono::milliseconds{5});
}

}  // namespace

int main(int argc, char** argv) {
  const std::uint16_t a = free_udp_port();
  std::uint16_t b = free_udp_port();
  while (b == a) b = free_udp_port();
  const auto sender_port = std::min(a, b), receiver_port = std::max(a, b);

  // Fork before either side touches usrsctp: one stack per process, like two routers.
  const pid_t child = ::fork();
  if (child < 0) return 1;
  if (child == 0) {
    boost::asio::io_context io;
    Receiver r;
    UsrsctpAssociation assoc(io, loopback(receiver_port, sender_port), r, {}, {}, [] { return 0u; });
    r.association = &assoc;
    if (assoc.start()) std::_Exit(2);
    io.run();
    std::_Exit(0);
  }

  boost::asio::io_context io;
  Sender s;
  std::mt19937 rng(1);
  UsrsctpAssociation assoc(io, loopback(sender_port, receiver_port), s, {}, {}, [&] { return rng(); });
  s.association = &assoc;
  if (auto error = assoc.start()) {
    std::fprintf(stderr, "%s\n", error->c_str());
    return 1;
  }
  run_until(io, [&] { return s.up; });

  std::printf("sctp-throughput: havpnc SSO association over usrsctp 0.9.5, no threads, RFC 6951 UDP\n"
              "encapsulation on 127.0.0.1, sender and receiver in two processes, bulk stream,\n"
              "timers retransmit-timeout 300 10000 (the seed's)\n\n");
  // T3: T3-rtx expiries; marked: DATA chunks marked for retransmission; dup: DATA chunks the
  // receiver got twice (a retransmission that was not needed); breaks: bulk held until all was
  // acked (runtime/sctp/flight_breaks.h); maxgap: the longest the loop left usrsctp's clock.
  std::printf("%10s %10s %10s %14s %10s %6s %7s %6s %7s %9s\n", "size", "messages", "seconds", "messages/s",
              "MB/s", "T3", "marked", "dup", "breaks", "maxgap ms");
  auto stack = UsrsctpStack::acquire(io);
  T3Watch watch(io);
  watch.arm();
  struct Phase {
    std::size_t size;
    std::uint64_t count;
  };
  std::vector<Phase> phases = {{64, 200000}, {512, 200000}, {1024, 150000}, {8192, 40000}, {65536, 5000}};
  // bench_sctp_throughput SIZE COUNT: one phase only.
  if (argc == 3) phases = {{static_cast<std::size_t>(std::atol(argv[1])), static_cast<std::uint64_t>(std::atoll(argv[2]))}};
  for (const auto& phase : phases) {
    s.payload.assign(phase.size, 0x5a);
    s.acked = false;
    s.sent = 0;
    s.to_send = phase.count;
    sctpstat before{};
    usrsctp_get_stat(&before);
    const auto duplicates_before = s.peer_duplicates;
    const auto breaks_before = assoc.counters().flight_breaks;
    const auto t0 = Clock::now();
    s.feed();
    run_until(io, [&] { return s.acked; });
    const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
    sctpstat after{};
    usrsctp_get_stat(&after);
    std::printf("%10zu %10llu %10.3f %14.0f %10.1f %6u %7u %6u %7llu %9.1f\n", phase.size,
                static_cast<unsigned long long>(phase.count), secs, phase.count / secs,
                phase.count * phase.size / secs / 1e6, after.sctps_timodata - before.sctps_timodata,
                after.sctps_markedretrans - before.sctps_markedretrans,
                static_cast<unsigned>(s.peer_duplicates - duplicates_before),
                static_cast<unsigned long long>(assoc.counters().flight_breaks - breaks_before),
                stack->tick_stats().max_gap.count() / 1000.0);
  }

  {
    auto iv = watch.intervals_ms;
    auto sb = watch.sacks_before;
    std::sort(iv.begin(), iv.end());
    std::sort(sb.begin(), sb.end());
    if (!iv.empty())
      std::printf("T3 interval ms: min %.0f median %.0f max %.0f (%zu)\n", iv.front(), iv[iv.size() / 2], iv.back(), iv.size());
    if (!sb.empty())
      std::printf("SACKs in the 300 ms before a T3: min %u median %u max %u\n", sb.front(), sb[sb.size() / 2], sb.back());
  }
  // Round trip of one small update, idle association: what a single SA record costs in latency.
  constexpr int kPings = 5000;
  const auto t0 = Clock::now();
  for (int i = 0; i < kPings; ++i) {
    assoc.send(Stream::Update, control(kPing, i));
    run_until(io, [&] { return s.pongs == static_cast<std::uint64_t>(i + 1); });
  }
  const double us = std::chrono::duration<double, std::micro>(Clock::now() - t0).count() / kPings;
  std::printf("\nupdate round trip (12 B, %d pings): %.1f us\n", kPings, us);
  std::printf("for scale: ENVIRONMENT.md measured ~35 us per round trip with usrsctp's own threads\n"
              "on this machine; ratio %.2f\n", us / 35.0);

  std::printf("UDP sends refused: %llu\n",
              static_cast<unsigned long long>(assoc.counters().datagrams_not_sent));
  assoc.stop();
  ::waitpid(child, nullptr, 0);
  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  return 0;
}
